package dev.refauth.core;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-site request forgery defence for requests that a browser may send with ambient credentials
 * (cookies): every unsafe method without a bearer token.
 *
 * <ol>
 *   <li>Fetch Metadata: {@code Sec-Fetch-Site: same-origin} passes (a browser sets it and no page can forge
 *       it); {@code cross-site} or {@code same-site} passes only from a trusted origin, and then also
 *       needs step 3.
 *   <li>Without Fetch Metadata, an {@code Origin} header must be this server's origin or a trusted one.
 *   <li>Then a proof a cross-site form cannot give: the double-submit token (header {@code X-CSRF-Token} or
 *       form field {@code _csrf}, equal to the {@value #COOKIE} cookie), a custom {@code X-Requested-With}
 *       header, or a JSON body (both need a CORS preflight cross-origin).
 * </ol>
 */
final class Csrf {
  static final String COOKIE = "refauth_csrf";
  static final String HEADER = "X-CSRF-Token";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  private final Set<String> trustedOrigins;

  Csrf(Set<String> trustedOrigins) {
    this.trustedOrigins = Set.copyOf(trustedOrigins);
  }

  boolean passes(AuthRequest r) {
    if (SAFE.contains(r.method()) || r.bearerToken().isPresent()) {
      return true;
    }
    Optional<String> site = r.header("Sec-Fetch-Site").map(s -> s.toLowerCase(Locale.ROOT));
    Optional<String> origin = r.header("Origin");
    if (site.isPresent() && site.get().equals("same-origin")) {
      return origin.isEmpty() || origin.get().equals(ownOrigin(r)) || trustedOrigins.contains(origin.get());
    }
    if (site.isPresent() && !site.get().equals("none")) {
      if (origin.isEmpty() || !trustedOrigins.contains(origin.get())) {
        return false;
      }
    } else if (origin.isPresent() && !origin.get().equals(ownOrigin(r)) && !trustedOrigins.contains(origin.get())) {
      return false;
    }
    return r.header("X-Requested-With").isPresent() || isJson(r) || tokenMatches(r);
  }

  /** The token of this browser, or a new one to set as a cookie. */
  static Optional<String> existingToken(AuthRequest r) {
    return r.cookies(COOKIE).size() == 1 ? Optional.of(r.cookies(COOKIE).get(0)).filter(t -> t.length() >= 22) : Optional.empty();
  }

  static String newToken() {
    return SecureTokens.random(24);
  }

  static ResponseCookie cookie(String token, boolean secure) {
    return ResponseCookie.of(COOKIE, token).withSecure(secure).withSameSite(ResponseCookie.SameSite.STRICT);
  }

  private static boolean tokenMatches(AuthRequest r) {
    Optional<String> cookie = existingToken(r);
    Optional<String> sent = r.csrfToken();
    return cookie.isPresent() && sent.isPresent() && SecureTokens.constantTimeEquals(cookie.get(), sent.get());
  }

  private static boolean isJson(AuthRequest r) {
    return r.header("Content-Type").map(c -> c.toLowerCase(Locale.ROOT).strip())
        .filter(c -> c.equals("application/json") || c.startsWith("application/json;")).isPresent();
  }

  static String ownOrigin(AuthRequest r) {
    return (r.secure() ? "https://" : "http://") + r.header("Host").orElse("");
  }
}
