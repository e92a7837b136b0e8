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
        new Case("matchLabels equal", selector().withMatchLabels(Map.of("env", "dev")).build(), DEV_VISION, true),
        new Case("matchLabels differ", selector().withMatchLabels(Map.of("env", "prod")).build(), DEV_VISION, false),
        new Case("matchLabels on an object without labels", selector().withMatchLabels(Map.of("env", "dev")).build(), null, false),
        new Case("In matches", selector().addNewMatchExpression().withKey("team").withOperator("In").withValues("vision", "nlp").endMatchExpression().build(), DEV_VISION, true),
        new Case("In without the label", selector().addNewMatchExpression().withKey("tier").withOperator("In").withValues("a").endMatchExpression().build(), DEV_VISION, false),
        new Case("NotIn excludes", selector().addNewMatchExpression().withKey("team").withOperator("NotIn").withValues("vision").endMatchExpression().build(), DEV_VISION, false),
        new Case("NotIn without the label matches", selector().addNewMatchExpression().withKey("tier").withOperator("NotIn").withValues("a").endMatchExpression().build(), DEV_VISION, true),
        new Case("Exists", selector().addNewMatchExpression().withKey("env").withOperator("Exists").endMatchExpression().build(), DEV_VISION, true),
        new Case("DoesNotExist", selector().addNewMatchExpression().withKey("env").withOperator("DoesNotExist").endMatchExpression().build(), DEV_VISION, false),
        new Case("labels and expressions are ANDed", selector().withMatchLabels(Map.of("env", "dev")).addNewMatchExpression().withKey("team").withOperator("In").withValues("nlp").endMatchExpression().build(), DEV_VISION, false),
        new Case("unknown operator selects nothing", selector().addNewMatchExpression().withKey("env").withOperator("Like").withValues("dev").endMatchExpression().build(), DEV_VISION, false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void selectsLikeKubernetes(Case c) {
    assertThat(LabelSelectors.matches(c.selector(), c.labels())).isEqualTo(c.matches());
  }
}
