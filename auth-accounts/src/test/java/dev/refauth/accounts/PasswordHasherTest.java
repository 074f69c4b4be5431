package dev.refauth.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class PasswordHasherTest {
  private static final PasswordHasher OWASP = PasswordHasher.argon2id();

  @Test
  void hash_isSelfDescribingArgon2id() {
    String h = OWASP.hash("correct horse");
    assertThat(h).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(OWASP.verify("correct horse", h)).isTrue();
    assertThat(OWASP.verify("correct horsE", h)).isFalse();
    assertThat(OWASP.hash("correct horse")).isNotEqualTo(h); // salted
  }

  @Test
  void verify_noTruncationNoCaseFolding() {
    String longPw = "x".repeat(200);
    String h = OWASP.hash(longPw);
    assertThat(OWASP.verify(longPw, h)).isTrue();
    assertThat(OWASP.verify("x".repeat(199), h)).isFalse();
    assertThat(OWASP.verify("x".repeat(201), h)).isFalse();
  }

  @Test
  void verify_bcryptLegacy() {
    // bcrypt of "password" with cost 4, made with Password4j's BcryptFunction
    String legacy =
        com.password4j.Password.hash("password")
            .with(com.password4j.BcryptFunction.getInstance(4))
            .getResult();
    assertThat(OWASP.verify("password", legacy)).isTrue();
    assertThat(OWASP.verify("Password", legacy)).isFalse();
    assertThat(OWASP.needsRehash(legacy)).isTrue();
  }

  @Test
  void needsRehash_whenParametersChange() {
    PasswordHasher weak = PasswordHasher.argon2id(1024, 1, 1);
    String old = weak.hash("pw");
    assertThat(OWASP.needsRehash(old)).isTrue();
    assertThat(OWASP.verify("pw", old)).isTrue();
    assertThat(OWASP.needsRehash(OWASP.hash("pw"))).isFalse();
  }

  @Test
  void verify_malformedNeverMatches() {
    assertThat(OWASP.verify("pw", null)).isFalse();
    assertThat(OWASP.verify("pw", "pw")).isFalse();
    assertThat(OWASP.verify("pw", "$argon2id$garbage")).isFalse();
    assertThat(OWASP.verify("", "$2a$")).isFalse();
  }
}
