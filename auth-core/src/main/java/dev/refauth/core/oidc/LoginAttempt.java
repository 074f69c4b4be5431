package dev.refauth.core.oidc;

import java.time.Instant;
import java.util.Optional;

/**
 * One social sign-in in flight, from the redirect to the provider until its callback. Stored under the
 * digest of its {@code state}; consumed exactly once.
 *
 * @param provider the provider it was started for (a callback at another provider's endpoint is refused)
 * @param browserHash digest of the attempt cookie of the browser that started it
 * @param nonce the OIDC nonce sent in the request, expected back in the ID token
 * @param codeVerifier the PKCE verifier (its S256 challenge went to the provider)
 * @param to the validated local path to return to after sign-in, if any
 * @param tenant the tenant resolved when the attempt started, if any
 * @param expiresAt when the attempt stops being accepted
 */
public record LoginAttempt(String provider, String browserHash, String nonce, String codeVerifier, Optional<String> to,
    Optional<String> tenant, Instant expiresAt) {

  /** Never shows the nonce or verifier. */
  @Override
  public String toString() {
    return "LoginAttempt[" + provider + ", until " + expiresAt + "]";
  }
}
