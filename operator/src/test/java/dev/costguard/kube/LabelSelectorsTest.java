package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorsTest {
  static final Map<String, String> DEV_VISION = Map.of("env", "dev", "team", "vision");

  record Case(String name, LabelSelector selector, Map<String, String> labels, boolean matches) {
    @Override
    public String toString() {
      return name;
    }
  }

  static LabelSelectorBuilder selector() {
    return new LabelSelectorBuilder();
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("no selector selects nothing", null, DEV_VISION, false),
        new Case("empty selector selects everything", selector().build(), DEV_VISION, true),
        new Case(
            "matchLabels equal",
            selector().withMatchLabels(Map.of("env", "dev")).build(),
            DEV_VISION,
            true),
        new Case(
            "matchLabels differ",
            selector().withMatchLabels(Map.of("env", "prod")).build(),
            DEV_VISION,
            false),
        new Case(
            "matchLabels on an object without labels",
            selector().withMatchLabels(Map.of("env", "dev")).build(),
            null,
            false),
        new Case(
            "In matches",
            selector()
                .addNewMatchExpression()
                .withKey("team")
                .withOperator("In")
                .withValues("vision", "nlp")
                .endMatchExpression()
                .build(),
            DEV_VISION,
            true),
        new Case(
            "In without the label",
            selector()
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("In")
                .withValues("a")
                .endMatchExpression()
                .build(),
            DEV_VISION,
            false),
        new Case(
            "NotIn excludes",
            selector()
                .addNewMatchExpression()
                .withKey("team")
                .withOperator("NotIn")
                .withValues("vision")
                .endMatchExpression()
                .build(),
            DEV_VISION,
            false),
        new Case(
            "NotIn without the label matches",
            selector()
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("NotIn")
                .withValues("a")
                .endMatchExpression()
                .build(),
            DEV_VISION,
            true),
        new Case(
            "Exists",
            selector()
                .addNewMatchExpression()
                .withKey("env")
                .withOperator("Exists")
                .endMatchExpression()
                .build(),
            DEV_VISION,
            true),
        new Case(
            "DoesNotExist",
            selector()
                .addNewMatchExpression()
                .withKey("env")
                .withOperator("DoesNotExist")
                .endMatchExpression()
                .build(),
            DEV_VISION,
            false),
        new Case(
            "labels and expressions are ANDed",
            selector()
                .withMatchLabels(Map.of("env", "dev"))
                .addNewMatchExpression()
                .withKey("team")
                .withOperator("In")
                .withValues("nlp")
                .endMatchExpression()
                .build(),
            DEV_VISION,
            false),
        new Case(
            "unknown operator selects nothing",
            selector()
                .addNewMatchExpression()
                .withKey("env")
                .withOperator("Like")
                .withValues("dev")
                .endMatchExpression()
                .build(),
            DEV_VISION,
            false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void selectsLikeKubernetes(Case c) {
    assertThat(LabelSelectors.matches(c.selector(), c.labels())).isEqualTo(c.matches());
  }

  record ProblemCase(String name, LabelSelector selector, String problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ProblemCase> problems() {
    return Stream.of(
        new ProblemCase("no selector is fine", null, null),
        new ProblemCase(
            "matchLabels only is fine",
            selector().withMatchLabels(Map.of("env", "dev")).build(),
            null),
        new ProblemCase(
            "In with values is fine",
            selector()
                .addNewMatchExpression()
                .withKey("t")
                .withOperator("In")
                .withValues("a")
                .endMatchExpression()
                .build(),
            null),
        new ProblemCase(
            "Exists without values is fine",
            selector()
                .addNewMatchExpression()
                .withKey("t")
                .withOperator("Exists")
                .endMatchExpression()
                .build(),
            null),
        new ProblemCase(
            "operator in lower case",
            selector()
                .addNewMatchExpression()
                .withKey("t")
                .withOperator("in")
                .withValues("a")
                .endMatchExpression()
                .build(),
            "spec.exclude.matchExpressions[0]: unknown operator \"in\""),
        new ProblemCase(
            "operator missing",
            selector()
                .addNewMatchExpression()
                .withKey("t")
                .withValues("a")
                .endMatchExpression()
                .build(),
            "spec.exclude.matchExpressions[0] has no operator"),
        new ProblemCase(
            "key missing",
            selector().addNewMatchExpression().withOperator("Exists").endMatchExpression().build(),
            "spec.exclude.matchExpressions[0] has no key"),
        new ProblemCase(
            "NotIn without values",
            selector()
                .addNewMatchExpression()
                .withKey("t")
                .withOperator("NotIn")
                .endMatchExpression()
                .build(),
            "NotIn needs at least one value"),
        new ProblemCase(
            "DoesNotExist with values",
            selector()
                .addNewMatchExpression()
                .withKey("t")
                .withOperator("DoesNotExist")
                .withValues("a")
                .endMatchExpression()
                .build(),
            "DoesNotExist must not have values"),
        new ProblemCase(
            "control characters are not echoed",
            selector()
                .addNewMatchExpression()
                .withKey("t")
                .withOperator("In\r\n")
                .withValues("a")
                .endMatchExpression()
                .build(),
            "unknown operator \"In??\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void aSelectorKubernetesWouldRefuseIsRefusedWithAMessage(ProblemCase c) {
    var problem = LabelSelectors.problem("spec.exclude", c.selector());
    if (c.problem() == null) {
      assertThat(problem).isEmpty();
    } else {
      assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains(c.problem()));
    }
  }

  @org.junit.jupiter.api.Test
  void aMissingOperatorSelectsNothingInsteadOfThrowing() {
    LabelSelector noOperator =
        selector().addNewMatchExpression().withKey("env").endMatchExpression().build();
    assertThat(LabelSelectors.matches(noOperator, DEV_VISION)).isFalse();
  }
}
