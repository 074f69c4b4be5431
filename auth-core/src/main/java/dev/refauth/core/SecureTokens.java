package dev.refauth.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque random tokens (session ids, refresh tokens, reset tokens, CSRF tokens, OAuth state and nonce): CSPRNG
 * bytes, base64url; and their comparison in constant time.
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

  /** Whether two secrets are equal, in time independent of where they first differ. */
  public static boolean constantTimeEquals(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
