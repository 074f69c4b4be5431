package dev.refauth.tokens;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.spi.IdentityCacheAware;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The end of logins: the caller's own (logout), every one of a subject (a password change, "log out
 * everywhere"), and the subject's "not before" that the checks honour. Every revocation evicts the subject
 * from the guard's identity caches.
 */
final class Revocations {
  private final TokenStore store;
  private final JwtCodec codec;
  private final Clock clock;
  private final SessionCookies cookies;
  private final String loginPath;
  private final List<IdentityCache> caches = new CopyOnWriteArrayList<>();

  Revocations(ProviderOptions o, SessionCookies cookies) {
    this.store = o.store;
    this.codec = o.codec;
    this.clock = o.clock;
    this.cookies = cookies;
    this.loginPath = o.loginPath;
  }

  /** Keeps {@code cache} up to date; a store that hears of revocations from other nodes gets it too. */
  void useIdentityCache(IdentityCache cache) {
    caches.add(cache);
    if (store instanceof IdentityCacheAware aware) {
      aware.useIdentityCache(cache);
    }
  }

  /**
   * Ends the caller's login: the bearer token's (denied, its refresh family revoked; an expired but authentic token
   * is proof enough), the session cookie's (deleted, its family revoked), and clears both cookies.
   */
  AuthActionResponse logout(AuthRequest request) {
    request
        .bearerToken()
        .map(codec::check)
        .flatMap(Revocations::authentic)
        .ifPresent(
            jwt -> {
              store.deny(jwt.jwtId(), jwt.expiresAt());
              jwt.sessionId().ifPresent(store::revokeFamily);
              evictSubject(jwt.subject());
            });
    cookies
        .session(request)
        .flatMap(s -> store.deleteSession(IdentityCache.digest(s)))
        .ifPresent(
            s -> {
              store.revokeFamily(s.familyId());
              evictSubject(s.subject());
            });
    return AuthActionResponse.success(loginPath)
        .withCookie(cookies.clearSession())
        .withCookie(cookies.clearRefresh(request));
  }

  /** Ends every session and token of {@code subject} issued until now; new logins work at once. */
  void logoutEverywhere(String subject) {
    store.setNotBefore(subject, clock.instant());
    store.revokeSubject(subject);
    evictSubject(subject);
  }

  /**
   * Whether what was issued to {@code subject} at {@code issuedAt} is after its "not before". {@code iat} has
   * whole seconds, so the comparison is at whole seconds. A token issued earlier in the same second as the change
   * is still refused: its refresh family (its {@code sid}) was revoked with the rest.
   */
  boolean notBeforeAllows(String subject, Instant issuedAt) {
    return store
        .notBefore(subject)
        .map(nb -> !issuedAt.isBefore(nb.truncatedTo(ChronoUnit.SECONDS)))
        .orElse(true);
  }

  void evictSubject(String subject) {
    caches.forEach(c -> c.invalidateSubject(subject));
  }

  private static Optional<VerifiedJwt> authentic(JwtCodec.Verification v) {
    if (v instanceof JwtCodec.Verification.Verified ok) {
      return Optional.of(ok.jwt());
    }
    return v instanceof JwtCodec.Verification.Expired expired
        ? Optional.of(expired.jwt())
        : Optional.empty();
  }
}
