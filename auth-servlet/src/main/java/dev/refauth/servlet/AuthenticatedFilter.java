package dev.refauth.servlet;

import dev.refauth.core.AuthError;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.GuardSettings;
import dev.refauth.core.adapter.Decision;
import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.internal.ClassLoading;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
 * <h2>The whole stack, no Java</h2>
 * With {@code auth-standard} on the class path (its {@code StandardProviderFactory} is the {@code AuthProviderFactory}
 * service, so no {@code provider} init-param), accounts, sessions, refresh tokens, mail, tenants and social login come
 * from settings; the server gives the database and the mail session, the deployment gives the secrets:
 * <pre>{@code
 * <filter>
 *   <filter-name>auth</filter-name>
 *   <filter-class>dev.refauth.servlet.AuthenticatedFilter</filter-class>
 *   <init-param><param-name>publicOrigin</param-name><param-value>https://app.example.com</param-value></init-param>
 *   <init-param><param-name>tenants</param-name><param-value>acme=Acme Corporation</param-value></init-param>
 *   <init-param><param-name>provider.store</param-name><param-value>jdbc</param-value></init-param>
 *   <init-param><param-name>provider.jdbc.dataSource</param-name><param-value>java:comp/env/jdbc/refauth</param-value></init-param>
 *   <init-param><param-name>provider.mail.session</param-name><param-value>java:comp/env/mail/refauth</param-value></init-param>
 *   <init-param><param-name>provider.mail.from</param-name><param-value>no-reply@example.com</param-value></init-param>
 *   <init-param><param-name>provider.jwt.jwks</param-name><param-value>/etc/refauth/signing.jwks</param-value></init-param>
 *   <init-param><param-name>provider.accounts.defaultTenant</param-name><param-value>acme</param-value></init-param>
 * </filter>
 * <filter-mapping><filter-name>auth</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * <servlet><servlet-name>auth-api</servlet-name><servlet-class>dev.refauth.servlet.AuthApiServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>auth-api</servlet-name><url-pattern>/auth/*</url-pattern></servlet-mapping>
 * <resource-ref><res-ref-name>jdbc/refauth</res-ref-name><res-type>javax.sql.DataSource</res-type></resource-ref>
 * <resource-ref><res-ref-name>mail/refauth</res-ref-name><res-type>jakarta.mail.Session</res-type></resource-ref>
 * }</pre>
 * The standard provider's settings are in its javadoc.
 *
 * <h2>Init-params</h2>
 * <table>
 *   <caption>init-params</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #PROVIDER_PARAM}</td><td>the single {@code AuthProviderFactory} service</td><td>class name of an {@code AuthProvider} or {@code AuthProviderFactory}</td></tr>
 *   <tr><td>{@code provider.*}</td><td></td><td>the provider's own settings, prefix removed ({@code provider.users} is its {@code users}); the
 *       provider also sees the deployment's facts set here ({@code publicOrigin}, {@code loginPath}, {@code apiPath},
 *       {@code tenants}, and the context path), each under its one key: {@code provider.loginPath} and the like fail at start</td></tr>
 *   <tr><td>{@value #PROTECTED_PATHS_PARAM}</td><td>{@code /*}</td><td>patterns that need authentication ({@code /exact}, {@code /prefix/*}, {@code *.ext}), comma-separated</td></tr>
 *   <tr><td>{@value #PUBLIC_PATHS_PARAM}</td><td>none</td><td>patterns open to everyone; they win over protected ones</td></tr>
 *   <tr><td>{@value #PUBLIC_ONLY_PATHS_PARAM}</td><td>the login path</td><td>open to everyone, but an authenticated browser is sent on to {@code to} or the home path</td></tr>
 *   <tr><td>{@value #SECOND_FACTOR_PATHS_PARAM}</td><td>none</td><td>patterns that need a recent second factor (the step-up): a
 *       caller without one gets 403 {@code StepUpRequired} (a browser: the step-up page)</td></tr>
 *   <tr><td>{@value #SECOND_FACTOR_WITHIN_PARAM}</td><td>{@code 10m}</td><td>how recent that second factor must be (1 second to 1 day)</td></tr>
 *   <tr><td>{@value #SECOND_FACTOR_POLICY_PARAM}</td><td>{@code optional}</td><td>who must sign in with a second factor: {@code optional},
 *       {@code required}, or the permissions whose holders must ({@code admin, billing:*});
 *       {@code secondFactorPolicy.<tenant>} for one tenant</td></tr>
 *   <tr><td>{@value #STEP_UP_PATH_PARAM}</td><td>{@code <loginPath>/second-factor}</td><td>the page where a signed-in person gives a
 *       second factor again (protected or public, not public-only)</td></tr>
 *   <tr><td>{@value #ENROLMENT_PATH_PARAM}</td><td>none</td><td>the page where a person adds a second factor, for those the
 *       step-up or the policy sends there</td></tr>
 *   <tr><td>{@value #LOGIN_PATH_PARAM}</td><td>{@code /login}</td><td>the login page (the provider's too); a login page the path rules protect fails at start</td></tr>
 *   <tr><td>{@value #HOME_PATH_PARAM}</td><td>{@code /}</td><td>where authenticated browsers go from public-only pages and after login</td></tr>
 *   <tr><td>{@value #REDIRECT_ON_FAIL_PARAM}</td><td>{@code true}</td><td>redirect unauthenticated browsers to the login page ({@code false}: 401 for everyone)</td></tr>
 *   <tr><td>{@value #APPEND_CURRENT_PATH_PARAM}</td><td>{@code true}</td><td>add {@code ?to=<path and query>} to that redirect</td></tr>
 *   <tr><td>{@value #BROWSER_NAVIGATION_PARAM}</td><td>{@code accept-html}</td><td>who is a browser: {@code accept-html} (Accept has text/html, no X-Requested-With), {@code never}, {@code always}</td></tr>
 *   <tr><td>{@value #API_PATH_PARAM}</td><td>{@code /auth}</td><td>where {@link AuthApiServlet} is mapped; always public; the provider scopes its refresh cookie below it</td></tr>
 *   <tr><td>{@value #ALLOWED_ORIGINS_PARAM}</td><td>none</td><td>other origins a browser app may call from with credentials
 *       ({@code http://localhost:5173, https://admin.example.com}): CORS, and trusted by the CSRF check. Exact origins; no wildcard</td></tr>
 *   <tr><td>{@value #CORS_ALLOWED_HEADERS_PARAM}</td><td>{@code Authorization, Content-Type, X-Tenant-ID, X-CSRF-Token, X-Requested-With}</td><td>request headers those origins may send</td></tr>
 *   <tr><td>{@value #CORS_EXPOSED_HEADERS_PARAM}</td><td>{@code WWW-Authenticate, Retry-After}</td><td>response headers their scripts may read</td></tr>
 *   <tr><td>{@value #CORS_MAX_AGE_PARAM}</td><td>{@code 10m}</td><td>how long a browser keeps a preflight's answer</td></tr>
 *   <tr><td>{@value #PUBLIC_ORIGIN_PARAM}</td><td>none</td><td>the origin users reach the application at ({@code https://app.example.com}),
 *       when a proxy in front rewrites {@code Host} or ends TLS: the CSRF origin check, the {@code Secure} cookie decision, and (for the
 *       provider, which sees this setting too) the links it mails and the social login callbacks</td></tr>
 *   <tr><td>{@value #TRUSTED_PROXIES_PARAM}</td><td>none</td><td>addresses or CIDR blocks ({@code 10.0.0.0/8, ::1}) whose
 *       {@code X-Forwarded-For}, {@code -Proto}, {@code -Host}, {@code -Prefix} headers give the client's address (throttling, audit),
 *       scheme, host and the path prefix the proxy removed; from any other address those headers change nothing</td></tr>
 *   <tr><td>{@value #TRUSTED_PROXY_HEADERS_PARAM}</td><td>{@code x-forwarded}</td><td>which headers those proxies write: {@code x-forwarded}
 *       or {@code forwarded} (RFC 7239); only that family is read, the other is the client's</td></tr>
 *   <tr><td>{@value #CACHE_TTL_PARAM}</td><td>{@code 60s}</td><td>the longest an identity stays cached</td></tr>
 *   <tr><td>{@value #CACHE_MAXIMUM_SIZE_PARAM}</td><td>{@code 100000}</td><td>the most identities cached</td></tr>
 *   <tr><td>{@value #TENANT_RESOLUTION_PARAM}</td><td>{@code header}</td><td>how a request names its tenant: {@code header}
 *       ({@code X-Tenant-ID}), {@code subdomain:app.example.com}, {@code path:/t/}, {@code fixed:acme} or {@code none}</td></tr>
 *   <tr><td>{@value #TENANTS_PARAM}</td><td>none</td><td>the tenants there are, with display names
 *       ({@code acme=Acme Corporation, globex=Globex Inc}); a request for any other is refused; the provider sees it too</td></tr>
 * </table>
 * The filter also hands the provider {@code contextPath}, the path the application is deployed under: a fact of the
 * container, not a setting.
 *
 * <h2>Settings outside web.xml</h2>
 * A provider setting ({@code provider.*}) or {@code publicOrigin} the init-params leave out is looked for under
 * {@code refauth.<name>}: in MicroProfile Config when the server has it (Payara: its system properties, environment,
 * {@code microprofile-config.properties} and password aliases, by MicroProfile's ordinals), else in the system
 * properties, then the environment ({@code REFAUTH_PROVIDER_JDBC_PASSWORD} for {@code provider.jdbc.password}). What
 * {@code web.xml} sets wins, so keep secrets out of it and give them to the deployment. What the filter protects
 * (paths, origins, proxies, tenants, the provider's class) only {@code web.xml} sets. A missing setting fails {@code
 * init()} naming every place it was looked for. System properties and the environment belong to the whole server: two
 * applications on one server that both leave a setting out read the same value.
 * An unknown init-param, a bad value or two that contradict each other fail {@code init()} with a message that names them.
 *
 * <h2>A Refine app on another origin, or behind a proxy</h2>
 * <pre>{@code
 * <init-param><param-name>allowedOrigins</param-name><param-value>https://admin.example.com</param-value></init-param>
 * <init-param><param-name>publicOrigin</param-name><param-value>https://api.example.com</param-value></init-param>
 * <init-param><param-name>trustedProxies</param-name><param-value>10.0.0.0/8</param-value></init-param>
 * }</pre>
 * A CORS preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is answered here,
 * before any authentication: 204 with the {@code Access-Control-*} headers for an allowed origin, 403 without them for
 * any other. Every answer carries {@code Vary: Origin} while origins are allowed. A cookie-carrying {@code POST},
 * {@code PUT}, {@code PATCH} or {@code DELETE} passes the CSRF check when the browser says {@code Sec-Fetch-Site:
 * same-origin} (whatever {@code Host} a proxy forwarded), or comes from an allowed origin with a JSON body,
 * {@code X-Requested-With} or the CSRF token; without Fetch Metadata, its {@code Origin} must be the public origin (or
 * what a trusted proxy reported) or an allowed one.
 *
 * <h2>Failed credentials and errors</h2>
 * Only the credential that failed is logged out. A bearer token the provider refuses (expired, revoked, forged) gets
 * 401 with {@code WWW-Authenticate: Bearer error="invalid_token", error_description="..."} ("The access token expired"
 * when it did) and the {@code CheckResponse} JSON; no cookie is cleared, no session deleted, no refresh family revoked,
 * so the client refreshes and retries. A session cookie the provider refuses is cleared, and nothing else. An answer of
 * the application (401, 403, an exception) goes through {@code onError}: {@code {error}} is sent as it stands; for
 * {@code logout: true}, a bearer client gets 401 with {@code logout: true} and logs out itself, while a session cookie
 * (which the client cannot drop) is ended through the provider's {@code logout}, then 302 to the login page (browser)
 * or 401. Refresh families end only on logout, reuse of a rotated refresh token, a password change or an
 * administrator's action.
 *
 * <p>Downstream, {@code getUserPrincipal()} is an {@link dev.refauth.core.AuthPrincipal}, {@code isUserInRole}
 * answers from the permissions, and the request attributes {@link AuthGuard#AUTHENTICATION_ATTRIBUTE},
 * {@value #IDENTITY_ATTRIBUTE} (the identity as a map, for JSP EL), {@code dev.refauth.core.Tenant} (the
 * caller's tenant, typed) and {@link AuthGuard#CSRF_ATTRIBUTE} are
 * set. The guard is shared through the servlet context attribute {@link AuthGuard#GUARD_ATTRIBUTE}, so the
 * API servlet and the JAX-RS layer use the same one.
 */
public final class AuthenticatedFilter implements Filter {
  public static final String PROVIDER_PARAM = GuardSettings.PROVIDER;
  public static final String PROTECTED_PATHS_PARAM = GuardSettings.PROTECTED_PATHS;
  public static final String PUBLIC_PATHS_PARAM = GuardSettings.PUBLIC_PATHS;
  public static final String PUBLIC_ONLY_PATHS_PARAM = GuardSettings.PUBLIC_ONLY_PATHS;
  public static final String SECOND_FACTOR_PATHS_PARAM = GuardSettings.SECOND_FACTOR_PATHS;
  public static final String SECOND_FACTOR_WITHIN_PARAM = GuardSettings.SECOND_FACTOR_WITHIN;
  public static final String SECOND_FACTOR_POLICY_PARAM = GuardSettings.SECOND_FACTOR_POLICY;
  public static final String STEP_UP_PATH_PARAM = GuardSettings.STEP_UP_PATH;
  public static final String ENROLMENT_PATH_PARAM = GuardSettings.ENROLMENT_PATH;
  public static final String LOGIN_PATH_PARAM = GuardSettings.LOGIN_PATH;
  public static final String HOME_PATH_PARAM = GuardSettings.HOME_PATH;
  public static final String REDIRECT_ON_FAIL_PARAM = GuardSettings.REDIRECT_ON_FAIL;
  public static final String APPEND_CURRENT_PATH_PARAM = GuardSettings.APPEND_CURRENT_PATH;
  public static final String BROWSER_NAVIGATION_PARAM = GuardSettings.BROWSER_NAVIGATION;
  public static final String API_PATH_PARAM = GuardSettings.API_PATH;
  public static final String ALLOWED_ORIGINS_PARAM = GuardSettings.ALLOWED_ORIGINS;
  public static final String CORS_ALLOWED_HEADERS_PARAM = GuardSettings.CORS_ALLOWED_HEADERS;
  public static final String CORS_EXPOSED_HEADERS_PARAM = GuardSettings.CORS_EXPOSED_HEADERS;
  public static final String CORS_MAX_AGE_PARAM = GuardSettings.CORS_MAX_AGE;
  public static final String PUBLIC_ORIGIN_PARAM = GuardSettings.PUBLIC_ORIGIN;
  public static final String TRUSTED_PROXIES_PARAM = GuardSettings.TRUSTED_PROXIES;
  public static final String TRUSTED_PROXY_HEADERS_PARAM = GuardSettings.TRUSTED_PROXY_HEADERS;
  public static final String CACHE_TTL_PARAM = GuardSettings.CACHE_TTL;
  public static final String CACHE_MAXIMUM_SIZE_PARAM = GuardSettings.CACHE_MAXIMUM_SIZE;
  public static final String TENANT_RESOLUTION_PARAM = GuardSettings.TENANT_RESOLUTION;
  public static final String TENANTS_PARAM = GuardSettings.TENANTS;

  /** Request attribute: the identity as a map ({@code ${requestScope['refauth.identity'].name}}). */
  public static final String IDENTITY_ATTRIBUTE = "refauth.identity";

  private static final System.Logger LOG = System.getLogger(AuthenticatedFilter.class.getName());

  private final @Nullable Map<String, String> codeSettings;
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
    Object early = context.getAttribute(GuardStartup.attribute(config.getFilterName()));
    context.removeAttribute(GuardStartup.attribute(config.getFilterName()));
    if (early instanceof Built unused && (guard != null || codeSettings != null)) {
      close(unused.guard()); // this filter was given its settings or guard in code
    }
    if (guard == null) {
      if (codeSettings == null && early instanceof Built built) {
        // built and checked while the application started (GuardStartup), so that a bad setting
        // failed the deployment
        use(built);
      } else {
        try {
          use(
              build(
                  codeSettings != null ? codeSettings : initParams(config),
                  codeSettings == null,
                  config.getFilterName(),
                  context));
        } catch (AuthException | IllegalArgumentException e) {
          throw new ServletException(
              "AuthenticatedFilter '" + config.getFilterName() + "': " + e.getMessage(), e);
        }
      }
    }
    context.setAttribute(AuthGuard.GUARD_ATTRIBUTE, guard);
    context.setAttribute(ServletGuard.API_PREFIX_ATTRIBUTE, apiPrefix);
  }

  private void use(Built built) {
    guard = built.guard();
    apiPrefix = built.apiPrefix();
    ownsGuard = true;
  }

  /** A guard built from settings, and where its API is. */
  record Built(AuthGuard guard, String apiPrefix) {}

  /**
   * Builds the guard of a filter named {@code filterName} from its settings, with the sources outside {@code web.xml}
   * and the context path.
   *
   * @throws AuthException naming a bad, unknown or contradictory setting
   */
  static Built build(
      Map<String, String> params, boolean fromWebXml, String filterName, ServletContext context) {
    if (fromWebXml) {
      warnOfSecrets(filterName, params);
    }
    // the deployment's context path is the container's fact: the provider builds its absolute links
    // with it
    ClassLoader loader = classLoader(context);
    AuthSettings settings =
        AuthSettings.of(params)
            .withSources(SettingsSources.of(loader))
            .with(AuthSettings.CONTEXT_PATH, context.getContextPath());
    String apiPrefix = GuardSettings.apiPath(settings) + "/";
    return new Built(createGuard(settings, loader), apiPrefix);
  }

  /** Closes the provider this filter created (its pools and threads); a guard given in code is the application's to close. */
  @Override
  public void destroy() {
    if (ownsGuard && guard != null) {
      close(guard);
    }
  }

  /** Closes the provider of a guard built from settings; a failure is logged, so that the others still close. */
  static void close(AuthGuard built) {
    try {
      built.provider().close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "closing the auth provider failed: " + e);
    }
  }

  /**
   * Builds a guard from the filter's settings (see the class javadoc).
   *
   * @throws AuthException naming a bad, unknown or contradictory setting
   */
  public static AuthGuard createGuard(AuthSettings settings, ClassLoader loader) {
    return GuardSettings.guard(settings, loader);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (guard == null) {
      // a container that kept this filter in service though it failed to start: fail closed
      if (res instanceof HttpServletResponse response) {
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      }
      return;
    }
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    Optional<ServletGuard.Decided> d = ServletGuard.decide(guard, apiPrefix, request, response);
    if (d.isEmpty()) {
      return; // answered
    }
    ServletGuard.Decided decided = d.get();
    if (decided.api()) {
      chain.doFilter(request, response); // the API decides for itself, after reading its own body
      return;
    }
    AuthRequest authRequest = decided.request();
    Decision decision = decided.decision();
    HttpServletRequest downstream =
        decision.authentication().isPresent() && !ServletGuard.containerKnowsCallerOf(request)
            ? new AuthenticatedRequest(request, decision.authentication().get())
            : request;
    ErrorCapturingResponse capturing = new ErrorCapturingResponse(response, request.getMethod());
    try {
      chain.doFilter(downstream, capturing);
    } catch (IOException | ServletException | RuntimeException e) {
      if (response.isCommitted()) {
        throw e;
      }
      LOG.log(
          Level.ERROR,
          "request failed downstream of AuthenticatedFilter: " + e.getClass().getName(),
          e);
      response.resetBuffer();
      Exchanges.write(
          guard.onError(authRequest, AuthError.of("ServerError", "Something went wrong", 500)),
          request,
          response);
      decision.effects().headers().forEach(response::setHeader); // CORS still applies to the error
      return;
    }
    int status = capturing.capturedStatus();
    if (status != 0) {
      response.resetBuffer();
      AuthError error = status == 401 ? AuthError.unauthorized() : AuthError.forbidden();
      HttpReply reply = guard.onError(authRequest, error);
      Exchanges.write(reply, request, response);
      decision.effects().headers().forEach(response::setHeader);
    }
  }

  private static ClassLoader classLoader(ServletContext context) {
    ClassLoader loader = context.getClassLoader();
    return loader != null ? loader : ClassLoading.contextOr(AuthenticatedFilter.class);
  }

  /** A secret in web.xml travels with the WAR: named (never shown) in a warning. */
  private static void warnOfSecrets(String filter, Map<String, String> params) {
    for (String key : params.keySet()) {
      String k = key.toLowerCase(Locale.ROOT);
      if ((k.contains("password") || k.contains("secret")) && !k.endsWith("env")) {
        LOG.log(
            Level.WARNING,
            "AuthenticatedFilter '"
                + filter
                + "': '"
                + key
                + "' is in web.xml, which travels with the WAR; give it through MicroProfile Config or"
                + " the environment as "
                + AuthSettings.SOURCE_PREFIX
                + key);
      }
    }
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
