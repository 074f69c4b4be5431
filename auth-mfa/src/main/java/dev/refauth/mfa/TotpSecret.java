package dev.refauth.mfa;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A TOTP shared secret: 160 random bits (RFC 4226's recommendation for HMAC-SHA1), shown once to the user as a QR code
 * or Base32 text at enrolment, then kept only sealed ({@link SecretBox}). Never printed: {@link #toString()} hides it.
 */
public final class TotpSecret {
  private static final int BYTES = 20;
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private final byte[] bytes;

  private TotpSecret(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /** A new secret from {@code random} (a CSPRNG). */
  public static TotpSecret generate(SecureRandom random) {
    byte[] b = new byte[BYTES];
    random.nextBytes(b);
    return new TotpSecret(b);
  }

  /**
   * A secret from its bytes (as {@link SecretBox#open} gives them back).
   *
   * @throws IllegalArgumentException if there are fewer than 16 bytes (128 bits, RFC 4226's minimum)
   */
  public static TotpSecret of(byte[] bytes) {
    if (Objects.requireNonNull(bytes, "bytes").length < 16) {
      throw new IllegalArgumentException("a TOTP secret needs at least 128 bits");
    }
    return new TotpSecret(bytes);
  }

  /** The bytes, a copy: for sealing. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** RFC 4648 Base32 without padding, what authenticator apps take typed in. */
  public String base32() {
    StringBuilder b = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte x : bytes) {
      buffer = (buffer << 8) | (x & 0xff);
      bits += 8;
      while (bits >= 5) {
        b.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      b.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return b.toString();
  }

  /**
   * The {@code otpauth://totp/} URI authenticator apps read from a QR code (Google Authenticator's key URI format):
   * {@code issuer} and {@code account} label the entry; SHA1, 6 digits, 30 seconds, which every app supports.
   */
  public URI otpauthUri(String issuer, String account) {
    String label = encode(issuer) + ":" + encode(account);
    return URI.create(
        "otpauth://totp/"
            + label
            + "?secret="
            + base32()
            + "&issuer="
            + encode(issuer)
            + "&algorithm=SHA1&digits=6&period=30");
  }

  private static String encode(String s) {
    return URLEncoder.encode(Objects.requireNonNull(s), StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TotpSecret t && java.security.MessageDigest.isEqual(bytes, t.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "TotpSecret[hidden]";
  }
}
