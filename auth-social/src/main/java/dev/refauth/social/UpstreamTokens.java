package dev.refauth.social;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An identity provider's tokens for the signed-in person, kept with the login so that the application can call the
 * provider's APIs ({@link SocialLoginProvider#upstreamAccessToken}): never sent to the browser, kept only sealed
 * (AES-256-GCM under a key derived from the signing key, bound to the provider's name). {@link #toString()} shows no
 * token.
 */
record UpstreamTokens(String accessToken, Instant expiresAt, Optional<String> refreshToken) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String VERSION = "v1.";

  /** Whether the access token serves for at least {@code margin} seconds more at {@code now}. */
  boolean freshAt(Instant now, long marginSeconds) {
    return now.plusSeconds(marginSeconds).isBefore(expiresAt);
  }

  /** Sealed under {@code key} (32 bytes) for {@code provider}: what the login keeps. */
  String seal(byte[] key, String provider) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", accessToken);
    json.put("exp", expiresAt.getEpochSecond());
    refreshToken.ifPresent(r -> json.put("rt", r));
    byte[] iv = new byte[12];
    RANDOM.nextBytes(iv);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, key, iv, provider);
      byte[] box = c.doFinal(JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + box.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(box, 0, out, iv.length, box.length);
      return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The tokens sealed for {@code provider} under {@code key}; empty for anything else (another key, tampering). */
  static Optional<UpstreamTokens> unseal(String box, byte[] key, String provider) {
    if (!box.startsWith(VERSION)) {
      return Optional.empty();
    }
    try {
      byte[] in = Base64.getUrlDecoder().decode(box.substring(VERSION.length()));
      if (in.length < 12 + 16) {
        return Optional.empty();
      }
      byte[] iv = java.util.Arrays.copyOf(in, 12);
      Cipher c = cipher(Cipher.DECRYPT_MODE, key, iv, provider);
      byte[] plain = c.doFinal(in, 12, in.length - 12);
      Map<String, Object> json = JSONObjectUtils.parse(new String(plain, StandardCharsets.UTF_8));
      String at = JSONObjectUtils.getString(json, "at");
      long exp = JSONObjectUtils.getLong(json, "exp");
      return at == null
          ? Optional.empty()
          : Optional.of(
              new UpstreamTokens(
                  at,
                  Instant.ofEpochSecond(exp),
                  Optional.ofNullable(JSONObjectUtils.getString(json, "rt"))));
    } catch (GeneralSecurityException | java.text.ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] iv, String provider)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, 0, 32, "AES"), new GCMParameterSpec(128, iv));
    c.updateAAD(("refauth upstream tokens " + provider).getBytes(StandardCharsets.UTF_8));
    return c;
  }

  @Override
  public String toString() {
    return "UpstreamTokens[expiresAt="
        + expiresAt
        + ", refreshable="
        + refreshToken.isPresent()
        + "]";
  }
}
