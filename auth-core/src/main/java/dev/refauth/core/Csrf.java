package dev.refauth.core;

import dev.refauth.core.internal.SecureTokens;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-site request forgery defence for requests that a browser may send with ambient credentials
 * (cookies): every unsafe method without a bearer token. OWASP's order:
 *
 * <ol>
 *   <li>Fetch Metadata: {@code Sec-Fetch-Site: same-origin} passes, whatever {@code Host} says (a browser sets
 *       it and no page can forge it; a proxy that rewrites {@code Host} does not change it); {@code same-site},
 *       {@code cross-site} (or any other value but {@code none}) passes only from an allowed origin, and then also
 *       needs step 3.
 *   <li>Without Fetch Metadata, an {@code Origin} header must be the request's own origin
 *       ({@link AuthRequest#origin()}: the public origin, or what a trusted proxy reported) or an allowed one.
 *   <li>Then a proof a cross-site form cannot give: the double-submit token (header {@code X-CSRF-Token} or
 *       form field {@code _csrf}, equal to the {@value #COOKIE} cookie, {@value #SECURE_COOKIE} over TLS), a custom
 *       {@code X-Requested-With} header, or a JSON body (both need a CORS preflight cross-origin). A request that
 *       sends neither Fetch Metadata nor {@code Origin} (a non-browser client, a very old browser) passes on this
 *       proof alone: no page can add those headers or that content type to a cross-site request without CORS.
 * </ol>
 */
final class Csrf {
  static final String COOKIE = "refauth_csrf";

  /** The cookie's name over TLS: {@code __Host-}, so that no sibling subdomain can plant it. */
  static final String SECURE_COOKIE = "__Host-" + COOKIE;

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  private final Cors allowed;

  Csrf(Cors allowed) {
    this.allowed = allowed;
  }

  /** GET, HEAD, OPTIONS: no state changes, no body to read. */
  static boolean isSafe(String method) {
    return SAFE.contains(method);
  }

  boolean passes(AuthRequest r) {
    if (SAFE.contains(r.method()) || r.bearerToken().isPresent()) {
      return true;
    }
    Optional<String> site = r.header("Sec-Fetch-Site").map(s -> s.strip().toLowerCase(Locale.ROOT));
    Optional<String> origin = r.header("Origin");
    if (site.isPresent() && site.get().equals("same-origin")) {
      return true;
    }
    if (r.headers("Origin").size() > 1) {
      return false; // a browser sends one
    }
    if (site.isPresent() && !site.get().equals("none")) {
      if (origin.isEmpty() || !allowed.allows(origin.get())) {
        return false;
      }
    } else if (origin.isPresent()
        && !origin.get().equalsIgnoreCase(r.origin())
        && !allowed.allows(origin.get())) {
      return false;
    }
    return r.header("X-Requested-With").isPresent() || isJson(r) || tokenMatches(r);
  }

  /** The token of this browser, or a new one to set as a cookie. */
  static Optional<String> existingToken(AuthRequest r) {
    List<String> values = r.cookies(r.secure() ? SECURE_COOKIE : COOKIE);
    return values.size() == 1
        ? Optional.of(values.get(0)).filter(t -> t.length() >= 22)
        : Optional.empty();
  }

  static String newToken() {
    return SecureTokens.random(24);
  }

  static ResponseCookie cookie(String token, boolean secure) {
    return ResponseCookie.of(secure ? SECURE_COOKIE : COOKIE, token)
        .withSecure(secure)
        .withSameSite(ResponseCookie.SameSite.STRICT);
  }

  private static boolean tokenMatches(AuthRequest r) {
    Optional<String> cookie = existingToken(r);
    Optional<String> sent = r.csrfToken();
    return cookie.isPresent()
        && sent.isPresent()
        && SecureTokens.constantTimeEquals(cookie.get(), sent.get());
  }

  private static boolean isJson(AuthRequest r) {
    return r.header("Content-Type")
        .map(c -> c.toLowerCase(Locale.ROOT).strip())
        .filter(c -> c.equals("application/json") || c.startsWith("application/json;"))
        .isPresent();
  }
}
