package dev.refauth.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals second-factor secrets for storage: AES-256-GCM under a key from the configuration, a fresh 96-bit nonce each
 * time, and the account's id as associated data, so that a sealed secret copied into another account's row does not
 * open. What is stored reads as {@code v1.<base64url(nonce | ciphertext | tag)>}; nothing in it rebuilds the secret
 * without the key. Thread-safe.
 */
public final class SecretBox {
  private static final String PREFIX = "v1.";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random;

  private SecretBox(byte[] key, SecureRandom random) {
    this.key = new SecretKeySpec(key, "AES");
    this.random = random;
  }

  /**
   * A box for this 256-bit key, given as base64 (standard or URL-safe), such as {@code openssl rand -base64 32} prints.
   *
   * @throws IllegalArgumentException if it is not base64 of exactly 32 bytes (the message never repeats it)
   */
  public static SecretBox fromBase64(String key, SecureRandom random) {
    byte[] bytes;
    try {
      String k = Objects.requireNonNull(key, "key").strip();
      bytes =
          k.indexOf('-') >= 0 || k.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(k)
              : Base64.getDecoder().decode(k);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the second-factor key is not base64");
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException(
          "the second-factor key must be 256 bits (32 bytes, e.g. openssl rand -base64 32), was "
              + bytes.length * 8);
    }
    return new SecretBox(bytes, Objects.requireNonNull(random, "random"));
  }

  /** {@code secret} sealed for {@code accountId}. */
  public String seal(byte[] secret, String accountId) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(secret);
      return PREFIX
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The secret sealed for {@code accountId}; empty when it was sealed for another, under another key, or altered. */
  public Optional<byte[]> open(String sealed, String accountId) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      return Optional.empty();
    }
    byte[] all;
    try {
      all = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (all.length < NONCE_BYTES + TAG_BITS / 8) {
      return Optional.empty();
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      c.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
      return Optional.of(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES));
    } catch (javax.crypto.AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }
}
