package dev.costguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.TolerantDecoding;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a custom resource is read: unknown fields ignored, an unreadable spec reported, money exact.
 */
class TolerantDecodingTest {
  private static String policy(String uid, String spec) {
    return """
        {"apiVersion": "costguard.dev/v1alpha1", "kind": "ScalingPolicy",
         "metadata": {"name": "p", "namespace": "ml", "uid": "%s", "resourceVersion": "7"},
         "spec": %s,
         "status": {"observedGeneration": 3}}"""
        .formatted(uid, spec);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a number beyond int32    | {\"targetRef\": {\"kind\": \"Deployment\", \"name\": \"a\"}, \"maxReplicas\": 3000000000} | spec.maxReplicas",
        "a string for a number    | {\"maxReplicas\": \"ten\"}                                                    | spec.maxReplicas",
        "an unknown enum value    | {\"maxReplicas\": 3, \"mode\": \"Turbo\"}                                     | spec.mode",
        "a list for an object     | [1, 2]                                                                      | spec",
        "a deep number too large  | {\"maxReplicas\": 3, \"behavior\": {\"scaleUp\": {\"policies\": [{\"type\": \"Pods\", \"value\": 3000000000, \"periodSeconds\": 60}]}}} | spec.behavior.scaleUp.policies[0].value"
      })
  void anUnreadableSpecComesBackWithoutItAndSaysWhere(String name, String spec, String path) {
    String uid = "uid-" + name.hashCode();
    ScalingPolicy read = Serialization.unmarshal(policy(uid, spec), ScalingPolicy.class);
    assertThat(read.getSpec()).isNull();
    assertThat(read.getMetadata().getName()).isEqualTo("p");
    assertThat(read.getStatus().observedGeneration).as("status is kept").isEqualTo(3L);
    assertThat(TolerantDecoding.problem(read))
        .hasValueSatisfying(p -> assertThat(p).startsWith(path));
    // A copy (java-operator-sdk clones what it reconciles) is known as unreadable too.
    ScalingPolicy copy = Serialization.clone(read);
    assertThat(TolerantDecoding.problem(copy)).isPresent();
  }

  @Test
  void unknownFieldsFromANewerCrdAreIgnored() {
    ScalingPolicy read =
        Serialization.unmarshal(
            policy(
                "uid-unknown",
                "{\"targetRef\": {\"kind\": \"Deployment\", \"name\": \"a\", \"labelSelector\": \"x\"}, \"maxReplicas\": 4, \"enforcement\": \"Strict\"}"),
            ScalingPolicy.class);
    assertThat(read.getSpec().maxReplicas).isEqualTo(4);
    assertThat(TolerantDecoding.problem(read)).isEmpty();
  }

  @Test
  void moneyIsReadExactlyWithItsScale() {
    WorkloadBudget budget =
        Serialization.unmarshal(
            """
        {"apiVersion": "costguard.dev/v1alpha1", "kind": "WorkloadBudget", "metadata": {"name": "b", "uid": "u-b"},
         "spec": {"limit": {"amount": 1234567890.12345678901234567890, "currency": "USD"}},
         "status": {"spent": 0.10}}""",
            WorkloadBudget.class);
    assertThat(budget.getSpec().limit.amount)
        .isEqualTo(new BigDecimal("1234567890.12345678901234567890"));
    assertThat(budget.getStatus().spent).isEqualTo(new BigDecimal("0.10"));
    PriceCatalog catalog =
        Serialization.unmarshal(
            """
        {"apiVersion": "costguard.dev/v1alpha1", "kind": "PriceCatalog", "metadata": {"name": "c", "uid": "u-c"},
         "spec": {"currency": "USD", "onDemand": {"cpuCoreHour": 0.031611, "memoryGiBHour": 1e-7}}}""",
            PriceCatalog.class);
    assertThat(catalog.getSpec().onDemand.cpuCoreHour).isEqualTo(new BigDecimal("0.031611"));
    assertThat(catalog.getSpec().onDemand.memoryGiBHour.compareTo(new BigDecimal("0.0000001")))
        .isZero();
  }
}
