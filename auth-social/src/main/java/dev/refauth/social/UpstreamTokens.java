package dev.refauth.social;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.refauth.core.internal.SecureTokens;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An identity provider's tokens for the signed-in person, kept with the login so that the application can call the
 * provider's APIs ({@link SocialLoginProvider#upstreamAccessToken}): never sent to the browser, kept only sealed
 * (AES-256-GCM under a key derived from the signing key, bound to the provider's name; the token battery seals the
 * result again, bound to the login). {@link #toString()} shows no token.
 */
record UpstreamTokens(String accessToken, Instant expiresAt, Optional<String> refreshToken) {

  /** Whether the access token serves for at least {@code marginSeconds} more at {@code now}. */
  boolean freshAt(Instant now, long marginSeconds) {
    return now.plusSeconds(marginSeconds).isBefore(expiresAt);
  }

  /** Sealed under {@code key} (32 bytes) for {@code provider}: what the login keeps. */
  String seal(byte[] key, String provider) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", accessToken);
    json.put("exp", expiresAt.getEpochSecond());
    refreshToken.ifPresent(r -> json.put("rt", r));
    return SecureTokens.seal(key, context(provider), JSONObjectUtils.toJSONString(json));
  }

  /** The tokens sealed for {@code provider} under {@code key}; empty for anything else (another key, tampering). */
  static Optional<UpstreamTokens> unseal(String box, byte[] key, String provider) {
    return SecureTokens.open(key, context(provider), box).flatMap(UpstreamTokens::parse);
  }

  private static Optional<UpstreamTokens> parse(String text) {
    try {
      Map<String, Object> json = JSONObjectUtils.parse(text);
      String at = JSONObjectUtils.getString(json, "at");
      return at == null
          ? Optional.empty()
          : Optional.of(
              new UpstreamTokens(
                  at,
                  Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "exp")),
                  Optional.ofNullable(JSONObjectUtils.getString(json, "rt"))));
    } catch (java.text.ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String context(String provider) {
    return "refauth upstream tokens " + provider;
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
