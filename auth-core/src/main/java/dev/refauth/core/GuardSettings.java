package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.ClassLoading;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.AuthMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The guard's settings, one vocabulary for every adapter (the servlet filter's init-params, a JAX-RS
 * application's properties): the names, and {@link #guard} which builds an {@link AuthGuard} from them. The
 * servlet filter's javadoc is the manual of each.
 *
 * <p>A provider's own settings are those starting with {@value #PROVIDER}{@code .}, prefix removed; it also sees the
 * {@linkplain AuthSettings#DEPLOYMENT_FACTS deployment's facts} that are set, under their own keys: {@value
 * #PUBLIC_ORIGIN}, the context path, {@value #LOGIN_PATH}, {@value #API_PATH} and {@value #TENANTS}. Each fact has that
 * one key: {@code provider.loginPath} and the like fail at start, naming both keys.
 */
public final class GuardSettings {
  private static final System.Logger LOG = System.getLogger(GuardSettings.class.getName());

  public static final String PROVIDER = "provider";
  public static final String PROTECTED_PATHS = "protectedPaths";
  public static final String PUBLIC_PATHS = "publicPaths";
  public static final String PUBLIC_ONLY_PATHS = "publicOnlyPaths";

  /** Patterns whose paths need a recent second factor (the step-up), within {@value #SECOND_FACTOR_WITHIN}. */
  public static final String SECOND_FACTOR_PATHS = "secondFactorPaths";

  /** How recent the second factor of {@value #SECOND_FACTOR_PATHS} must be (default 10 minutes). */
  public static final String SECOND_FACTOR_WITHIN = "secondFactorWithin";

  /** The step-up page (default {@code <loginPath>/second-factor}). */
  public static final String STEP_UP_PATH = "stepUpPath";

  /**
   * Who must sign in with a second factor: {@code optional} (default), {@code required}, or a list of permissions
   * whose holders must ({@link SecondFactorPolicy#parse}); {@code secondFactorPolicy.<tenant>} for one tenant.
   */
  public static final String SECOND_FACTOR_POLICY = "secondFactorPolicy";

  /** The page where a person adds a second factor (default none). */
  public static final String ENROLMENT_PATH = "secondFactorEnrolmentPath";

  public static final String LOGIN_PATH = AuthSettings.LOGIN_PATH;
  public static final String HOME_PATH = "homePath";
  public static final String REDIRECT_ON_FAIL = "redirectOnFail";
  public static final String APPEND_CURRENT_PATH = "appendCurrentPathToQuery";
  public static final String BROWSER_NAVIGATION = "browserNavigation";
  public static final String API_PATH = AuthSettings.API_PATH;
  public static final String CACHE_TTL = "cacheTtl";
  public static final String CACHE_MAXIMUM_SIZE = "cacheMaximumSize";
  public static final String TENANT_RESOLUTION = "tenantResolution";
  public static final String TENANTS = AuthSettings.TENANTS;
  public static final String ALLOWED_ORIGINS = "allowedOrigins";
  public static final String CORS_ALLOWED_HEADERS = "corsAllowedHeaders";
  public static final String CORS_EXPOSED_HEADERS = "corsExposedHeaders";
  public static final String CORS_MAX_AGE = "corsMaxAge";
  public static final String PUBLIC_ORIGIN = AuthSettings.PUBLIC_ORIGIN;
  public static final String TRUSTED_PROXIES = "trustedProxies";
  public static final String TRUSTED_PROXY_HEADERS = "trustedProxyHeaders";

  private static final Set<String> KNOWN =
      Set.of(
          PROVIDER,
          PROTECTED_PATHS,
          PUBLIC_PATHS,
          PUBLIC_ONLY_PATHS,
          SECOND_FACTOR_PATHS,
          SECOND_FACTOR_WITHIN,
          STEP_UP_PATH,
          ENROLMENT_PATH,
          SECOND_FACTOR_POLICY,
          LOGIN_PATH,
          HOME_PATH,
          REDIRECT_ON_FAIL,
          APPEND_CURRENT_PATH,
          BROWSER_NAVIGATION,
          API_PATH,
          CACHE_TTL,
          CACHE_MAXIMUM_SIZE,
          TENANT_RESOLUTION,
          ALLOWED_ORIGINS,
          CORS_ALLOWED_HEADERS,
          CORS_EXPOSED_HEADERS,
          CORS_MAX_AGE,
          PUBLIC_ORIGIN,
          TRUSTED_PROXIES,
          TRUSTED_PROXY_HEADERS,
          TENANTS,
          AuthSettings.CONTEXT_PATH);

  private GuardSettings() {}

  /** The names of the guard's own settings (the filter's table), but the context path, which is no setting. */
  public static Set<String> names() {
    Set<String> names = new HashSet<>(KNOWN);
    names.remove(AuthSettings.CONTEXT_PATH);
    return Set.copyOf(names);
  }

  /** {@value #SECOND_FACTOR_POLICY} and one per tenant, each checked, the tenant a known one. */
  private static void secondFactorPolicies(AuthSettings settings, AuthGuard.Builder b) {
    String expected =
        "optional, required, or the permissions whose holders need one: admin, billing:*";
    settings
        .get(SECOND_FACTOR_POLICY)
        .ifPresent(
            v -> {
              try {
                SecondFactorPolicy policy = SecondFactorPolicy.parse(v);
                b.secondFactorPolicy(policy);
                LOG.log(System.Logger.Level.INFO, "second-factor policy: " + policy);
              } catch (IllegalArgumentException e) {
                throw settings.bad(SECOND_FACTOR_POLICY, v, expected);
              }
            });
    Set<String> tenants = TenantSettings.known(settings);
    AuthSettings perTenant = settings.subset(SECOND_FACTOR_POLICY + ".");
    for (String tenant : perTenant.keys()) {
      String v = perTenant.string(tenant, "");
      if (!tenants.contains(tenant)) {
        throw new AuthException(
            "setting '"
                + SECOND_FACTOR_POLICY
                + "."
                + tenant
                + "' names a tenant that '"
                + TENANTS
                + "' does not list");
      }
      try {
        SecondFactorPolicy policy = SecondFactorPolicy.parse(v);
        b.secondFactorPolicy(tenant, policy);
        LOG.log(System.Logger.Level.INFO, "second-factor policy of " + tenant + ": " + policy);
      } catch (IllegalArgumentException e) {
        throw perTenant.bad(tenant, v, expected);
      }
    }
  }

  /**
   * Builds a guard, and its provider, from settings.
   *
   * @param loader where the provider is looked for (the web application's class loader)
   * @throws AuthException naming a bad, unknown or contradictory setting
   */
  public static AuthGuard guard(AuthSettings settings, ClassLoader loader) {
    Checks.notNull(loader, "loader");
    AuthSettings own = providerSettings(settings);
    return guard(
        settings,
        () ->
            settings
                .get(PROVIDER)
                .filter(c -> !c.isBlank())
                .map(c -> AuthProviders.load(c, own, loader))
                .orElseGet(() -> AuthProviders.load(own, loader)),
        true,
        loader);
  }

  /**
   * Builds a guard around a provider the application made, from the same settings (but {@value #PROVIDER} and
   * {@code provider.*}, which are the provider's business).
   *
   * @throws AuthException naming a bad, unknown or contradictory setting
   */
  public static AuthGuard guard(AuthSettings settings, AuthProvider provider) {
    Checks.notNull(provider, "provider");
    return guard(settings, () -> provider, false, ClassLoading.contextOr(provider.getClass()));
  }

  /** {@code owned}: the provider is made here, and closed here if the guard cannot be built. */
  private static AuthGuard guard(
      AuthSettings settings, Supplier<AuthProvider> providers, boolean owned, ClassLoader loader) {
    providerSettings(
        settings); // a deployment fact under provider. fails even when the provider is made in code
    if (settings.get("trustedOrigins").isPresent()) {
      throw new AuthException(
          "setting 'trustedOrigins' is now '"
              + ALLOWED_ORIGINS
              + "' (the same list allows CORS and "
              + "cookie-authenticated requests from those origins)");
    }
    settings.requireOnly(KNOWN, PROVIDER + ".", SECOND_FACTOR_POLICY + ".");
    String loginPath = settings.string(LOGIN_PATH, "/login");
    String apiPath = apiPath(settings);
    List<String> protect =
        settings.get(PROTECTED_PATHS).isPresent() ? settings.list(PROTECTED_PATHS) : List.of("/*");
    List<String> open = new ArrayList<>(settings.list(PUBLIC_PATHS));
    open.add(apiPath + "/*");
    List<String> publicOnly =
        settings.get(PUBLIC_ONLY_PATHS).isPresent()
            ? settings.list(PUBLIC_ONLY_PATHS)
            : List.of(loginPath);
    PathRules rules;
    try {
      rules = PathRules.of(protect, open, publicOnly);
      List<String> stepUp = settings.list(SECOND_FACTOR_PATHS);
      if (!stepUp.isEmpty()) {
        rules =
            rules.withSecondFactor(
                stepUp,
                settings.duration(
                    SECOND_FACTOR_WITHIN,
                    Duration.ofMinutes(10),
                    Duration.ofSeconds(1),
                    Duration.ofDays(1)));
      }
    } catch (IllegalArgumentException e) {
      throw new AuthException("path settings: " + e.getMessage(), e);
    }
    try {
      AuthGuard.checkLoginPath(loginPath);
    } catch (IllegalArgumentException e) {
      throw settings.bad(
          LOGIN_PATH, loginPath, "a local path such as /login (no query, nothing encoded)");
    }
    if (rules.requirementFor(loginPath).needsAuthentication()) {
      throw new AuthException(
          "setting '"
              + LOGIN_PATH
              + "="
              + loginPath
              + "' names a page that '"
              + PROTECTED_PATHS
              + "' protects and neither '"
              + PUBLIC_PATHS
              + "' nor '"
              + PUBLIC_ONLY_PATHS
              + "' opens: browsers would be sent to the login page and back, forever");
    }
    AuthGuard.Builder b = deployment(settings);
    b.events(AuthEventListener.discovered(loader))
        .metrics(AuthMetrics.discovered(loader))
        .pathRules(rules)
        .identityCache(
            IdentityCache.builder()
                .ttl(settings.duration(CACHE_TTL, Duration.ofSeconds(60)))
                .maximumSize(settings.integer(CACHE_MAXIMUM_SIZE, 100_000, 0, 100_000_000))
                .build())
        .redirectOnFail(settings.bool(REDIRECT_ON_FAIL, true))
        .appendCurrentPathToQuery(settings.bool(APPEND_CURRENT_PATH, true))
        .browserNavigation(browserRule(settings))
        .tenantResolver(TenantSettings.resolver(settings))
        .tenants(TenantSettings.known(settings));
    b.loginPath(loginPath); // checked above
    String stepUpPath = settings.string(STEP_UP_PATH, AuthGuard.defaultStepUpPath(loginPath));
    try {
      b.stepUpPath(stepUpPath);
    } catch (IllegalArgumentException e) {
      throw settings.bad(STEP_UP_PATH, stepUpPath, "a local path such as /login/second-factor");
    }
    secondFactorPolicies(settings, b);
    Optional<String> enrolment = settings.get(ENROLMENT_PATH);
    try {
      enrolment.ifPresent(b::enrolmentPath);
    } catch (IllegalArgumentException e) {
      throw settings.bad(ENROLMENT_PATH, enrolment.get(), "a local path such as /account/security");
    }
    if (rules.requirementFor(stepUpPath).isPublicOnly()) {
      throw new AuthException(
          "setting '"
              + STEP_UP_PATH
              + "="
              + stepUpPath
              + "' names a public-only page: a signed-in person sent there to give a second factor"
              + " would be sent away; make it public or protected");
    }
    String home = settings.string(HOME_PATH, "/");
    try {
      b.homePath(home);
    } catch (IllegalArgumentException e) {
      throw settings.bad(HOME_PATH, home, "a local path such as /");
    }
    // last: a provider may open pools and threads, so every other setting is checked first, and the
    // provider is closed if the guard still cannot be built
    AuthProvider provider = providers.get();
    try {
      return b.provider(provider).build();
    } catch (RuntimeException e) {
      if (owned) {
        try {
          provider.close();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
  }

  /** Where the {@code /auth} API is mapped (default {@code /auth}). */
  public static String apiPath(AuthSettings settings) {
    String apiPath = settings.string(API_PATH, "/auth");
    if (!apiPath.startsWith("/") || apiPath.endsWith("/") || apiPath.contains("*")) {
      throw settings.bad(API_PATH, apiPath, "a path such as /auth");
    }
    return apiPath;
  }

  /**
   * The provider's settings: those under {@code provider.}, and the deployment's facts that are set.
   *
   * @throws AuthException for a fact set under {@code provider.}, naming both keys
   */
  static AuthSettings providerSettings(AuthSettings settings) {
    AuthSettings prefixed = settings.subset(PROVIDER + ".");
    for (String fact : AuthSettings.DEPLOYMENT_FACTS) {
      if (prefixed.get(fact).isPresent()) {
        throw new AuthException(
            "setting '"
                + PROVIDER
                + "."
                + fact
                + "' is now '"
                + fact
                + "': one key for the whole deployment, which the guard and the provider both read"
                + (settings.get(fact).filter(v -> !v.equals(prefixed.get(fact).get())).isPresent()
                    ? " (the two are set and disagree)"
                    : ""));
      }
    }
    AuthSettings own = prefixed;
    for (String fact : AuthSettings.DEPLOYMENT_FACTS) {
      Optional<String> value = settings.get(fact);
      if (value.isPresent()) {
        own = own.with(fact, value.get());
      }
    }
    return own;
  }

  /**
   * The tenants there are, with their display names: {@value #TENANTS} = {@code acme=Acme Corporation, globex=Globex Inc}
   * (a name may be left out: {@code acme, globex}), in order.
   *
   * @throws AuthException naming the setting when an id is not a tenant id
   */
  public static Map<String, String> tenants(AuthSettings settings) {
    return TenantSettings.tenants(settings);
  }

  /** Origins, proxies, public origin, checked against each other. */
  private static AuthGuard.Builder deployment(AuthSettings settings) {
    AuthGuard.Builder b = AuthGuard.builder();
    try {
      b.allowedOrigins(settings.list(ALLOWED_ORIGINS));
    } catch (IllegalArgumentException e) {
      throw new AuthException("setting '" + ALLOWED_ORIGINS + "': " + e.getMessage(), e);
    }
    try {
      settings
          .get(CORS_ALLOWED_HEADERS)
          .ifPresent(v -> b.corsAllowedHeaders(settings.list(CORS_ALLOWED_HEADERS)));
      settings
          .get(CORS_EXPOSED_HEADERS)
          .ifPresent(v -> b.corsExposedHeaders(settings.list(CORS_EXPOSED_HEADERS)));
    } catch (IllegalArgumentException e) {
      throw new AuthException("CORS header settings: " + e.getMessage(), e);
    }
    b.corsMaxAge(
        settings.duration(CORS_MAX_AGE, Cors.DEFAULT_MAX_AGE, Duration.ZERO, Duration.ofDays(1)));
    Optional<String> origin = settings.get(PUBLIC_ORIGIN);
    if (origin.isPresent()) {
      try {
        b.publicOrigin(origin.get());
      } catch (IllegalArgumentException e) {
        throw settings.bad(
            PUBLIC_ORIGIN,
            origin.get(),
            "an origin such as https://app.example.com (scheme, host and port only)");
      }
      if (settings.string(TENANT_RESOLUTION, "").startsWith("subdomain:")) {
        throw new AuthException(
            "settings '"
                + PUBLIC_ORIGIN
                + "' and '"
                + TENANT_RESOLUTION
                + "=subdomain:...' contradict each "
                + "other: each tenant has an origin of its own; leave "
                + PUBLIC_ORIGIN
                + " unset (and configure "
                + TRUSTED_PROXIES
                + " if a proxy rewrites Host)");
      }
    }
    String family = settings.string(TRUSTED_PROXY_HEADERS, "x-forwarded");
    AuthGuard.ProxyHeaders headers =
        switch (family) {
          case "x-forwarded" -> AuthGuard.ProxyHeaders.X_FORWARDED;
          case "forwarded" -> AuthGuard.ProxyHeaders.FORWARDED;
          default ->
              throw settings.bad(
                  TRUSTED_PROXY_HEADERS,
                  family,
                  "x-forwarded (X-Forwarded-For, -Proto, -Host) or forwarded (RFC 7239)");
        };
    try {
      b.trustedProxies(settings.list(TRUSTED_PROXIES), headers);
    } catch (IllegalArgumentException e) {
      throw new AuthException("setting '" + TRUSTED_PROXIES + "': " + e.getMessage(), e);
    }
    return b;
  }

  private static Predicate<AuthRequest> browserRule(AuthSettings settings) {
    String v = settings.string(BROWSER_NAVIGATION, "accept-html");
    return switch (v) {
      case "accept-html" -> AuthGuard::isBrowserNavigation;
      case "never" -> r -> false;
      case "always" -> r -> true;
      default -> throw settings.bad(BROWSER_NAVIGATION, v, "accept-html, never or always");
    };
  }
}
