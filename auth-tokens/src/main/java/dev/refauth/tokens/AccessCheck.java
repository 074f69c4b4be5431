package dev.refauth.tokens;

import dev.refauth.core.AuthError;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.spi.AuthMetrics;
import dev.refauth.core.spi.SecondFactor;
import dev.refauth.core.spi.UserDirectory;
import dev.refauth.tokens.TokenAuthProvider.SessionMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who a request is, by its bearer token or else its session cookie (never in {@link SessionMode#BEARER}). A
 * bearer token is verified, then refused if denylisted (logged out), issued before its subject's "not before",
 * or of a revoked refresh family; refused, it answers {@code TokenExpired} or {@code InvalidToken} and touches
 * nothing else. A session cookie must name a live session (idle and absolute timeouts) begun after that "not
 * before"; refused, it is cleared, and nothing else. And what an error tells the client.
 */
final class AccessCheck {
  private final UserDirectory directory;
  private final JwtCodec codec;
  private final TokenStore store;
  private final Clock clock;
  private final SessionCookies cookies;
  private final SessionMode mode;
  private final Duration sessionIdle;
  private final String loginPath;
  private final Revocations revocations;
  private final Optional<SecondFactor> secondFactor;

  private final AuthMetrics metrics;

  AccessCheck(ProviderOptions o, SessionCookies cookies, Revocations revocations) {
    this.directory = o.directory;
    this.codec = o.codec;
    this.store = o.store;
    this.clock = o.clock;
    this.cookies = cookies;
    this.mode = o.mode;
    this.sessionIdle = o.sessionIdle;
    this.loginPath = o.loginPath;
    this.revocations = revocations;
    this.secondFactor = o.secondFactor;
    this.metrics = o.metrics;
  }

  /** The bearer token, or else the session cookie. */
  /**
   * What the identity cache keys a check by: the bearer token, else the session cookie as {@code "session <value>"}.
   * The two are different credentials: the same string sent the other way must not find the other's entry (a bearer
   * token never holds a space, so no bearer token looks like a session's key).
   */
  Optional<String> credential(AuthRequest request) {
    Optional<String> bearer = request.bearerToken();
    return bearer.isPresent() || !mode.cookies()
        ? bearer
        : cookies.session(request).map(s -> "session " + s);
  }

  CheckResponse check(AuthRequest request) {
    Instant now = clock.instant();
    Optional<String> bearer = request.bearerToken();
    if (bearer.isPresent()) {
      return bearer(bearer.get(), now);
    }
    Optional<String> cookie = mode.cookies() ? cookies.session(request) : Optional.empty();
    if (cookie.isEmpty()) {
      return CheckResponse.unauthenticated(loginPath)
          .withLogout(true)
          .withError(AuthError.unauthorized());
    }
    return session(cookie.get(), now);
  }

  private CheckResponse bearer(String token, Instant now) {
    JwtCodec.Verification v = codec.check(token);
    metrics.tokenVerified(
        v instanceof JwtCodec.Verification.Invalid bad
            ? bad.reason()
            : v instanceof JwtCodec.Verification.Expired
                ? AuthMetrics.TokenResult.EXPIRED
                : AuthMetrics.TokenResult.VALID);
    if (v instanceof JwtCodec.Verification.Expired) {
      return CheckResponse.unauthenticated(loginPath)
          .withError(AuthError.of("TokenExpired", "The access token expired", 401));
    }
    Optional<Authentication> auth =
        Optional.of(v)
            .filter(JwtCodec.Verification.Verified.class::isInstance)
            .map(ok -> ((JwtCodec.Verification.Verified) ok).jwt())
            .filter(jwt -> !store.isDenied(jwt.jwtId(), now))
            .filter(jwt -> revocations.notBeforeAllows(jwt.subject(), jwt.issuedAt()))
            .filter(jwt -> jwt.sessionId().map(sid -> store.isFamilyActive(sid, now)).orElse(true))
            .flatMap(
                jwt ->
                    find(jwt.subject(), jwt.tenant().orElse(""))
                        .map(
                            a ->
                                a.withScheme("Bearer")
                                    .withExpiresAt(jwt.expiresAt())
                                    .withMethods(jwt.amr()))
                        .map(a -> jwt.authTime().map(a::withAuthenticatedAt).orElse(a)));
    return auth.map(CheckResponse::authenticated)
        .orElseGet(
            () ->
                CheckResponse.unauthenticated(loginPath)
                    .withLogout(true)
                    .withError(AuthError.of("InvalidToken", "The access token is invalid", 401)));
  }

  private CheckResponse session(String cookie, Instant now) {
    Optional<Authentication> auth =
        store
            .touchSession(IdentityCache.digest(cookie), now, sessionIdle)
            .filter(s -> revocations.notBeforeAllows(s.subject(), s.createdAt()))
            .flatMap(
                s ->
                    find(s.subject(), s.tenant().orElse(""))
                        .map(
                            a ->
                                a.withScheme("Session")
                                    .withAuthenticatedAt(s.createdAt())
                                    .withMethods(s.amr())
                                    .withExpiresAt(
                                        earliest(s.absoluteExpiry(), now.plus(sessionIdle)))));
    // the session cookie failed: it goes, and nothing else (the refresh cookie, a bearer token are
    // not this one)
    return auth.map(CheckResponse::authenticated)
        .orElseGet(
            () ->
                CheckResponse.unauthenticated(loginPath)
                    .withLogout(true)
                    .withError(
                        AuthError.of(
                            "SessionExpired", "Your session has ended. Please sign in again.", 401))
                    .withCookie(cookies.clearSession()));
  }

  /**
   * The refresh family of the request's credential, as {@link #check} accepted it: the bearer token's {@code sid},
   * the session's family; empty when it has none.
   */
  Optional<String> family(AuthRequest request) {
    Optional<String> bearer = request.bearerToken();
    if (bearer.isPresent()) {
      return Optional.of(codec.check(bearer.get()))
          .filter(JwtCodec.Verification.Verified.class::isInstance)
          .flatMap(ok -> ((JwtCodec.Verification.Verified) ok).jwt().sessionId());
    }
    return (mode.cookies() ? cookies.session(request) : Optional.<String>empty())
        .flatMap(c -> store.touchSession(IdentityCache.digest(c), clock.instant(), sessionIdle))
        .map(TokenStore.Session::familyId);
  }

  /** The directory's user, with {@code secondFactor: true|false} when there are second factors. */
  private Optional<Authentication> find(String subject, String tenant) {
    Optional<Authentication> found = directory.find(subject, tenant);
    if (found.isEmpty() || secondFactor.isEmpty()) {
      return found;
    }
    Authentication a = found.get();
    Identity withFactor =
        a.identity().toBuilder()
            .attribute(SecondFactor.ENROLLED_ATTRIBUTE, secondFactor.get().enrolled(subject))
            .build();
    return Optional.of(Authentication.of(withFactor, a.permissions()));
  }

  /** A 401 logs out and goes to the login page; a 403 is reported, the user staying logged in. */
  OnErrorResponse onError(AuthError error) {
    return OnErrorResponse.standard(error, loginPath);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
