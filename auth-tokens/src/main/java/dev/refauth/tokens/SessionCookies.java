package dev.refauth.tokens;

import dev.refauth.core.AuthRequest;
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.spi.SecondFactor;
import dev.refauth.core.spi.UserDirectory;
import java.time.Duration;
import java.util.Optional;

/**
 * The token provider's cookies, named and scoped in one place: the session cookie ({@code __Host-} prefixed when
 * secure, path {@code /}), the refresh cookie ({@code __Secure-}, scoped to the refresh endpoint inside the
 * application) and the remembered-browser cookie. What is read is one cookie of a name, of a bounded length.
 */
final class SessionCookies {
  /** The longest cookie value read: every value this provider sets is far shorter. */
  private static final int MAX_VALUE = 256;

  private final boolean secure;
  private final String session;
  private final String refresh;
  private final String device;
  private final String pending;
  private final ResponseCookie.SameSite sessionSameSite;
  private final ResponseCookie.SameSite refreshSameSite;
  private final String refreshPath;
  private final Duration refreshTtl;

  SessionCookies(boolean secure, boolean crossSite, String refreshPath, Duration refreshTtl) {
    if (crossSite && !secure) {
      throw new IllegalArgumentException("cross-site cookies (SameSite=None) need secure cookies");
    }
    this.secure = secure;
    this.session =
        secure ? "__Host-" + TokenAuthProvider.SESSION_COOKIE : TokenAuthProvider.SESSION_COOKIE;
    this.refresh =
        secure ? "__Secure-" + TokenAuthProvider.REFRESH_COOKIE : TokenAuthProvider.REFRESH_COOKIE;
    this.device = secure ? "__Host-" + UserDirectory.DEVICE_COOKIE : UserDirectory.DEVICE_COOKIE;
    this.pending = secure ? "__Host-" + SecondFactor.PENDING_COOKIE : SecondFactor.PENDING_COOKIE;
    this.sessionSameSite = crossSite ? ResponseCookie.SameSite.NONE : ResponseCookie.SameSite.LAX;
    this.refreshSameSite =
        crossSite ? ResponseCookie.SameSite.NONE : ResponseCookie.SameSite.STRICT;
    this.refreshPath = refreshPath;
    this.refreshTtl = refreshTtl;
  }

  boolean secure() {
    return secure;
  }

  /** The session cookie, for the browser's session. */
  ResponseCookie session(String value) {
    return cookie(session, value, "/").withSameSite(sessionSameSite);
  }

  /** The session cookie, for {@code lifetime}: the user asked to be remembered. */
  ResponseCookie session(String value, Duration lifetime) {
    return session(value).withMaxAge(lifetime);
  }

  ResponseCookie refresh(AuthRequest request, String value) {
    return cookie(refresh, value, request.contextPath() + refreshPath)
        .withSameSite(refreshSameSite)
        .withMaxAge(refreshTtl);
  }

  ResponseCookie device(String value, Duration lifetime) {
    return cookie(device, value, "/")
        .withSameSite(ResponseCookie.SameSite.STRICT)
        .withMaxAge(lifetime);
  }

  /** A sign-in's pending second step: only this browser can finish it. */
  ResponseCookie pending(String value, Duration lifetime) {
    return cookie(pending, value, "/").withSameSite(refreshSameSite).withMaxAge(lifetime);
  }

  ResponseCookie clearPending() {
    return ResponseCookie.clear(pending).withPath("/").withSecure(secure);
  }

  Optional<String> pending(AuthRequest request) {
    return request.singleCookie(pending).filter(v -> v.length() <= MAX_VALUE);
  }

  ResponseCookie clearSession() {
    return ResponseCookie.clear(session).withPath("/").withSecure(secure);
  }

  ResponseCookie clearRefresh(AuthRequest request) {
    return ResponseCookie.clear(refresh)
        .withPath(request.contextPath() + refreshPath)
        .withSecure(secure);
  }

  Optional<String> session(AuthRequest request) {
    return request.singleCookie(session).filter(v -> v.length() <= MAX_VALUE);
  }

  Optional<String> refresh(AuthRequest request) {
    return request.singleCookie(refresh).filter(v -> v.length() <= MAX_VALUE);
  }

  private ResponseCookie cookie(String name, String value, String path) {
    return ResponseCookie.of(name, value).withPath(path).withSecure(secure);
  }
}
