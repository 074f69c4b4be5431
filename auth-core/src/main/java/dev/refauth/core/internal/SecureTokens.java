package dev.refauth.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque random tokens (session ids, refresh tokens, reset tokens, CSRF tokens, OAuth state): CSPRNG bytes,
 * base64url; tokens derived under a server key (a refresh token's successor, the OAuth nonce and PKCE verifier), which
 * are recomputed rather than stored; and their comparison in constant time.
 */
public final class SecureTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecureTokens() {}

  /**
   * @param bytes how many random bytes (16 = 128 bits at least for anything that authenticates)
   * @return them, base64url without padding
   */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** HMAC-SHA256 of {@code message} under {@code key}. */
  public static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }

  /**
   * A token derived from {@code input} under {@code key} (HMAC-SHA256, base64url, 43 characters): the same input and
   * key give the same token on any node, so it need not be stored; without the key it cannot be told.
   */
  public static String derived(byte[] key, String input) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(hmac(key, input.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether two secrets are equal, in time independent of where they first differ. */
  public static boolean constantTimeEquals(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
