package dev.refauth.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
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

  /**
   * {@code text} sealed with AES-256-GCM under the first 32 bytes of {@code key}, bound to {@code context} (its
   * associated data: opened under another context, it fails): {@code v1.} and the base64url of a random 96-bit IV and
   * the ciphertext.
   */
  public static String seal(byte[] key, String context, String text) {
    byte[] iv = new byte[12];
    RANDOM.nextBytes(iv);
    try {
      byte[] box =
          gcm(Cipher.ENCRYPT_MODE, key, iv, context).doFinal(text.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + box.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(box, 0, out, iv.length, box.length);
      return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** What {@link #seal} sealed under this key and context; empty for anything else (another key or context, tampering). */
  public static java.util.Optional<String> open(byte[] key, String context, String box) {
    if (!box.startsWith("v1.")) {
      return java.util.Optional.empty();
    }
    try {
      byte[] in = Base64.getUrlDecoder().decode(box.substring(3));
      if (in.length < 12 + 16) {
        return java.util.Optional.empty();
      }
      byte[] iv = java.util.Arrays.copyOf(in, 12);
      byte[] plain = gcm(Cipher.DECRYPT_MODE, key, iv, context).doFinal(in, 12, in.length - 12);
      return java.util.Optional.of(new String(plain, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static Cipher gcm(int mode, byte[] key, byte[] iv, String context)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, 0, 32, "AES"), new GCMParameterSpec(128, iv));
    c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return c;
  }
}
