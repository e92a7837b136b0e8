package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty selector matches anything    | {}                                                                    | app=a         | true
          matchLabels all present            | {"matchLabels":{"team":"vision","tier":"gpu"}}                        | team=vision;tier=gpu;x=y | true
          matchLabels one differs            | {"matchLabels":{"team":"vision"}}                                     | team=nlp      | false
          matchLabels on no labels           | {"matchLabels":{"team":"vision"}}                                     |               | false
          In with the value                  | {"matchExpressions":[{"key":"team","operator":"In","values":["a","b"]}]}    | team=b | true
          In without the key                 | {"matchExpressions":[{"key":"team","operator":"In","values":["a"]}]}        |        | false
          NotIn without the key matches      | {"matchExpressions":[{"key":"team","operator":"NotIn","values":["a"]}]}     |        | true
          NotIn with a listed value          | {"matchExpressions":[{"key":"team","operator":"NotIn","values":["a"]}]}     | team=a | false
          Exists                             | {"matchExpressions":[{"key":"gpu","operator":"Exists"}]}               | gpu=h100      | true
          DoesNotExist                       | {"matchExpressions":[{"key":"gpu","operator":"DoesNotExist"}]}         | gpu=h100      | false
          labels and expressions both apply  | {"matchLabels":{"team":"a"},"matchExpressions":[{"key":"env","operator":"In","values":["dev"]}]} | team=a;env=prod | false
          an unknown operator matches nothing| {"matchExpressions":[{"key":"team","operator":"Gt","values":["1"]}]}        | team=2 | false
          """)
  void selectorsMatchAsTheApiServerDoes(String scenario, String selector, String labels, boolean want) {
    assertThat(LabelSelectors.matches(Serialization.unmarshal(selector, LabelSelector.class), parse(labels)))
        .isEqualTo(want);
  }

  private static Map<String, String> parse(String pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    if (pairs != null) {
      for (String pair : pairs.split(";")) {
        String[] kv = pair.split("=", 2);
        map.put(kv[0], kv[1]);
      }
    }
    return map;
  }
}
