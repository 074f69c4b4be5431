package dev.refauth.tokens;

import java.time.Instant;

/**
 * A freshly signed access token.
 *
 * @param token the compact JWT; a credential, never log it
 * @param jwtId its {@code jti}
 * @param expiresAt its {@code exp}
 */
public record IssuedToken(String token, String jwtId, Instant expiresAt) {
  @Override
  public String toString() {
    return "IssuedToken[jti=" + jwtId + ", exp=" + expiresAt + "]";
  }
}
