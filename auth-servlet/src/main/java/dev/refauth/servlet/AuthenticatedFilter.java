package dev.refauth.servlet;

import dev.refauth.core.AuthError;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthProviders;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.Authentication;
import dev.refauth.core.Decision;
import dev.refauth.core.HttpReply;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.PathRules;
import dev.refauth.core.TenantResolver;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Protects a web application with an {@link AuthProvider}: it calls {@code check} (through the identity
 * cache) for protected paths, sends browsers to the login page and back, answers API calls with 401
 * JSON, and routes errors through {@code onError}. A thin adapter: every decision is the core's
 * {@link AuthGuard}.
 *
 * <h2>web.xml</h2>
 * <pre>{@code
 * <filter>
 *   <filter-name>auth</filter-name>
 *   <filter-class>dev.refauth.servlet.AuthenticatedFilter</filter-class>
 *   <init-param><param-name>provider</param-name><param-value>com.example.MyAuthProvider</param-value></init-param>
 *   <init-param><param-name>protectedPaths</param-name><param-value>/*</param-value></init-param>
 *   <init-param><param-name>publicPaths</param-name><param-value>/assets/*, /favicon.ico</param-value></init-param>
 *   <init-param><param-name>loginPath</param-name><param-value>/login</param-value></init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>auth</filter-name>
 *   <url-pattern>/*</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * <h2>Init-params</h2>
 * <table>
 *   <caption>init-params</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #PROVIDER_PARAM}</td><td>the single {@code AuthProviderFactory} service</td><td>class name of an {@code AuthProvider} or {@code AuthProviderFactory}</td></tr>
 *   <tr><td>{@code provider.*}</td><td></td><td>the provider's own settings, prefix removed ({@code provider.users} is its {@code users})</td></tr>
 *   <tr><td>{@value #PROTECTED_PATHS_PARAM}</td><td>{@code /*}</td><td>patterns that need authentication ({@code /exact}, {@code /prefix/*}, {@code *.ext}), comma-separated</td></tr>
 *   <tr><td>{@value #PUBLIC_PATHS_PARAM}</td><td>none</td><td>patterns open to everyone; they win over protected ones</td></tr>
 *   <tr><td>{@value #PUBLIC_ONLY_PATHS_PARAM}</td><td>the login path</td><td>open to everyone, but an authenticated browser is sent on to {@code to} or the home path</td></tr>
 *   <tr><td>{@value #LOGIN_PATH_PARAM}</td><td>{@code /login}</td><td>the fallback login page</td></tr>
 *   <tr><td>{@value #HOME_PATH_PARAM}</td><td>{@code /}</td><td>where authenticated browsers go from public-only pages and after login</td></tr>
 *   <tr><td>{@value #REDIRECT_ON_FAIL_PARAM}</td><td>{@code true}</td><td>redirect unauthenticated browsers to the login page ({@code false}: 401 for everyone)</td></tr>
 *   <tr><td>{@value #APPEND_CURRENT_PATH_PARAM}</td><td>{@code true}</td><td>add {@code ?to=<path and query>} to that redirect</td></tr>
 *   <tr><td>{@value #BROWSER_NAVIGATION_PARAM}</td><td>{@code accept-html}</td><td>who is a browser: {@code accept-html} (Accept has text/html, no X-Requested-With), {@code never}, {@code always}</td></tr>
 *   <tr><td>{@value #API_PATH_PARAM}</td><td>{@code /auth}</td><td>where {@link AuthApiServlet} is mapped; always public</td></tr>
 *   <tr><td>{@value #TRUSTED_ORIGINS_PARAM}</td><td>none</td><td>other origins allowed to send cookie-authenticated state changes</td></tr>
 *   <tr><td>{@value #CACHE_TTL_PARAM}</td><td>{@code 60s}</td><td>the longest an identity stays cached</td></tr>
 *   <tr><td>{@value #CACHE_MAXIMUM_SIZE_PARAM}</td><td>{@code 100000}</td><td>the most identities cached</td></tr>
 *   <tr><td>{@value #TENANT_RESOLUTION_PARAM}</td><td>{@code header}</td><td>how a request names its tenant: {@code header}
 *       ({@code X-Tenant-ID}), {@code subdomain:app.example.com}, {@code path:/t/}, {@code fixed:acme} or {@code none}</td></tr>
 * </table>
 * An unknown init-param or a bad value fails {@code init()} with a message that names it.
 *
 * <p>Downstream, {@code getUserPrincipal()} is an {@link dev.refauth.core.AuthPrincipal}, {@code isUserInRole}
 * answers from the permissions, and the request attributes {@link AuthGuard#AUTHENTICATION_ATTRIBUTE},
 * {@value #IDENTITY_ATTRIBUTE} (the identity as a map, for JSP EL), {@code dev.refauth.core.Tenant} (the
 * caller's tenant, typed) and {@link AuthGuard#CSRF_ATTRIBUTE} are
 * set. The guard is shared through the servlet context attribute {@link AuthGuard#GUARD_ATTRIBUTE}, so the
 * API servlet and the JAX-RS layer use the same one.
 */
public final class AuthenticatedFilter implements Filter {
  public static final String PROVIDER_PARAM = "provider";
  public static final String PROTECTED_PATHS_PARAM = "protectedPaths";
  public static final String PUBLIC_PATHS_PARAM = "publicPaths";
  public static final String PUBLIC_ONLY_PATHS_PARAM = "publicOnlyPaths";
  public static final String LOGIN_PATH_PARAM = "loginPath";
  public static final String HOME_PATH_PARAM = "homePath";
  public static final String REDIRECT_ON_FAIL_PARAM = "redirectOnFail";
  public static final String APPEND_CURRENT_PATH_PARAM = "appendCurrentPathToQuery";
  public static final String BROWSER_NAVIGATION_PARAM = "browserNavigation";
  public static final String API_PATH_PARAM = "apiPath";
  public static final String TRUSTED_ORIGINS_PARAM = "trustedOrigins";
  public static final String CACHE_TTL_PARAM = "cacheTtl";
  public static final String CACHE_MAXIMUM_SIZE_PARAM = "cacheMaximumSize";
  public static final String TENANT_RESOLUTION_PARAM = "tenantResolution";
  /** Request attribute: the identity as a map ({@code ${requestScope['refauth.identity'].name}}). */
  public static final String IDENTITY_ATTRIBUTE = "refauth.identity";

  private static final Set<String> KNOWN = Set.of(PROVIDER_PARAM, PROTECTED_PATHS_PARAM, PUBLIC_PATHS_PARAM,
      PUBLIC_ONLY_PATHS_PARAM, LOGIN_PATH_PARAM, HOME_PATH_PARAM, REDIRECT_ON_FAIL_PARAM, APPEND_CURRENT_PATH_PARAM,
      BROWSER_NAVIGATION_PARAM, API_PATH_PARAM, TRUSTED_ORIGINS_PARAM, CACHE_TTL_PARAM, CACHE_MAXIMUM_SIZE_PARAM,
      TENANT_RESOLUTION_PARAM);
  private static final System.Logger LOG = System.getLogger(AuthenticatedFilter.class.getName());

  private final Map<String, String> codeSettings;
  private AuthGuard guard;
  /** Whether this filter built the guard (from web.xml) and so closes its provider. */
  private boolean ownsGuard;
  private String apiPrefix = "/auth/";

  /** For {@code web.xml}: configured by init-params. */
  public AuthenticatedFilter() {
    this.codeSettings = null;
  }

  /** For registration in code, with the same settings as the init-params (validated the same way, at {@code init()}). */
  public AuthenticatedFilter(Map<String, String> settings) {
    this.codeSettings = Map.copyOf(settings);
  }

  /** For registration in code, with a guard built by the application. */
  public AuthenticatedFilter(AuthGuard guard) {
    this.codeSettings = null;
    this.guard = guard;
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    ServletContext context = config.getServletContext();
    if (guard == null) {
      Map<String, String> params = codeSettings != null ? codeSettings : initParams(config);
      apiPrefix = params.getOrDefault(API_PATH_PARAM, "/auth").strip() + "/";
      try {
        guard = createGuard(AuthSettings.of(params), classLoader(context));
        ownsGuard = true;
      } catch (AuthException | IllegalArgumentException e) {
        throw new ServletException("AuthenticatedFilter '" + config.getFilterName() + "': " + e.getMessage(), e);
      }
    }
    context.setAttribute(AuthGuard.GUARD_ATTRIBUTE, guard);
  }

  /** Closes the provider this filter created (its pools and threads); a guard given in code is the application's to close. */
  @Override
  public void destroy() {
    if (ownsGuard && guard != null) {
      try {
        guard.provider().close();
      } catch (RuntimeException e) {
        System.getLogger(AuthenticatedFilter.class.getName()).log(System.Logger.Level.WARNING, "closing the auth provider failed: " + e);
      }
    }
  }

  /**
   * Builds a guard from the filter's settings (see the class javadoc).
   *
   * @throws AuthException naming a bad or unknown setting
   */
  public static AuthGuard createGuard(AuthSettings settings, ClassLoader loader) {
    settings.requireOnly(KNOWN, PROVIDER_PARAM + ".");
    String loginPath = settings.string(LOGIN_PATH_PARAM, "/login");
    String apiPath = settings.string(API_PATH_PARAM, "/auth");
    if (!apiPath.startsWith("/") || apiPath.endsWith("/") || apiPath.contains("*")) {
      throw settings.bad(API_PATH_PARAM, apiPath, "a path such as /auth");
    }
    List<String> protect = settings.get(PROTECTED_PATHS_PARAM).isPresent() ? settings.list(PROTECTED_PATHS_PARAM) : List.of("/*");
    List<String> open = new ArrayList<>(settings.list(PUBLIC_PATHS_PARAM));
    open.add(apiPath + "/*");
    List<String> publicOnly = settings.get(PUBLIC_ONLY_PATHS_PARAM).isPresent() ? settings.list(PUBLIC_ONLY_PATHS_PARAM) : List.of(loginPath);
    PathRules rules;
    try {
      rules = PathRules.of(protect, open, publicOnly);
    } catch (IllegalArgumentException e) {
      throw new AuthException("path settings: " + e.getMessage(), e);
    }
    AuthProvider provider = AuthProviders.load(settings.get(PROVIDER_PARAM).orElse(null), settings.subset(PROVIDER_PARAM + "."), loader);
    AuthGuard.Builder b = AuthGuard.builder(provider)
        .pathRules(rules)
        .identityCache(IdentityCache.builder()
            .ttl(settings.duration(CACHE_TTL_PARAM, Duration.ofSeconds(60)))
            .maximumSize(settings.integer(CACHE_MAXIMUM_SIZE_PARAM, 100_000, 0, 100_000_000))
            .build())
        .redirectOnFail(settings.bool(REDIRECT_ON_FAIL_PARAM, true))
        .appendCurrentPathToQuery(settings.bool(APPEND_CURRENT_PATH_PARAM, true))
        .browserNavigation(browserRule(settings))
        .tenantResolver(tenantResolver(settings))
        .trustedOrigins(new HashSet<>(settings.list(TRUSTED_ORIGINS_PARAM)));
    try {
      b.loginPath(loginPath);
    } catch (IllegalArgumentException e) {
      throw settings.bad(LOGIN_PATH_PARAM, loginPath, "a local path such as /login");
    }
    String home = settings.string(HOME_PATH_PARAM, "/");
    try {
      b.homePath(home);
    } catch (IllegalArgumentException e) {
      throw settings.bad(HOME_PATH_PARAM, home, "a local path such as /");
    }
    return b.build();
  }

  private static TenantResolver tenantResolver(AuthSettings settings) {
    String v = settings.string(TENANT_RESOLUTION_PARAM, "header");
    String expected = "header, subdomain:<base domain>, path:<prefix>, fixed:<tenant id> or none";
    try {
      if (v.equals("header")) {
        return TenantResolver.header();
      }
      if (v.equals("none")) {
        return r -> TenantResolver.Resolution.none();
      }
      if (v.startsWith("subdomain:") && v.length() > 10) {
        return TenantResolver.subdomain(v.substring(10));
      }
      if (v.startsWith("path:/") && v.endsWith("/")) {
        return TenantResolver.pathPrefix(v.substring(5));
      }
      if (v.startsWith("fixed:")) {
        return TenantResolver.fixed(v.substring(6));
      }
    } catch (IllegalArgumentException e) {
      throw settings.bad(TENANT_RESOLUTION_PARAM, v, expected);
    }
    throw settings.bad(TENANT_RESOLUTION_PARAM, v, expected);
  }

  private static Predicate<dev.refauth.core.AuthRequest> browserRule(AuthSettings settings) {
    String v = settings.string(BROWSER_NAVIGATION_PARAM, "accept-html");
    return switch (v) {
      case "accept-html" -> AuthGuard::isBrowserNavigation;
      case "never" -> r -> false;
      case "always" -> r -> true;
      default -> throw settings.bad(BROWSER_NAVIGATION_PARAM, v, "accept-html, never or always");
    };
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String rawPath = Exchanges.rawPath(request);
    if (rawPath.startsWith(apiPrefix) && PathRules.decode(rawPath).isPresent()) {
      chain.doFilter(request, response); // the API decides for itself, after reading its own body
      return;
    }
    AuthRequest authRequest = Exchanges.toAuthRequest(request, rawPath);
    if (isUnsafeForm(request)) {
      authRequest = authRequest.toBuilder().formCsrfToken(request.getParameter("_csrf")).build();
    }
    Decision decision = guard.authorize(authRequest);
    if (decision.reply().isPresent()) {
      Exchanges.write(decision.reply().get(), request, response);
      return;
    }
    Exchanges.applyCookies(decision.effects().cookies(), response);
    decision.effects().headers().forEach(response::setHeader);
    HttpServletRequest downstream = request;
    request.setAttribute(AuthGuard.GUARD_ATTRIBUTE, guard);
    decision.csrfToken().ifPresent(token -> request.setAttribute(AuthGuard.CSRF_ATTRIBUTE, token));
    if (decision.authentication().isPresent()) {
      Authentication auth = decision.authentication().get();
      downstream = new AuthenticatedRequest(request, auth);
      request.setAttribute(AuthGuard.AUTHENTICATION_ATTRIBUTE, auth);
      request.setAttribute(IDENTITY_ATTRIBUTE, identityMap(auth));
      auth.identity().tenant().ifPresent(t -> request.setAttribute(dev.refauth.core.Tenant.class.getName(), new dev.refauth.core.Tenant(t)));
    }
    ErrorCapturingResponse capturing = new ErrorCapturingResponse(response);
    try {
      chain.doFilter(downstream, capturing);
    } catch (IOException | ServletException | RuntimeException e) {
      if (response.isCommitted()) {
        throw e;
      }
      LOG.log(Level.ERROR, "request failed downstream of AuthenticatedFilter: " + e.getClass().getName(), e);
      response.resetBuffer();
      Exchanges.write(guard.onError(authRequest, AuthError.of("ServerError", "Something went wrong", 500)), request, response);
      return;
    }
    int status = capturing.capturedStatus();
    if (status != 0) {
      response.resetBuffer();
      AuthError error = status == 401 ? AuthError.unauthorized() : AuthError.forbidden();
      HttpReply reply = guard.onError(authRequest, error);
      Exchanges.write(reply, request, response);
    }
  }

  private static boolean isUnsafeForm(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")
        && !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
  }

  private static Map<String, Object> identityMap(Authentication auth) {
    Map<String, Object> m = auth.identity().toMap();
    m.put("permissions", auth.permissions().asStrings());
    return Collections.unmodifiableMap(m);
  }

  private static ClassLoader classLoader(ServletContext context) {
    ClassLoader loader = context.getClassLoader();
    if (loader == null) {
      loader = Thread.currentThread().getContextClassLoader();
    }
    return loader != null ? loader : AuthenticatedFilter.class.getClassLoader();
  }

  private static Map<String, String> initParams(FilterConfig config) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String name : Collections.list(config.getInitParameterNames())) {
      m.put(name, config.getInitParameter(name));
    }
    return m;
  }

  /** The guard this filter decides with (after {@code init}). */
  public AuthGuard guard() {
    return guard;
  }
}
