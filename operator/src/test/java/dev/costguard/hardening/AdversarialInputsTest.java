package dev.costguard.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.kube.Conditions;
import dev.costguard.kube.UnreadableObjects;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.testing.CrdSchemaValidator;
import dev.costguard.testing.Kstatus;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adversarial suite: bad custom resources, read from {@code adversarial/resources.yaml}, each
 * with what the generated schema says about it and what the running operator does when the object
 * reaches it anyway (a real API server would refuse most of them; an old object, a bypassed
 * validation or a newer CRD still gets them through). One operator serves every case; half of the
 * unreadable ones are stored before it starts, so start-up with them present is tested too.
 *
 * <p>Outcomes: {@code Unreadable} (skipped: Ready=False and a Warning event {@code InvalidSpec},
 * counted in {@code costguard_invalid_objects_total}), {@code Ready} (read and reconciled; e.g. an
 * unknown field is ignored), or the reason of {@code Ready=False}. In every case no workload is
 * written.
 */
class AdversarialInputsTest {
  static final String NAMESPACE = "adversarial";
  private static final Path FIXTURES = Path.of("src/test/resources/adversarial/resources.yaml");
  private static OperatorHarness harness;

  record Case(
      String name, String kind, JsonNode object, String schema, String outcome, boolean atStart) {
    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  static List<Case> cases() {
    try {
      JsonNode suite = Serialization.unmarshal(Files.readString(FIXTURES), JsonNode.class);
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : suite.get("cases")) {
        String kind = c.get("kind").asText();
        String name = c.get("name").asText();
        ObjectNode object = suite.get("bases").get(kind).deepCopy();
        object.put("apiVersion", CostguardApi.GROUP + "/" + CostguardApi.VERSION);
        object.put("kind", kind);
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name);
        if (kind.equals("ScalingPolicy")) {
          metadata.put("namespace", NAMESPACE);
        }
        c.path("set").fields().forEachRemaining(e -> set(object, e.getKey(), e.getValue()));
        c.path("remove").forEach(path -> remove(object, path.asText()));
        String text = Serialization.asJson(object).replace("${name}", name);
        cases.add(
            new Case(
                name,
                kind,
                Serialization.unmarshal(text, JsonNode.class),
                c.path("schema").asText(null),
                c.get("outcome").asText(),
                c.path("atStart").asBoolean(false)));
      }
      return cases;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Case> allCases() {
    return cases().stream();
  }

  @BeforeAll
  static void storeBadObjectsStartOperatorStoreMore() {
    // 127.0.0.1:1 is on the allow-list (nothing listens there), so that checks after it are
    // reached.
    harness =
        OperatorHarness.withoutOperator(
            OperatorHarness.testConfig().withPrometheusAllowedUrls(List.of("http://127.0.0.1:1")),
            OperatorHarness.DEFAULT_START);
    var client = harness.client();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NAMESPACE)
                .addToLabels("env", "adversarial")
                .endMetadata()
                .build())
        .create();
    List<Case> cases = cases();
    for (Case c : cases) {
      if (!c.kind().equals("ScalingPolicy")) {
        // Each budget and schedule has a namespace of its own, so that they never meet.
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(c.name()).endMetadata().build())
            .create();
      } else {
        client
            .apps()
            .deployments()
            .inNamespace(NAMESPACE)
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName(c.name())
                    .withNamespace(NAMESPACE)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(2)
                    .withNewSelector()
                    .addToMatchLabels("app", c.name())
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .addToLabels("app", c.name())
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("app")
                    .withImage("app")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();
      }
    }
    Serialization.unmarshal(readFixtures(), JsonNode.class)
        .path("objects")
        .forEach(
            o ->
                client
                    .resource(Serialization.unmarshal(Serialization.asJson(o), HasMetadata.class))
                    .create());
    cases.stream().filter(Case::atStart).forEach(AdversarialInputsTest::store);
    harness.startOperator();
    cases.stream().filter(c -> !c.atStart()).forEach(AdversarialInputsTest::store);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @ParameterizedTest(name = "{0}: schema")
  @MethodSource("allCases")
  void theGeneratedSchemaJudgesItAsExpected(Case c) {
    List<String> problems = CrdSchemaValidator.forKind(c.kind()).validate(c.object());
    if (c.schema() == null) {
      assertThat(problems).as("the schema accepts %s", c).isEmpty();
    } else {
      assertThat(problems).as("the schema refuses %s", c).anyMatch(p -> p.contains(c.schema()));
    }
  }

  @ParameterizedTest(name = "{0}: operator")
  @MethodSource("allCases")
  void theRunningOperatorReportsItAndTouchesNothing(Case c) {
    if (c.outcome().equals("Unreadable")) {
      Event event =
          harness.awaitValue(() -> warning(c, UnreadableObjects.REASON), Optional::isPresent).get();
      assertThat(event.getMessage()).startsWith("spec cannot be read");
      harness.awaitValue(
          () -> readyReason(c), r -> r.filter(UnreadableObjects.REASON::equals).isPresent());
      // Flux fails it (Stalled for the observed generation) instead of waiting on it forever.
      @SuppressWarnings("unchecked")
      Map<String, Object> stored = Serialization.jsonMapper().convertValue(read(c), Map.class);
      Kstatus.Result kstatus = Kstatus.compute(stored);
      assertThat(kstatus.status()).as("kstatus of %s", c).isEqualTo(Kstatus.Status.Failed);
      assertThat(kstatus.message()).startsWith("spec cannot be read");
      assertThat(readyConditions(c)).as("one Ready condition on %s", c).isEqualTo(1);
    } else if (c.outcome().equals("Ready")) {
      harness.awaitValue(() -> ready(c), r -> r.filter(Conditions.TRUE::equals).isPresent());
    } else {
      harness.awaitValue(() -> readyReason(c), r -> r.filter(c.outcome()::equals).isPresent());
      assertThat(warning(c, c.outcome())).as("Warning event %s on %s", c.outcome(), c).isPresent();
    }
    assertThat(workloadWrites()).as("writes to workloads").isEmpty();
  }

  @Test
  void everyKindHasUnreadableObjectsCountedInTheMetric() {
    for (String kind :
        List.of("PriceCatalog", "WorkloadBudget", "ScalingPolicy", "ShutdownSchedule")) {
      long expected =
          cases().stream()
              .filter(c -> c.kind().equals(kind) && c.outcome().equals("Unreadable"))
              .count();
      assertThat(expected)
          .as("unreadable %s cases, at start and mid-run", kind)
          .isGreaterThanOrEqualTo(2);
      assertThat(
              cases().stream()
                  .filter(c -> c.kind().equals(kind) && c.outcome().equals("Unreadable"))
                  .map(Case::atStart)
                  .distinct()
                  .count())
          .as("%s unreadable both at start and mid-run", kind)
          .isEqualTo(2);
      String line = "costguard_invalid_objects_total{kind=\"" + kind + "\"}";
      harness.awaitValue(() -> counter(line), n -> n >= expected);
    }
    // Ready=False is written once per version of the spec: the write itself does not loop.
    harness.awaitValue(
        () -> {
          long before = statusPatches();
          try {
            Thread.sleep(2500);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return statusPatches() - before;
        },
        n -> n == 0);
  }

  private static long statusPatches() {
    return harness.requests().stream()
        .filter(ApiRequest::isFromOperator)
        .filter(r -> r.method().equals("PATCH") && r.path().contains("/status"))
        .count();
  }

  @Test
  void objectsCreatedAfterTheBadOnesAreStillReconciled() {
    var client = harness.client();
    assertThat(harness.operator().isLive()).isTrue();
    ObjectNode late =
        (ObjectNode)
            cases().stream()
                .filter(c -> c.name().equals("scalingpolicy-valid-canary"))
                .findFirst()
                .orElseThrow()
                .object()
                .deepCopy();
    ((ObjectNode) late.get("metadata")).put("name", "late-canary");
    ((ObjectNode) late.get("spec").get("targetRef")).put("name", "late-canary");
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("late-canary")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "late")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "late")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("app")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    store(new Case("late-canary", "ScalingPolicy", late, null, "Ready", false));
    harness.awaitValue(
        () -> ready(new Case("late-canary", "ScalingPolicy", late, null, "Ready", false)),
        r -> r.filter(Conditions.TRUE::equals).isPresent());
    assertThat(harness.get("/readyz").statusCode()).isEqualTo(200);
  }

  // --- fixture mechanics ---------------------------------------------------------------------

  private static String readFixtures() {
    try {
      return Files.readString(FIXTURES);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stores the object as it is, as a raw client (or an old object) could: the mock checks nothing.
   */
  static void store(Case c) {
    GenericKubernetesResource raw =
        Serialization.unmarshal(Serialization.asJson(c.object()), GenericKubernetesResource.class);
    var resources = harness.client().genericKubernetesResources(kindContext(c.kind()));
    if (c.kind().equals("ScalingPolicy")) {
      resources.inNamespace(NAMESPACE).resource(raw).create();
    } else {
      resources.resource(raw).create();
    }
  }

  private static GenericKubernetesResource read(Case c) {
    var resources = harness.client().genericKubernetesResources(kindContext(c.kind()));
    return c.kind().equals("ScalingPolicy")
        ? resources.inNamespace(NAMESPACE).withName(c.name()).get()
        : resources.withName(c.name()).get();
  }

  private static ResourceDefinitionContext kindContext(String kind) {
    String plural =
        switch (kind) {
          case "PriceCatalog" -> "pricecatalogs";
          case "WorkloadBudget" -> "workloadbudgets";
          case "ScalingPolicy" -> "scalingpolicies";
          default -> "shutdownschedules";
        };
    return new ResourceDefinitionContext.Builder()
        .withGroup(CostguardApi.GROUP)
        .withVersion(CostguardApi.VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(kind.equals("ScalingPolicy"))
        .build();
  }

  private static Optional<JsonNode> readyCondition(Case c) {
    GenericKubernetesResource stored = read(c);
    if (stored == null
        || !(stored.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return Optional.empty();
    }
    JsonNode conditions = Serialization.jsonMapper().valueToTree(status).path("conditions");
    for (JsonNode condition : conditions) {
      if (Conditions.READY.equals(condition.path("type").asText())) {
        return Optional.of(condition);
      }
    }
    return Optional.empty();
  }

  private static long readyConditions(Case c) {
    Object status = read(c).getAdditionalProperties().get("status");
    JsonNode conditions = Serialization.jsonMapper().valueToTree(status).path("conditions");
    long ready = 0;
    for (JsonNode condition : conditions) {
      ready += Conditions.READY.equals(condition.path("type").asText()) ? 1 : 0;
    }
    return ready;
  }

  private static Optional<String> ready(Case c) {
    return readyCondition(c).map(n -> n.path("status").asText());
  }

  private static Optional<String> readyReason(Case c) {
    return readyCondition(c)
        .filter(n -> Conditions.FALSE.equals(n.path("status").asText()))
        .map(n -> n.path("reason").asText());
  }

  private static Optional<Event> warning(Case c, String reason) {
    return harness.client().v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason()))
        .filter(
            e ->
                c.kind().equals(e.getInvolvedObject().getKind())
                    && c.name().equals(e.getInvolvedObject().getName()))
        .findFirst();
  }

  /** Writes by the operator to anything but Costguard's own objects, events and leases. */
  static List<String> workloadWrites() {
    return harness.requests().stream()
        .filter(ApiRequest::isFromOperator)
        .filter(ApiRequest::isWrite)
        .filter(
            r ->
                r.path().startsWith("/apis/apps/")
                    || r.path().startsWith("/apis/batch/")
                    || r.path().startsWith("/apis/autoscaling/")
                    || r.path().startsWith("/apis/keda.sh/")
                    || r.path().matches("/api/v1/namespaces/[^/]+/(pods|secrets|configmaps).*"))
        .map(Object::toString)
        .toList();
  }

  private static double counter(String line) {
    Matcher m =
        java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(line) + " ([0-9.E+]+)")
            .matcher(harness.metrics());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /**
   * Sets a dotted path such as {@code spec.triggers[0].timeoutSeconds}, creating what is missing.
   */
  static void set(ObjectNode root, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    JsonNode node = root;
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      String part = parts[i];
      Integer index = null;
      if (part.endsWith("]")) {
        index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
        part = part.substring(0, part.indexOf('['));
      }
      ObjectNode object = (ObjectNode) node;
      if (index == null) {
        if (last) {
          object.set(part, value);
          return;
        }
        if (!object.path(part).isObject()) {
          object.putObject(part);
        }
        node = object.get(part);
      } else {
        if (!object.path(part).isArray()) {
          object.putArray(part);
        }
        ArrayNode array = (ArrayNode) object.get(part);
        while (array.size() <= index) {
          array.addObject();
        }
        if (last) {
          array.set(index, value);
          return;
        }
        node = array.get(index);
      }
    }
  }

  static void remove(ObjectNode root, String path) {
    int dot = path.lastIndexOf('.');
    JsonNode parent =
        dot < 0
            ? root
            : root.at(
                "/" + path.substring(0, dot).replace(".", "/").replaceAll("\\[(\\d+)]", "/$1"));
    if (parent instanceof ObjectNode object) {
      object.remove(path.substring(dot + 1));
    }
  }
}
