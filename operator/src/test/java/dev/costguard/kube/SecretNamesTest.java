package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Secret names and keys as Kubernetes allows them; anything else never becomes a path segment. */
class SecretNamesTest {
  @ParameterizedTest(name = "name \"{0}\" valid: {1}")
  @CsvSource({
    "prometheus-token, true",
    "a.b-c, true",
    "0, true",
    "'../../kube-system/secrets/x', false",
    "a/b, false",
    "Token, false",
    "-token, false",
    "token-, false",
    "'', false",
    "'a%2Fb', false",
    "'tok en', false"
  })
  void names(String name, boolean valid) {
    assertThat(SecretNames.isValidName(name)).isEqualTo(valid);
  }

  @ParameterizedTest(name = "key \"{0}\" valid: {1}")
  @CsvSource({
    "token, true",
    "tls.key, true",
    "A_b-1.c, true",
    "a/b, false",
    "'..', false",
    "'.', false",
    "'', false",
    "'k\ney', false"
  })
  void keys(String key, boolean valid) {
    assertThat(SecretNames.isValidKey(key)).isEqualTo(valid);
  }

  @org.junit.jupiter.api.Test
  void aNameLongerThan253CharactersIsRefused() {
    assertThat(SecretNames.isValidName("a".repeat(253))).isTrue();
    assertThat(SecretNames.isValidName("a".repeat(254))).isFalse();
    assertThat(SecretNames.isValidName(null)).isFalse();
  }
}
