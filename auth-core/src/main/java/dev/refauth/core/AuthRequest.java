package dev.refauth.core;

import dev.refauth.core.adapter.RequestView;
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
 * A transport-neutral view of the current request: what an adapter (servlet filter, JAX-RS filter) hands to the
 * core and to providers, over the transport's own request ({@link #of}) or built from values ({@link #builder}).
 * Immutable as far as this class goes: its facts are read from the transport when asked, so keep the values a task
 * needs after the request, not the request.
 *
 * <p>{@link #path()} is the path inside the application, as sent (not decoded, not normalized), so that
 * the core can refuse ambiguous forms before any matching.
 */
public final class AuthRequest {
  /** The header Refine's multi-tenant example sends. */
  public static final String TENANT_HEADER = "X-Tenant-ID";

  private static final String AUTHORIZATION = "authorization";

  /** The characters of RFC 6750's b64token, by code point (below 128). */
  private static final boolean[] B64TOKEN = new boolean[128];

  static {
    for (char c :
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/".toCharArray()) {
      B64TOKEN[c] = true;
    }
  }

  private final RequestView view;

  /** What the guard resolved (proxies, public origin); null before, or when it changed nothing. */
  private final @Nullable Resolved facts;

  private final @Nullable String formCsrfToken;
  private final @Nullable String tenant;

  /** Whether the guard resolved proxies and tenant already (a resolved request is never resolved again). */
  private final boolean resolved;

  /** {@link #bearerToken()}, once computed. Not volatile: a value, recomputed at worst (as String.hash). */
  private @Nullable Optional<String> bearer;

  /** The query's parameters, once parsed: an immutable map, so a racing read sees all of it or null. */
  private @Nullable Map<String, List<String>> queryParams;

  /**
   * The client's facts as the guard resolved them: the context path, the scheme, the origin and, when a trusted
   * proxy reported one, the address ({@code null}: the peer's, read from the view when asked).
   */
  private record Resolved(
      String contextPath,
      @Nullable String remoteAddress,
      boolean secure,
      @Nullable String origin) {}

  private AuthRequest(
      RequestView view,
      @Nullable Resolved facts,
      @Nullable String formCsrfToken,
      @Nullable String tenant,
      boolean resolved,
      @Nullable Optional<String> bearer) {
    this.view = view;
    this.facts = facts;
    this.formCsrfToken = formCsrfToken;
    this.tenant = tenant;
    this.resolved = resolved;
    this.bearer = bearer;
  }

  /**
   * The request an adapter shows the core. The view is read on demand, while the request is being served (see
   * {@link RequestView}).
   */
  public static AuthRequest of(RequestView view) {
    return new AuthRequest(Checks.notNull(view, "view"), null, null, null, false, null);
  }

  /**
   * @param method the HTTP method, e.g. {@code GET}
   * @param path the path inside the application, starting with {@code /}, as sent
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  public String method() {
    return view.method();
  }

  /** The path inside the application, as sent: not decoded, not normalized. */
  public String path() {
    return view.path();
  }

  /** The raw query string, without {@code ?}. */
  public Optional<String> query() {
    String q = view.query();
    return q.isEmpty() ? Optional.empty() : Optional.of(q);
  }

  /** Path and query as sent, e.g. {@code /posts?page=2}. */
  public String pathAndQuery() {
    String q = view.query();
    return q.isEmpty() ? view.path() : view.path() + "?" + q;
  }

  /**
   * The application's context path as the client sees it, {@code ""} at the root: the container's, behind the path
   * a trusted proxy reported removing ({@code X-Forwarded-Prefix}). Redirects and cookie paths are built on it.
   */
  public String contextPath() {
    Resolved f = facts;
    return f != null ? f.contextPath() : view.contextPath();
  }

  /** The first value of a query parameter, decoded; empty when absent or malformed. */
  public Optional<String> queryParam(String name) {
    List<String> values = queryParams(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of a query parameter, in order (none: empty). */
  List<String> queryParams(String name) {
    Map<String, List<String>> params = queryParams;
    if (params == null) {
      params = parseQuery(view.query());
      queryParams = params;
    }
    List<String> values = params.get(name);
    return values == null ? List.of() : values;
  }

  /** The first value of a header (names are case-insensitive). */
  public Optional<String> header(String name) {
    List<String> values = view.headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of a header (names are case-insensitive). */
  public List<String> headers(String name) {
    return view.headers(name);
  }

  /** Header names as sent (the first spelling of each name), in the order sent. */
  public List<String> headerNames() {
    return view.headerNames();
  }

  /** The first cookie of that name. */
  public Optional<String> cookie(String name) {
    List<String> values = view.cookies(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The cookie of that name when it was sent exactly once and is not empty: two of one name are nobody's to choose from. */
  public Optional<String> singleCookie(String name) {
    List<String> values = view.cookies(name);
    return values.size() == 1 && !values.get(0).isEmpty()
        ? Optional.of(values.get(0))
        : Optional.empty();
  }

  /** Every cookie of that name (a browser may send several; treat more than one as suspicious). */
  public List<String> cookies(String name) {
    return view.cookies(name);
  }

  /**
   * The client's address. Once the guard has resolved the request, it is the address a trusted proxy reported
   * (see {@code trustedProxies}); before, or without trusted proxies, the connection's peer.
   */
  public String remoteAddress() {
    Resolved f = facts;
    String reported = f == null ? null : f.remoteAddress();
    return reported != null ? reported : view.remoteAddress();
  }

  /**
   * Whether the client reached the application over TLS: the public origin's scheme when one is configured, else
   * what a trusted proxy reported, else the connection's own.
   */
  public boolean secure() {
    Resolved f = facts;
    return f != null ? f.secure() : view.secure();
  }

  /**
   * The origin the client addressed, {@code scheme://host[:port]} in lower case without a default port, as a
   * browser writes it in {@code Origin}: the configured public origin, else the scheme and host a trusted proxy
   * reported, else this connection's scheme and {@code Host} header. Build absolute links from a configured
   * public origin only: without one, this is what the client sent.
   */
  public String origin() {
    Resolved f = facts;
    String o = f == null ? null : f.origin();
    return o != null ? o : originOf(secure() ? "https" : "http", header("Host").orElse(""));
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

  /**
   * This request as the guard resolved it: the client's context path, scheme and origin, the address a trusted proxy
   * reported ({@code null}: the peer's), and the tenant.
   */
  AuthRequest resolvedAs(
      String contextPath,
      @Nullable String remoteAddress,
      boolean secure,
      @Nullable String origin,
      @Nullable String tenant) {
    return new AuthRequest(
        view,
        new Resolved(contextPath, remoteAddress, secure, origin),
        formCsrfToken,
        tenant,
        true,
        bearer);
  }

  /** Whether an {@code Authorization} header was sent at all. */
  public boolean hasAuthorization() {
    return !view.headers(AUTHORIZATION).isEmpty();
  }

  /**
   * The bearer token of a single, well-formed {@code Authorization: Bearer <token>} header (RFC 6750);
   * empty when there is none, several, or a malformed one.
   */
  public Optional<String> bearerToken() {
    Optional<String> b = bearer;
    if (b == null) { // the guard, the cache and the provider all ask
      b = parseBearer();
      bearer = b;
    }
    return b;
  }

  private Optional<String> parseBearer() {
    List<String> values = view.headers(AUTHORIZATION);
    if (values.size() != 1) {
      return Optional.empty();
    }
    String value = values.get(0);
    if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    int start = 7;
    int end = value.length();
    while (start < end && Character.isWhitespace(value.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
      end--;
    }
    return isB64Token(value, start, end)
        ? Optional.of(value.substring(start, end))
        : Optional.empty();
  }

  /** RFC 6750 b64token: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}; a table, not a regex (hot path). */
  static boolean isB64Token(String token) {
    return isB64Token(token, 0, token.length());
  }

  /** {@link #isB64Token(String)} of {@code s.substring(start, end)}, without the copy. */
  private static boolean isB64Token(String token, int start, int end) {
    while (end > start && token.charAt(end - 1) == '=') {
      end--;
    }
    if (end == start) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = token.charAt(i);
      if (c >= 128 || !B64TOKEN[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The anti-CSRF token the client presented: the {@code X-CSRF-Token} header, or the {@code _csrf} field
   * of a form body, which the adapter adds with {@link #withFormCsrfToken}.
   */
  public Optional<String> csrfToken() {
    return header("X-CSRF-Token").or(() -> Optional.ofNullable(formCsrfToken));
  }

  /** A copy carrying the {@code _csrf} field of a form-encoded body the adapter has read. */
  public AuthRequest withFormCsrfToken(String token) {
    return new AuthRequest(view, facts, Checks.notNull(token, "token"), tenant, resolved, bearer);
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
        view, facts, formCsrfToken, Checks.notBlank(tenant, "tenant"), resolved, bearer);
  }

  /** Method and path only: headers and cookies carry credentials. */
  @Override
  public String toString() {
    return "AuthRequest[" + view.method() + " " + view.path() + "]";
  }

  private static Map<String, List<String>> parseQuery(String query) {
    if (query.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> params = new HashMap<>();
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
    // immutable all the way down: the field caching it is read without a lock
    params.replaceAll((k, v) -> List.copyOf(v));
    return Map.copyOf(params);
  }

  /**
   * Builds an {@link AuthRequest} from values, for tests and for code that has no transport request at hand. Not
   * thread-safe.
   */
  public static final class Builder {
    private final String method;
    private final String path;
    private String query = "";
    private String contextPath = "";
    private final Map<String, List<String>> headers = new HashMap<>();
    private final List<String> headerNames = new ArrayList<>();
    private final Map<String, List<String>> cookies = new LinkedHashMap<>();
    private String remoteAddress = "";
    private boolean secure;
    private @Nullable String formCsrfToken;
    private @Nullable String tenant;
    private @Nullable String origin;

    private Builder(String method, String path) {
      // as sent: methods are case-sensitive (RFC 9110), "get" is not GET
      this.method = Checks.notBlank(method, "method");
      this.path = Checks.notNull(path, "path").isEmpty() ? "/" : path;
    }

    /** The raw query string (without {@code ?}); empty for none. */
    public Builder query(String query) {
      this.query = Checks.notNull(query, "query");
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

    /** The {@code _csrf} field of a form-encoded body. */
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
      RequestView view =
          new ValuesView(
              method,
              path,
              query,
              contextPath,
              remoteAddress,
              secure,
              freeze(headers),
              List.copyOf(headerNames),
              freeze(cookies));
      Resolved facts = origin == null ? null : new Resolved(contextPath, null, secure, origin);
      return new AuthRequest(view, facts, formCsrfToken, tenant, false, null);
    }

    private static Map<String, List<String>> freeze(Map<String, List<String>> source) {
      Map<String, List<String>> copy = new HashMap<>(Math.max(4, source.size() * 2));
      source.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return Collections.unmodifiableMap(copy);
    }
  }

  /** A request given as values (the {@link Builder}'s): headers by lower-cased name. */
  private record ValuesView(
      String method,
      String path,
      String query,
      String contextPath,
      String remoteAddress,
      boolean secure,
      Map<String, List<String>> headerMap,
      List<String> headerNames,
      Map<String, List<String>> cookieMap)
      implements RequestView {
    @Override
    public List<String> headers(String name) {
      return headerMap.getOrDefault(lower(name), List.of());
    }

    @Override
    public List<String> cookies(String name) {
      return cookieMap.getOrDefault(name, List.of());
    }
  }

  /** Lower case for the values view's map; the same instance when there is nothing to lower. */
  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
