package dev.refauth.social;

import java.time.Instant;
import java.util.Optional;

/**
 * One social sign-in in flight, from the redirect to the provider until its callback. Stored under the
 * digest of its {@code state}; consumed exactly once. Its nonce and PKCE verifier are not part of it: they are derived
 * from the state under a server key, so that nothing stored could complete the flow.
 *
 * @param provider the provider it was started for (a callback at another provider's endpoint is refused)
 * @param browserHash digest of the attempt cookie of the browser that started it
 * @param to the validated local path to return to after sign-in, if any
 * @param tenant the tenant resolved when the attempt started, if any
 * @param expiresAt when the attempt stops being accepted
 */
public record LoginAttempt(
    String provider,
    String browserHash,
    Optional<String> to,
    Optional<String> tenant,
    Instant expiresAt) {}
