package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A transport-neutral view of the current request: what an adapter (servlet filter, JAX-RS filter)
 * hands to the core and to providers. Immutable.
 *
 * <p>{@link #path()} is the path inside the application, as sent (not decoded, not normalized), so that
 * the core can refuse ambiguous forms before any matching.
 */
public final class AuthRequest {
  /** The header Refine's multi-tenant example sends. */
  public static final String TENANT_HEADER = "X-Tenant-ID";

  private static final String TENANT_HEADER_KEY = lower(TENANT_HEADER);
  private static final String AUTHORIZATION = "authorization";

  /** The characters of RFC 6750's b64token, by code point (below 128). */
  private static final boolean[] B64TOKEN = new boolean[128];

  static {
    for (char c :
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/".toCharArray()) {
      B64TOKEN[c] = true;
    }
  }

  private final String method;
  private final String path;
  private final @Nullable String query;
  private final String contextPath;

  /** By lower-cased name: a hash lookup per header read (a case-insensitive tree compared names char by char). */
  private final Map<String, List<String>> headers;

  /** Header names as sent (the first spelling of each), in order. */
  private final List<String> headerNames;

  private final Map<String, List<String>> cookies;
  private final String remoteAddress;
  private final boolean secure;
  private final Map<String, List<String>> queryParams;
  private final @Nullable String formCsrfToken;
  private final @Nullable String tenant;

  /** The origin the client addressed, when the guard resolved one; else computed from {@link #secure} and Host. */
  private final @Nullable String origin;

  /** Whether the guard resolved proxies and tenant already (a resolved request is never resolved again). */
  private final boolean resolved;

  /** {@link #bearerToken()}, once computed. */
  private @Nullable Optional<String>
      bearer; // not volatile: an immutable value, recomputed at worst (as String.hash)

  private AuthRequest(Builder b) {
    this.method = b.method;
    this.path = b.path;
    this.query = b.query;
    this.contextPath = b.contextPath;
    this.headers = freeze(b.headers);
    this.headerNames = List.copyOf(b.headerNames);
    this.cookies = freeze(b.cookies);
    this.remoteAddress = b.remoteAddress;
    this.secure = b.secure;
    this.queryParams = parseQuery(query);
    this.formCsrfToken = b.formCsrfToken;
    this.tenant = b.tenant;
    this.origin = b.origin;
    this.resolved = b.resolved;
  }

  /** A copy with other transport facts and tenant, sharing the headers, cookies and query (all immutable). */
  private AuthRequest(
      AuthRequest r,
      String contextPath,
      String remoteAddress,
      boolean secure,
      @Nullable String origin,
      @Nullable String tenant,
      boolean resolved) {
    this.method = r.method;
    this.path = r.path;
    this.query = r.query;
    this.contextPath = contextPath;
    this.headers = r.headers;
    this.headerNames = r.headerNames;
    this.cookies = r.cookies;
    this.remoteAddress = remoteAddress;
    this.secure = secure;
    this.queryParams = r.queryParams;
    this.formCsrfToken = r.formCsrfToken;
    this.tenant = tenant;
    this.origin = origin;
    this.resolved = resolved;
    this.bearer = r.bearer;
  }

  /**
   * @param method the HTTP method, e.g. {@code GET}
   * @param path the path inside the application, starting with {@code /}, as sent
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  public String method() {
    return method;
  }

  /** The path inside the application, as sent: not decoded, not normalized. */
  public String path() {
    return path;
  }

  /** The raw query string, without {@code ?}. */
  public Optional<String> query() {
    return Optional.ofNullable(query);
  }

  /** Path and query as sent, e.g. {@code /posts?page=2}. */
  public String pathAndQuery() {
    return query == null ? path : path + "?" + query;
  }

  /**
   * The application's context path as the client sees it, {@code ""} at the root: the container's, behind the path
   * a trusted proxy reported removing ({@code X-Forwarded-Prefix}). Redirects and cookie paths are built on it.
   */
  public String contextPath() {
    return contextPath;
  }

  /** The first value of a query parameter, decoded; empty when absent or malformed. */
  public Optional<String> queryParam(String name) {
    List<String> values = queryParams.get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The first value of a header (names are case-insensitive). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(lower(name));
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of a header (names are case-insensitive). */
  public List<String> headers(String name) {
    return headers.getOrDefault(lower(name), List.of());
  }

  /** Header names as sent (the first spelling of each name), in the order sent. */
  public List<String> headerNames() {
    return headerNames;
  }

  /**
   * The map's key for a header name. {@code toLowerCase} answers the same instance when there is nothing to
   * lower, so the per-request lookups ({@code Authorization}, the tenant header) pass lower-case keys and
   * allocate nothing.
   */
  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The first cookie of that name. */
  public Optional<String> cookie(String name) {
    List<String> values = cookies.get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The cookie of that name when it was sent exactly once and is not empty: two of one name are nobody's to choose from. */
  public Optional<String> singleCookie(String name) {
    List<String> values = cookies(name);
    return values.size() == 1 && !values.get(0).isEmpty()
        ? Optional.of(values.get(0))
        : Optional.empty();
  }

  /** Every cookie of that name (a browser may send several; treat more than one as suspicious). */
  public List<String> cookies(String name) {
    return cookies.getOrDefault(name, List.of());
  }

  /**
   * The client's address. Once the guard has resolved the request, it is the address a trusted proxy reported
   * (see {@code trustedProxies}); before, or without trusted proxies, the connection's peer.
   */
  public String remoteAddress() {
    return remoteAddress;
  }

  /**
   * Whether the client reached the application over TLS: the public origin's scheme when one is configured, else
   * what a trusted proxy reported, else the connection's own.
   */
  public boolean secure() {
    return secure;
  }

  /**
   * The origin the client addressed, {@code scheme://host[:port]} in lower case without a default port, as a
   * browser writes it in {@code Origin}: the configured public origin, else the scheme and host a trusted proxy
   * reported, else this connection's scheme and {@code Host} header. Build absolute links from a configured
   * public origin only: without one, this is what the client sent.
   */
  public String origin() {
    return origin != null ? origin : originOf(secure ? "https" : "http", header("Host").orElse(""));
  }

  /** {@code scheme://host[:port]}, lower case, the scheme's default port left out. */
  static String originOf(String scheme, String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if ((scheme.equals("https") && h.endsWith(":443"))
        || (scheme.equals("http") && h.endsWith(":80"))) {
      h = h.substring(0, h.lastIndexOf(':'));
    }
    return scheme + "://" + h;
  }

  boolean isResolved() {
    return resolved;
  }

  /** This request as the guard resolved it: the client's context path, address, scheme and origin, and the tenant. */
  AuthRequest resolvedAs(
      String contextPath,
      String remoteAddress,
      boolean secure,
      @Nullable String origin,
      @Nullable String tenant) {
    return new AuthRequest(this, contextPath, remoteAddress, secure, origin, tenant, true);
  }

  /** Whether an {@code Authorization} header was sent at all. */
  public boolean hasAuthorization() {
    return headers.containsKey(AUTHORIZATION);
  }

  /**
   * The bearer token of a single, well-formed {@code Authorization: Bearer <token>} header (RFC 6750);
   * empty when there is none, several, or a malformed one.
   */
  public Optional<String> bearerToken() {
    Optional<String> b = bearer;
    if (b == null) { // computed once: the guard, the cache and the provider all ask (a benign race,
      // like String.hashCode)
      b = parseBearer();
      bearer = b;
    }
    return b;
  }

  private Optional<String> parseBearer() {
    List<String> values = headers(AUTHORIZATION);
    if (values.size() != 1) {
      return Optional.empty();
    }
    String value = values.get(0);
    if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = value.substring(7).strip();
    return isB64Token(token) ? Optional.of(token) : Optional.empty();
  }

  /** RFC 6750 b64token: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}; a table, not a regex (hot path). */
  static boolean isB64Token(String token) {
    int end = token.length();
    while (end > 0 && token.charAt(end - 1) == '=') {
      end--;
    }
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = token.charAt(i);
      if (c >= 128 || !B64TOKEN[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The anti-CSRF token the client presented: the {@code X-CSRF-Token} header, or the {@code _csrf} field
   * of a form body, which the adapter passes with {@link Builder#formCsrfToken}.
   */
  public Optional<String> csrfToken() {
    return header("X-CSRF-Token").or(() -> Optional.ofNullable(formCsrfToken));
  }

  /**
   * The tenant this request is for, as resolved by the guard's {@link TenantResolver} (empty when none is
   * named, e.g. in a single-tenant application).
   */
  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /** A copy for this resolved tenant. */
  public AuthRequest withTenant(String tenant) {
    return new AuthRequest(
        this,
        contextPath,
        remoteAddress,
        secure,
        origin,
        Checks.notBlank(tenant, "tenant"),
        resolved);
  }

  /** The {@code X-Tenant-ID} header, when exactly one was sent. */
  public Optional<String> tenantHeader() {
    List<String> values = headers(TENANT_HEADER_KEY);
    return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
  }

  /** A builder that starts from this request. */
  public Builder toBuilder() {
    Builder b =
        new Builder(method, path)
            .contextPath(contextPath)
            .remoteAddress(remoteAddress)
            .secure(secure);
    b.query = query;
    b.formCsrfToken = formCsrfToken;
    b.tenant = tenant;
    b.origin = origin;
    b.resolved = resolved;
    for (String name : headerNames) {
      headers(name).forEach(v -> b.header(name, v));
    }
    cookies.forEach((k, vs) -> vs.forEach(v -> b.cookie(k, v)));
    return b;
  }

  /** Method and path only: headers and cookies carry credentials. */
  @Override
  public String toString() {
    return "AuthRequest[" + method + " " + path + "]";
  }

  private static Map<String, List<String>> freeze(Map<String, List<String>> source) {
    Map<String, List<String>> copy = new LinkedHashMap<>(Math.max(4, source.size() * 2));
    source.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }

  private static Map<String, List<String>> parseQuery(@Nullable String query) {
    if (query == null || query.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException malformed) {
        // a malformed %-escape: the parameter is treated as absent
      }
    }
    return Collections.unmodifiableMap(params);
  }

  /** Builds an {@link AuthRequest}. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final String path;
    private @Nullable String query;
    private String contextPath = "";
    private final Map<String, List<String>> headers = new HashMap<>();
    private final List<String> headerNames = new ArrayList<>();
    private final Map<String, List<String>> cookies = new LinkedHashMap<>();
    private String remoteAddress = "";
    private boolean secure;
    private @Nullable String formCsrfToken;
    private @Nullable String tenant;
    private @Nullable String origin;
    private boolean resolved;

    private Builder(String method, String path) {
      this.method =
          Checks.notBlank(
              method, "method"); // as sent: methods are case-sensitive (RFC 9110), "get" is not GET
      this.path = Checks.notNull(path, "path").isEmpty() ? "/" : path;
    }

    /** The raw query string (without {@code ?}); empty for none. */
    public Builder query(String query) {
      this.query = Checks.notNull(query, "query").isEmpty() ? null : query;
      return this;
    }

    public Builder contextPath(String contextPath) {
      this.contextPath = Checks.notNull(contextPath, "contextPath");
      return this;
    }

    /** Adds one header value. */
    public Builder header(String name, String value) {
      Checks.notNull(value, "value");
      String key = lower(Checks.notBlank(name, "name"));
      List<String> values = headers.get(key);
      if (values == null) {
        values = new ArrayList<>(1);
        headers.put(key, values);
        headerNames.add(name);
      }
      values.add(value);
      return this;
    }

    /** Adds one cookie. */
    public Builder cookie(String name, String value) {
      cookies
          .computeIfAbsent(Checks.notBlank(name, "name"), k -> new ArrayList<>())
          .add(Checks.notNull(value, "value"));
      return this;
    }

    public Builder remoteAddress(String remoteAddress) {
      this.remoteAddress = Checks.notNull(remoteAddress, "remoteAddress");
      return this;
    }

    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    /** The {@code _csrf} field of a form-encoded body, when the adapter has read one. */
    public Builder formCsrfToken(String token) {
      this.formCsrfToken = Checks.notNull(token, "token");
      return this;
    }

    /** The resolved tenant (set by the guard). */
    public Builder tenant(String tenant) {
      this.tenant = Checks.notNull(tenant, "tenant");
      return this;
    }

    /** The origin the client addressed (set by the guard); by default computed from the scheme and {@code Host}. */
    public Builder origin(String origin) {
      this.origin = Checks.notNull(origin, "origin");
      return this;
    }

    public AuthRequest build() {
      return new AuthRequest(this);
    }
  }
}
