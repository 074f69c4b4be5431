package dev.refauth.core;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque random tokens (session ids, refresh tokens, reset tokens, CSRF tokens): CSPRNG bytes, base64url. */
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
}
