package dev.refauth.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What is stored rebuilds no secret: sealed TOTP secrets, digested recovery codes; and the QR code and URI. */
final class SecretsAtRestTest {
  private final SecureRandom random = new SecureRandom();
  private final String key = Base64.getEncoder().encodeToString(random.generateSeed(32));

  @Test
  void aSealedSecret_opensForItsAccountOnly_underItsKeyOnly_andNotWhenAltered() {
    SecretBox box = SecretBox.fromBase64(key, random);
    TotpSecret secret = TotpSecret.generate(random);
    String sealed = box.seal(secret.bytes(), "account-1");
    assertThat(sealed).startsWith("v1.").doesNotContain(secret.base32());
    assertThat(box.open(sealed, "account-1").map(TotpSecret::of)).contains(secret);
    assertThat(box.open(sealed, "account-2")).as("copied to another account").isEmpty();
    SecretBox other =
        SecretBox.fromBase64(Base64.getEncoder().encodeToString(random.generateSeed(32)), random);
    assertThat(other.open(sealed, "account-1")).as("another key").isEmpty();
    char[] chars = sealed.toCharArray();
    chars[10] = chars[10] == 'A' ? 'B' : 'A';
    assertThat(box.open(new String(chars), "account-1")).as("altered").isEmpty();
    assertThat(box.open("v1.!!", "account-1")).isEmpty();
    assertThat(box.open("plain", "account-1")).isEmpty();
    assertThat(box.seal(secret.bytes(), "account-1"))
        .as("a fresh nonce each time")
        .isNotEqualTo(sealed);
  }

  @Test
  void aBadKey_failsFast_withoutRepeatingIt() {
    assertThatThrownBy(() -> SecretBox.fromBase64("c2hvcnQ=", random))
        .hasMessageContaining("256 bits")
        .hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> SecretBox.fromBase64("not base64 at all!", random))
        .hasMessageNotContaining("not base64 at all");
  }

  @Test
  void recoveryCodes_tenDistinct_storedAsDigestsThatTheTypedCodeMatches() {
    List<String> codes = RecoveryCodes.generate(random);
    assertThat(codes).hasSize(RecoveryCodes.COUNT).doesNotHaveDuplicates();
    Set<String> digests = new HashSet<>();
    for (String code : codes) {
      assertThat(code).matches("[2-9a-hjkmnp-tv-z]{6}(-[2-9a-hjkmnp-tv-z]{6}){3}");
      String digest = RecoveryCodes.digest(code);
      assertThat(digest).hasSize(64).doesNotContain(code.replace("-", ""));
      assertThat(RecoveryCodes.digest(code.toUpperCase().replace("-", " "))).isEqualTo(digest);
      digests.add(digest);
    }
    assertThat(digests).hasSize(RecoveryCodes.COUNT);
    assertThat(RecoveryCodes.generate(random)).as("a new set").doesNotContainAnyElementsOf(codes);
  }

  @Test
  void theEnrolmentUri_andItsQrCode() {
    TotpSecret secret =
        TotpSecret.of(
            new byte[] {
              0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, (byte) 0xde, (byte) 0xad, (byte) 0xbe,
                  (byte) 0xef,
              0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef
            });
    // RFC 4648 Base32 of those bytes (the secret of Google Authenticator's own example, twice), and
    // what an independent decoder (commons-codec, which the other TOTP library brings) reads back
    assertThat(secret.base32()).isEqualTo("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    for (int i = 0; i < 20; i++) {
      TotpSecret any = TotpSecret.generate(new SecureRandom());
      assertThat(new org.apache.commons.codec.binary.Base32().decode(any.base32()))
          .isEqualTo(any.bytes());
    }
    assertThat(secret.otpauthUri("Acme Corp", "ada@example.com").toString())
        .isEqualTo(
            "otpauth://totp/Acme%20Corp:ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                + "&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30");
    assertThat(secret.toString()).doesNotContain("JBSW");
    String svg = QrCodes.svg(secret.otpauthUri("Acme Corp", "ada@example.com").toString());
    assertThat(svg).startsWith("<svg").contains("viewBox=\"0 0 ").endsWith("</svg>");
    assertThat(QrCodes.svg("same text")).isEqualTo(QrCodes.svg("same text"));
  }
}
