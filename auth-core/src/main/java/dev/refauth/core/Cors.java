package dev.refauth.core;

import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.internal.AuthJson;
import dev.refauth.core.internal.Checks;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-origin resource sharing for the allowed origins, with credentials (cookies, {@code Authorization}). An
 * allowed origin's preflight is answered 204 with the {@code Access-Control-*} headers, before any
 * authentication; any other preflight 403 without them; an actual request from an allowed origin gets
 * {@code Access-Control-Allow-Origin} (its own origin, never {@code *}), {@code -Allow-Credentials} and
 * {@code -Expose-Headers}. While any origin is allowed, every answer carries {@code Vary: Origin}: it depends on
 * it. Without allowed origins, nothing here happens.
 */
final class Cors {
  /** What a Refine client sends: its token, JSON bodies, the tenant, the CSRF token, the XHR marker. */
  static final List<String> DEFAULT_ALLOWED_HEADERS =
      List.of(
          "Authorization",
          "Content-Type",
          AuthRequest.TENANT_HEADER,
          "X-CSRF-Token",
          "X-Requested-With");

  /** What a client needs to read: why a token was refused, when to retry. */
  static final List<String> DEFAULT_EXPOSED_HEADERS = List.of("WWW-Authenticate", "Retry-After");

  static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
  private static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
  private static final Cors OFF =
      new Cors(Set.of(), DEFAULT_ALLOWED_HEADERS, DEFAULT_EXPOSED_HEADERS, DEFAULT_MAX_AGE);

  private final Set<String> origins;
  private final Set<String> allowedHeaders;
  private final String allowHeaders;
  private final String exposeHeaders;
  private final String maxAge;
  private final ResponseEffects vary;

  private Cors(Set<String> origins, List<String> allowed, List<String> exposed, Duration maxAge) {
    this.origins = Set.copyOf(origins);
    Set<String> lower = new LinkedHashSet<>();
    allowed.forEach(h -> lower.add(h.toLowerCase(Locale.ROOT)));
    this.allowedHeaders = Set.copyOf(lower);
    this.allowHeaders = String.join(", ", allowed);
    this.exposeHeaders = String.join(", ", exposed);
    this.maxAge = Long.toString(maxAge.toSeconds());
    this.vary = ResponseEffects.none().withHeader("Vary", "Origin");
  }

  static Cors off() {
    return OFF;
  }

  /**
   * @throws IllegalArgumentException naming the first origin that is not {@code scheme://host[:port]}, a wildcard,
   *     or a header name that is not a token
   */
  static Cors of(
      Collection<String> origins,
      List<String> allowedHeaders,
      List<String> exposedHeaders,
      Duration maxAge) {
    Set<String> normalized = new LinkedHashSet<>();
    for (String o : origins) {
      normalized.add(normalizeOrigin(o));
    }
    for (String h : allowedHeaders) {
      Checks.require(Checks.isToken(h), "'%s' is not a header name", h);
    }
    for (String h : exposedHeaders) {
      Checks.require(Checks.isToken(h), "'%s' is not a header name", h);
    }
    Checks.require(
        !maxAge.isNegative() && maxAge.compareTo(Duration.ofDays(1)) <= 0,
        "the preflight max age must be from 0 to 1 day");
    return normalized.isEmpty()
        ? OFF
        : new Cors(normalized, allowedHeaders, exposedHeaders, maxAge);
  }

  /**
   * An origin as a browser writes it: {@code https://app.example.com}, {@code http://localhost:5173}.
   *
   * @throws IllegalArgumentException for a wildcard, a path (but {@code /}), a query, user info or anything but http(s)
   */
  static String normalizeOrigin(String origin) {
    String o = Checks.notNull(origin, "origin").strip();
    Checks.require(
        !o.contains("*"),
        "'%s': list exact origins, no wildcard (credentials are allowed, so a wildcard "
            + "would let any site act as the signed-in user)",
        o);
    URI uri;
    try {
      uri = new URI(o);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "'" + o + "' is not an origin such as https://app.example.com");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Checks.require(
        (scheme.equals("https") || scheme.equals("http"))
            && uri.getHost() != null
            && uri.getRawUserInfo() == null
            && (uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/"))
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null,
        "'%s' is not an origin such as https://app.example.com (scheme, host and port only)",
        o);
    return AuthRequest.originOf(scheme, uri.getRawAuthority());
  }

  boolean isOn() {
    return !origins.isEmpty();
  }

  Set<String> origins() {
    return origins;
  }

  /** Whether {@code origin} (as sent in {@code Origin}) is allowed. */
  boolean allows(String origin) {
    return origins.contains(origin)
        || (!origin.isEmpty() && origins.contains(origin.toLowerCase(Locale.ROOT)));
  }

  /** Whether the request's one {@code Origin} is allowed (a browser sends one; two are never allowed). */
  boolean allows(AuthRequest r) {
    List<String> sent = r.headers("Origin");
    return sent.size() == 1 && allows(sent.get(0));
  }

  /** The answer to a preflight, or empty when this is no preflight (or nothing is allowed). */
  Optional<HttpReply> preflight(AuthRequest r) {
    if (!isOn() || !r.method().equals("OPTIONS")) {
      return Optional.empty();
    }
    Optional<String> origin = r.header("Origin");
    Optional<String> method = r.header("Access-Control-Request-Method");
    if (origin.isEmpty() || method.isEmpty()) {
      return Optional.empty();
    }
    // a body, so that the container writes it as it is (its error page would drop Vary and
    // Cache-Control)
    HttpReply refused =
        HttpReply.json(
                403,
                AuthJson.toJson(
                    OnErrorResponse.of(
                        AuthError.of("CorsError", "This origin may not call this API", 403))))
            .withHeader(
                "Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    if (!allows(r) || !METHODS.contains(method.get().strip()) || !headersAllowed(r)) {
      return Optional.of(refused);
    }
    return Optional.of(
        HttpReply.status(204)
            .withHeader("Access-Control-Allow-Origin", origin.get())
            .withHeader("Access-Control-Allow-Credentials", "true")
            .withHeader("Access-Control-Allow-Methods", ALLOW_METHODS)
            .withHeader("Access-Control-Allow-Headers", allowHeaders)
            .withHeader("Access-Control-Max-Age", maxAge)
            .withHeader(
                "Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"));
  }

  /** The headers of an actual answer: {@code Vary: Origin}, and the allowance for an allowed origin. */
  ResponseEffects headers(AuthRequest r) {
    if (!isOn()) {
      return ResponseEffects.none();
    }
    Optional<String> origin = r.header("Origin");
    if (origin.isEmpty() || !allows(r)) {
      return vary;
    }
    ResponseEffects e =
        vary.withHeader("Access-Control-Allow-Origin", origin.get())
            .withHeader("Access-Control-Allow-Credentials", "true");
    return exposeHeaders.isEmpty()
        ? e
        : e.withHeader("Access-Control-Expose-Headers", exposeHeaders);
  }

  private boolean headersAllowed(AuthRequest r) {
    List<String> requested = new ArrayList<>();
    for (String line : r.headers("Access-Control-Request-Headers")) {
      for (String h : line.split(",")) {
        if (!h.isBlank()) {
          requested.add(h.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    return allowedHeaders.containsAll(requested);
  }
}
