package dev.refauth.core;

import dev.refauth.core.adapter.AuthEndpoints;
import dev.refauth.core.adapter.Decision;
import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.internal.AuthJson;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.CurrentRequest;
import dev.refauth.core.internal.Redirects;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.AuthEventStore;
import dev.refauth.core.spi.AuthMetrics;
import dev.refauth.core.spi.IdentityCacheAware;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The one decision path for every request: an adapter turns its request into an {@link AuthRequest},
 * asks {@link #authorize} what to do, and turns the {@link Decision} back into HTTP. All policy lives here
 * and in the {@link AuthProvider}: who is authenticated (through the {@link IdentityCache}), whether a
 * caller is a browser to redirect or an API client to answer 401, where the login page is, what an error
 * means ({@link AuthProvider#onError}), CSRF, and which redirect targets are safe.
 *
 * <p>Thread-safe; build one per application and share it (adapters find it under
 * {@link #GUARD_ATTRIBUTE}).
 *
 * <h2>Answers</h2>
 * <ul>
 *   <li>Unauthenticated browser navigation ({@code Accept} with {@code text/html}, no
 *       {@code X-Requested-With}): 302 to the login page with {@code ?to=<path and query>}, as Refine's
 *       {@code <Authenticated>} does: an existing {@code to} is kept, none is added for {@code /} or for
 *       the login page itself.
 *   <li>Anything else unauthenticated: 401, {@code WWW-Authenticate: Bearer} ({@code error="invalid_token"}
 *       when a token was sent, with the provider's reason as {@code error_description}, e.g. "The access token
 *       expired"), body in Refine's {@code CheckResponse} shape.
 *   <li>Authenticated without the permission: {@code onError(403)}; unless it asks for logout, 403 with the
 *       {@code OnErrorResponse} JSON (API) or the bare status (browser, for the container's error page).
 *   <li>Authenticated, but without the recent second factor the requirement asks for ({@link
 *       Requirement#withSecondFactorWithin}): the step-up. A browser navigation is sent (302) to the {@linkplain
 *       Builder#stepUpPath step-up page} with {@code ?stepUp=true&to=<path and query>}; anything else gets 403 {@code
 *       {"redirectTo": "<step-up page>?stepUp=true", "error": {"name": "StepUpRequired", ...}}} and
 *       RFC 9470's {@code WWW-Authenticate: Bearer error="insufficient_user_authentication", max_age="<seconds>"}. An
 *       account without a second factor ({@link dev.refauth.core.spi.SecondFactor#ENROLLED_ATTRIBUTE} not {@code
 *       true}) is sent to the {@linkplain Builder#enrolmentPath enrolment page} instead, or answered 403 {@code
 *       SecondFactorEnrolmentRequired}. The same answers, without {@code max_age}, for a caller the tenant's {@link
 *       SecondFactorPolicy} covers whose sign-in had no second factor.
 *       The client sends the person there, signs in again with the second factor (the token battery's {@code
 *       login({stepUp: true})}), and retries. Nothing is ended: the caller stays signed in. Freshness is measured on
 *       the identity cache's clock.
 *   <li>The provider failing (an exception): 503 JSON, fail closed.
 *   <li>TRACE and TRACK: 405. A failed CSRF check: 403 {@code CsrfError}. A CORS preflight, once any other origin
 *       is allowed: 204 for an allowed origin, 403 for any other, before any authentication (without allowed
 *       origins there is no CORS, and a preflight is an ordinary OPTIONS request).
 * </ul>
 *
 * <h2>Only the credential that failed is logged out</h2>
 * <ul>
 *   <li>A credential the provider's {@code check} refuses (an expired or revoked bearer token, an unknown or
 *       expired session cookie) gets the 401 or the login redirect above, and nothing else: {@code onError} is not
 *       asked, nothing is revoked, no other credential of the request is touched. Only the provider's own
 *       effects on its {@code CheckResponse} go out (a provider clears the cookie that failed). A bearer client
 *       keeps its refresh token and refreshes; a session cookie beside an expired bearer token keeps working.
 *   <li>An error from the application (a 401 or 403 it answered, an exception) goes through {@code onError}.
 *       When the answer is {@code logout: true}: for a request that authenticated with a bearer token, the
 *       401 carries {@code logout: true} and the client logs out (Refine's {@code useLogout} calls
 *       {@code /auth/logout}); nothing is revoked for it, so a client may refresh and retry first. For an
 *       ambient credential (a session cookie), which the client cannot drop itself, the provider's
 *       {@code logout} ends that session and clears its cookies, the identity cache entry goes, the transport
 *       session ends; then 302 to the login page (browser) or 401 (API).
 *   <li>Refresh families, sessions and tokens are otherwise ended only by the provider: on logout, refresh-token
 *       reuse, a password change, or an administrator's action.
 * </ul>
 *
 * <h2>Deployments</h2>
 * The guard resolves each request before anything else ({@link #resolve}): behind a trusted proxy
 * ({@link Builder#trustedProxies}) the client's address, scheme and host are the ones the proxy reported; a
 * configured public origin ({@link Builder#publicOrigin}) fixes the scheme and origin. Throttling, audit, the
 * CSRF origin check and cookie {@code Secure} decisions all see the resolved request. Allowed origins
 * ({@link Builder#allowedOrigins}) get CORS with credentials and are trusted by the CSRF check: one list.
 */
public final class AuthGuard {
  /** Request attribute (and JAX-RS property) carrying the {@link Authentication} of a request that was authorized. */
  public static final String AUTHENTICATION_ATTRIBUTE = "dev.refauth.core.Authentication";

  /**
   * Request attribute (and JAX-RS property) carrying the {@link AuthRequest} of a request that was authorized, for the
   * application's calls into the provider on the caller's behalf (a social login's upstream access token).
   */
  public static final String REQUEST_ATTRIBUTE = "dev.refauth.core.AuthRequest";

  /** Application/request attribute carrying the {@link AuthGuard} itself, so every adapter shares one. */
  public static final String GUARD_ATTRIBUTE = "dev.refauth.core.AuthGuard";

  /**
   * Request attribute an adapter sets once it has put the guard's CORS on the request's answer, so that another
   * adapter on the same request (JAX-RS behind the servlet filter) does not do it again.
   */
  public static final String CORS_ATTRIBUTE = "dev.refauth.core.cors";

  /** Request attribute carrying the CSRF token, for server-rendered forms (a hidden {@code _csrf} field). */
  public static final String CSRF_ATTRIBUTE = "dev.refauth.core.csrf";

  /** Which forwarding headers the trusted proxies write (the other family is ignored: it is the client's). */
  public enum ProxyHeaders {
    /** {@code X-Forwarded-For}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}: nginx, most load balancers. */
    X_FORWARDED,
    /** RFC 7239 {@code Forwarded}. */
    FORWARDED
  }

  private final AuthProvider provider;
  private final IdentityCache cache;
  private final String loginPath;
  private final String homePath;
  private final LoginRedirects redirects;
  private final Predicate<AuthRequest> browserNavigation;
  private final Csrf csrf;
  private final Cors cors;
  private final PathRules pathRules;
  private final RequestResolver resolver;
  private final Authenticator authenticator;
  private final Refusals refusals;
  private final AuthEventListener events;
  private final AuthMetrics metrics;
  private final SecondFactorPolicy secondFactorPolicy;
  private final Map<String, SecondFactorPolicy> secondFactorPolicies;
  private final Set<String> policyExempt;

  private AuthGuard(Builder b) {
    // by default everything is protected but the login page, wherever it is
    this.pathRules =
        b.pathRules.orElseGet(() -> PathRules.of(List.of("/*"), List.of(), List.of(b.loginPath)));
    this.provider = Checks.notNull(b.provider, "provider");
    this.cache = b.cache != null ? b.cache : IdentityCache.builder().build();
    this.loginPath = b.loginPath;
    this.homePath = b.homePath;
    this.redirects = new LoginRedirects(b.loginPath, b.homePath, b.appendCurrentPathToQuery);
    this.browserNavigation = b.browserNavigation;
    this.cors = Cors.of(b.allowedOrigins, b.corsAllowedHeaders, b.corsExposedHeaders, b.corsMaxAge);
    this.csrf = new Csrf(cors);
    this.resolver = new RequestResolver(b.proxies, b.publicOrigin, b.tenants, b.knownTenants);
    this.authenticator = new Authenticator(provider, cache);
    // a provider that keeps events (auth-jdbc's store) keeps the guard's too
    this.events =
        provider
            .unwrap(AuthEventStore.class)
            .<AuthEventListener>map(store -> AuthEventListener.all(List.of(b.events, store)))
            .orElse(b.events);
    this.metrics = b.metrics;
    this.secondFactorPolicy = b.secondFactorPolicy;
    this.secondFactorPolicies = Map.copyOf(b.secondFactorPolicies);
    String stepUpPath = b.stepUpPage();
    this.policyExempt = Set.copyOf(b.compliancePages());
    this.refusals =
        new Refusals(
            provider,
            redirects,
            loginPath,
            stepUpPath,
            Optional.ofNullable(b.enrolmentPath),
            b.redirectOnFail,
            browserNavigation,
            this::logout);
    // found through unwrap: a provider in front of another (trusted issuers, social login) need not
    // pass it on
    provider.unwrap(IdentityCacheAware.class).ifPresent(aware -> aware.useIdentityCache(cache));
    metrics.identityCache(cache::stats);
  }

  public static Builder builder(AuthProvider provider) {
    return new Builder(Checks.notNull(provider, "provider"));
  }

  /** A builder whose provider comes later ({@link GuardSettings}: the deployment is checked before the provider starts). */
  static Builder builder() {
    return new Builder(null);
  }

  /**
   * The Refine-compatible {@code /auth/*} API over this guard, for an adapter to map.
   *
   * @param maxBodyBytes the body limit of most endpoints, from 256 bytes to 1 MiB ({@link
   *     AuthEndpoints#DEFAULT_MAX_BODY_BYTES} by default)
   * @throws IllegalArgumentException for a limit out of that range
   */
  public AuthEndpoints endpoints(int maxBodyBytes) {
    return new ApiEndpoints(this, maxBodyBytes);
  }

  /**
   * {@code loginPath} when it is a local path as the path rules see it (no query, nothing encoded), so that the rules
   * can open it.
   *
   * @throws IllegalArgumentException otherwise
   */
  static String checkLoginPath(String loginPath) {
    Redirects.localPath(loginPath, "loginPath");
    Checks.require(
        loginPath.indexOf('?') < 0
            && PathRules.decode(loginPath).filter(loginPath::equals).isPresent(),
        "loginPath '%s' must be a local path as the path rules see it: no query, nothing encoded",
        loginPath);
    return loginPath;
  }

  /** The step-up page when none is set: the token battery's second step, below the login page. */
  static String defaultStepUpPath(String loginPath) {
    return loginPath + "/second-factor";
  }

  /** Spring's rule: a browser navigation asks for HTML and is not an XHR. */
  public static boolean isBrowserNavigation(AuthRequest request) {
    if (request.header("X-Requested-With").isPresent()) {
      return false;
    }
    for (String accept : request.headers("Accept")) { // a loop, not a stream: every request asks
      if (accept.toLowerCase(Locale.ROOT).contains("text/html")) {
        return true;
      }
    }
    return false;
  }

  /** The methods an application behind the guard can be asked for; anything else (WebDAV, TRACE, made-up) is 405. */
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  private static final String ALLOW = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS";

  /**
   * Decides a request by its path: an ambiguous path is refused with 400 and a method outside
   * {@code GET HEAD POST PUT DELETE PATCH OPTIONS} with 405 before any matching (a container answers some of those with
   * a 5xx), then the {@link PathRules} give the requirement.
   */
  public Decision authorize(AuthRequest request) {
    Optional<String> path = PathRules.decode(request.path());
    if (path.isEmpty()) {
      return Decision.reply(Replies.error(400, "BadRequest", "The request path is ambiguous"));
    }
    if (!METHODS.contains(request.method())) {
      return Decision.reply(
          Replies.error(405, "MethodNotAllowed", "This method is not allowed")
              .withHeader("Allow", ALLOW));
    }
    return authorize(request, pathRules.requirementFor(path.get()));
  }

  /**
   * Decides a request against a requirement.
   *
   * @return proceed (with the authentication, if any) or the reply to send instead
   */
  public Decision authorize(AuthRequest unresolved, Requirement requirement) {
    return authorize(unresolved, requirement, true);
  }

  /**
   * An authenticated caller for the {@code /auth} API's questions ({@code check}, {@code me}, {@code permissions},
   * {@code can}): answered whatever the {@link SecondFactorPolicy}, so that a client can still learn who signed in and
   * send them to add a second factor.
   */
  Decision identify(AuthRequest unresolved) {
    return authorize(unresolved, Requirement.authenticated(), false);
  }

  private Decision authorize(AuthRequest unresolved, Requirement requirement, boolean policy) {
    Checks.notNull(unresolved, "request");
    Checks.notNull(requirement, "requirement");
    boolean measured = !AuthMetrics.isNone(metrics);
    boolean timed = measured && metrics.timesDecision();
    long start = timed ? System.nanoTime() : 0L;
    Decision d;
    CurrentRequest c = CurrentRequest.enter(unresolved);
    try {
      d = decideResolved(unresolved, requirement, policy);
    } finally {
      c.close();
    }
    if (measured) {
      metrics.decided(kind(d), timed ? System.nanoTime() - start : AuthMetrics.UNTIMED);
    }
    return d;
  }

  /**
   * A decision as the metrics count it: a redirect (to the login or step-up page) with the 401s, the 403s apart,
   * everything else the guard answered itself.
   */
  private static AuthMetrics.Decision kind(Decision d) {
    if (d.reply().isEmpty()) {
      return AuthMetrics.Decision.ALLOWED;
    }
    int status = d.reply().get().status();
    if (status == 401 || (status >= 300 && status < 400)) {
      return AuthMetrics.Decision.UNAUTHENTICATED;
    }
    return status == 403 ? AuthMetrics.Decision.FORBIDDEN : AuthMetrics.Decision.ANSWERED;
  }

  private Decision decideResolved(AuthRequest unresolved, Requirement requirement, boolean policy) {
    Optional<AuthRequest> resolved = resolve(unresolved);
    if (resolved.isEmpty()) {
      return Decision.reply(tenantRefused(unresolved).withEffects(cors.headers(unresolved)));
    }
    AuthRequest request = resolved.get();
    Optional<HttpReply> preflight = cors.preflight(request);
    if (preflight.isPresent()) {
      return Decision.reply(preflight.get());
    }
    return decide(request, requirement, policy).withEffects(cors.headers(request));
  }

  /**
   * Whether any other origin may call with credentials ({@link Builder#allowedOrigins}). When none may, the guard
   * answers no preflight and adds no CORS header: an adapter that only does CORS has nothing to do.
   */
  public boolean allowsCrossOrigin() {
    return cors.isOn();
  }

  /**
   * CORS alone, for an answer the guard does not otherwise decide (the {@code /auth} API, a JAX-RS resource
   * without a rule): a reply for a preflight, else proceed with the headers the answer must carry (none while
   * no origin is allowed).
   */
  public Decision crossOrigin(AuthRequest unresolved) {
    if (!cors.isOn()) {
      return Decision.proceed(
          ResponseEffects.none()); // no other origin allowed: nothing to add or refuse
    }
    AuthRequest request = resolve(unresolved).orElse(unresolved);
    Optional<HttpReply> preflight = cors.preflight(request);
    return preflight.isPresent()
        ? Decision.reply(preflight.get())
        : Decision.proceed(cors.headers(request));
  }

  private Decision decide(AuthRequest request, Requirement requirement, boolean policy) {
    String method = request.method();
    if (method.equals("TRACE") || method.equals("TRACK")) {
      return Decision.reply(HttpReply.status(405).withHeader("Allow", ALLOW));
    }
    if (!Csrf.isSafe(method)
        && !Replies.charsetSupported(
            request)) { // else the application's body reader fails: a 500 for hostile input
      return Decision.reply(
          Replies.error(415, "UnsupportedMediaType", "The request's charset is not supported"));
    }
    if (!csrf.passes(request)) {
      return Decision.reply(
          HttpReply.json(403, AuthJson.toJson(OnErrorResponse.of(Replies.csrfError()))));
    }
    boolean needsCheck =
        requirement.needsAuthentication()
            || requirement.isPublicOnly()
            || provider.credential(request).isPresent();
    // a browser without a token gets one (and its cookie); an API client (a bearer token: no
    // ambient credential) needs none
    boolean bearer = request.bearerToken().isPresent();
    Optional<String> existingCsrf = bearer ? Optional.empty() : Csrf.existingToken(request);
    String csrfToken =
        existingCsrf.orElseGet(() -> !bearer && isBrowser(request) ? Csrf.newToken() : null);
    ResponseEffects csrfCookie =
        existingCsrf.isPresent() || csrfToken == null
            ? ResponseEffects.none()
            : ResponseEffects.none().withCookie(Csrf.cookie(csrfToken, request.secure()));
    if (!needsCheck) {
      return withCsrf(Decision.proceed(csrfCookie), csrfToken);
    }
    Authenticator.Outcome outcome;
    try {
      outcome = authenticator.check(request);
    } catch (RuntimeException e) {
      return Decision.reply(unavailable(e));
    }
    if (outcome.authentication().isEmpty()) {
      if (!requirement.needsAuthentication()) {
        return withCsrf(Decision.proceed(csrfCookie.and(outcome.effects())), csrfToken);
      }
      return Decision.reply(
          refusals.unauthenticated(request, Checks.notNull(outcome.failure(), "failure")));
    }
    Authentication auth = outcome.authentication().get();
    if (requirement.isPublicOnly() && isBrowser(request)) {
      String target = request.queryParam("to").flatMap(this::safeRedirect).orElse(homePath);
      return Decision.reply(
          HttpReply.redirect(request.contextPath() + target).withEffects(outcome.effects()));
    }
    Optional<HttpReply> refused = refusal(request, requirement, auth, policy);
    if (refused.isPresent()) {
      return Decision.reply(refused.get());
    }
    return withCsrf(Decision.proceed(auth, csrfCookie.and(outcome.effects())), csrfToken);
  }

  /**
   * Decides {@code requirement} for a caller already authenticated on this request (the servlet filter did, against its
   * path rules; JAX-RS behind it asks for the resource method's own requirement): permissions, tenant, the tenant's
   * {@link SecondFactorPolicy}, a recent second factor. The same answers as {@link #authorize(AuthRequest,
   * Requirement)}.
   *
   * @return proceed with {@code caller}, or the reply to send instead
   */
  public Decision authorize(
      AuthRequest unresolved, Requirement requirement, Authentication caller) {
    Checks.notNull(requirement, "requirement");
    Checks.notNull(caller, "caller");
    CurrentRequest c = CurrentRequest.enter(Checks.notNull(unresolved, "request"));
    try {
      Optional<AuthRequest> resolved = resolve(unresolved);
      if (resolved.isEmpty()) {
        return Decision.reply(tenantRefused(unresolved));
      }
      return refusal(resolved.get(), requirement, caller, true)
          .map(Decision::reply)
          .orElseGet(() -> Decision.proceed(caller, ResponseEffects.none()));
    } finally {
      c.close();
    }
  }

  /** What an authenticated caller is refused, if anything: the one place these rules are. */
  private Optional<HttpReply> refusal(
      AuthRequest request, Requirement requirement, Authentication auth, boolean policy) {
    if (!requirement.permits(auth.permissions()) || !sameTenant(request, auth)) {
      Identity who = auth.identity();
      events.onEvent(
          new AuthEvent(
              AuthEvent.Type.ACCESS_DENIED,
              Optional.of(who.id()),
              who.tenant().orElse(""),
              request.remoteAddress(),
              cache.now()));
      return Optional.of(onError(request, AuthError.forbidden()));
    }
    if (policy
        && requirement.needsAuthentication()
        && !auth.methods().contains("mfa")
        && policyFor(auth).covers(auth.permissions())
        && !exemptFromPolicy(request)) {
      return Optional.of(refusals.stepUp(request, auth, Optional.empty()));
    }
    if (!requirement.isRecentEnough(auth, cache.now())) {
      return Optional.of(refusals.stepUp(request, auth, requirement.secondFactorWithin()));
    }
    return Optional.empty();
  }

  private SecondFactorPolicy policyFor(Authentication auth) {
    return auth.identity()
        .tenant()
        .map(t -> secondFactorPolicies.getOrDefault(t, secondFactorPolicy))
        .orElse(secondFactorPolicy);
  }

  /** The step-up and enrolment pages: a person the policy covers must reach them to comply. */
  private boolean exemptFromPolicy(AuthRequest request) {
    Optional<String> path = PathRules.decode(request.path());
    return path.isPresent() && policyExempt.contains(path.get());
  }

  private static Decision withCsrf(Decision d, @Nullable String csrfToken) {
    return csrfToken == null ? d : d.withCsrfToken(csrfToken);
  }

  /**
   * The request as the client made it, resolved once: behind a trusted proxy, the client's address, scheme and
   * host the proxy reported; with a public origin, its scheme and origin; then the tenant it names
   * ({@link AuthRequest#tenant()}). Empty when the tenant it names is malformed or not a {@linkplain Builder#tenants
   * known tenant} (then answer {@link #tenantRefused}).
   */
  public Optional<AuthRequest> resolve(AuthRequest request) {
    return resolver.resolve(request);
  }

  /** Whether {@code tenant} is one of the tenants this application has. */
  boolean knowsTenant(String tenant) {
    return resolver.knowsTenant(tenant);
  }

  /**
   * The answer to a request naming a malformed or unknown tenant, or another tenant than its credential's: a plain
   * 403, nothing more.
   */
  HttpReply tenantRefused(AuthRequest request) {
    return HttpReply.json(403, AuthJson.toJson(OnErrorResponse.of(AuthError.forbidden())));
  }

  /** A credential of tenant A never serves a request for tenant B. */
  static boolean sameTenant(AuthRequest request, Authentication auth) {
    return request.tenant().isEmpty() || request.tenant().equals(auth.identity().tenant());
  }

  /**
   * Who the caller is, through the identity cache; empty when unauthenticated.
   *
   * @throws AuthException when the provider fails (adapters answer 503)
   */
  public Optional<Authentication> authenticate(AuthRequest request) {
    return authenticator.check(request).authentication();
  }

  /**
   * Routes an error through {@link AuthProvider#onError} (a 401 or 403 set by the application, an
   * exception) and gives the reply: the error as it stands, or, for {@code logout: true}, a 302 to the login
   * page (browser) or a 401. A session the request authenticated with by cookie is ended through the provider's
   * {@code logout}; a bearer token is the client's to drop (see the class javadoc).
   */
  public HttpReply onError(AuthRequest request, AuthError error) {
    return refusals.onError(Checks.notNull(request, "request"), Checks.notNull(error, "error"));
  }

  /**
   * Logs the caller out: the provider's {@code logout}, the identity cache entry, the transport session.
   *
   * @return the provider's answer, with every cookie effect to send
   */
  public AuthActionResponse logout(AuthRequest request, AuthParams params) {
    Optional<String> credential = provider.credential(request);
    Optional<Authentication> caller =
        credential.isPresent() ? authenticate(request) : Optional.empty();
    AuthActionResponse out = provider.logout(params, request);
    credential.ifPresent(cache::invalidateCredential);
    if (out.isSuccess() && caller.isPresent()) {
      Identity who = caller.get().identity();
      events.onEvent(
          new AuthEvent(
              AuthEvent.Type.SIGNED_OUT,
              Optional.of(who.id()),
              who.tenant().orElse(""),
              request.remoteAddress(),
              cache.now()));
    }
    return out;
  }

  /**
   * The target if it is a safe, same-origin relative path; empty for {@code //host}, {@code /\host},
   * schemes, encoded slashes, CR/LF and other disguises.
   */
  Optional<String> safeRedirect(String target) {
    return Redirects.safe(target);
  }

  /** Where a browser goes after logging in: a valid {@code to} first (as Refine's useLogin), then the provider's {@code redirectTo}, then home. */
  String afterLoginTarget(Optional<String> to, Optional<String> redirectTo) {
    return redirects.afterLogin(to, redirectTo);
  }

  /** The login page URL for an unauthenticated browser, with {@code to} by Refine's rules. */
  String loginLocation(AuthRequest request, Optional<String> redirectTo) {
    return redirects.loginLocation(request, redirectTo);
  }

  /** Whether the checks mark this request as CSRF-safe (used by the /auth endpoints). */
  boolean csrfPasses(AuthRequest request) {
    return csrf.passes(request);
  }

  public AuthProvider provider() {
    return provider;
  }

  public IdentityCache cache() {
    return cache;
  }

  public String loginPath() {
    return loginPath;
  }

  public String homePath() {
    return homePath;
  }

  boolean isBrowser(AuthRequest request) {
    return browserNavigation.test(request);
  }

  HttpReply unavailable(RuntimeException e) {
    return Replies.unavailable(provider, e);
  }

  /** Builds an {@link AuthGuard}. */
  public static final class Builder {
    private @Nullable AuthProvider provider;
    private @Nullable IdentityCache cache;
    private String loginPath = "/login";
    private String homePath = "/";
    private @Nullable String stepUpPath;
    private @Nullable String enrolmentPath;
    private SecondFactorPolicy secondFactorPolicy = SecondFactorPolicy.optional();
    private final Map<String, SecondFactorPolicy> secondFactorPolicies = new HashMap<>();
    private boolean redirectOnFail = true;
    private boolean appendCurrentPathToQuery = true;
    private Predicate<AuthRequest> browserNavigation = AuthGuard::isBrowserNavigation;
    private Set<String> allowedOrigins = Set.of();
    private List<String> corsAllowedHeaders = Cors.DEFAULT_ALLOWED_HEADERS;
    private List<String> corsExposedHeaders = Cors.DEFAULT_EXPOSED_HEADERS;
    private Duration corsMaxAge = Cors.DEFAULT_MAX_AGE;
    private TrustedProxies proxies = TrustedProxies.none();
    private @Nullable String publicOrigin;
    private TenantResolver tenants = TenantResolver.header();
    private Predicate<String> knownTenants = t -> false;
    private Optional<PathRules> pathRules = Optional.empty();
    private AuthEventListener events = AuthEventListener.none();
    private AuthMetrics metrics = AuthMetrics.none();

    private Builder(@Nullable AuthProvider provider) {
      this.provider = provider;
    }

    Builder provider(AuthProvider provider) {
      this.provider = Checks.notNull(provider, "provider");
      return this;
    }

    /** The fallback login page (default {@code /login}), a path inside the application. */
    public Builder loginPath(String loginPath) {
      this.loginPath = checkLoginPath(loginPath);
      return this;
    }

    /** Where an authenticated browser goes from public-only pages and after login without a target (default {@code /}). */
    public Builder homePath(String homePath) {
      this.homePath = Redirects.localPath(homePath, "homePath");
      return this;
    }

    /**
     * The page where a signed-in person gives a second factor again, for a request that needs a recent one (default
     * {@code <loginPath>/second-factor}, the token battery's second step). The path rules must let an authenticated
     * caller reach it: protected or public, not public-only.
     */
    public Builder stepUpPath(String stepUpPath) {
      this.stepUpPath = checkLoginPath(stepUpPath);
      return this;
    }

    /**
     * The page where a signed-in person adds a second factor, for a request that needs one from an account without one
     * (default none: such a request gets 403 {@code SecondFactorEnrolmentRequired} without a way there).
     */
    public Builder enrolmentPath(String enrolmentPath) {
      this.enrolmentPath = checkLoginPath(enrolmentPath);
      return this;
    }

    /**
     * Who must have signed in with a second factor, in every tenant without a policy of its own and outside tenants
     * (default {@link SecondFactorPolicy#optional()}).
     */
    public Builder secondFactorPolicy(SecondFactorPolicy policy) {
      this.secondFactorPolicy = Checks.notNull(policy, "policy");
      return this;
    }

    /** Who must have signed in with a second factor in {@code tenant}. */
    public Builder secondFactorPolicy(String tenant, SecondFactorPolicy policy) {
      Checks.require(
          TenantResolver.TENANT_ID.matcher(Checks.notNull(tenant, "tenant")).matches(),
          "tenant id '%s' does not match %s",
          tenant,
          TenantResolver.TENANT_ID);
      this.secondFactorPolicies.put(tenant, Checks.notNull(policy, "policy"));
      return this;
    }

    private String stepUpPage() {
      return stepUpPath != null ? stepUpPath : defaultStepUpPath(loginPath);
    }

    /** The pages where a person goes to give a second factor, or to add one. */
    private List<String> compliancePages() {
      return enrolmentPath != null ? List.of(stepUpPage(), enrolmentPath) : List.of(stepUpPage());
    }

    /** Whether unauthenticated browsers are redirected to the login page (default) or answered 401. */
    public Builder redirectOnFail(boolean redirectOnFail) {
      this.redirectOnFail = redirectOnFail;
      return this;
    }

    /** Whether the login redirect carries {@code ?to=<current path>} (default true). */
    public Builder appendCurrentPathToQuery(boolean append) {
      this.appendCurrentPathToQuery = append;
      return this;
    }

    /** Tells browser navigations (redirected) from API calls (401); default {@link AuthGuard#isBrowserNavigation}. */
    public Builder browserNavigation(Predicate<AuthRequest> rule) {
      this.browserNavigation = Checks.notNull(rule, "rule");
      return this;
    }

    /**
     * Other origins allowed to call the application from a browser with credentials (a Refine app on
     * {@code https://admin.example.com} or {@code http://localhost:5173}): CORS with credentials, and the CSRF
     * check's trusted origins. Exact origins only ({@code scheme://host[:port]}); default none.
     *
     * @throws IllegalArgumentException naming an entry that is not an origin, or a wildcard
     */
    public Builder allowedOrigins(Collection<String> origins) {
      Set<String> normalized = new LinkedHashSet<>();
      Checks.notNull(origins, "origins").forEach(o -> normalized.add(Cors.normalizeOrigin(o)));
      this.allowedOrigins = Collections.unmodifiableSet(normalized);
      return this;
    }

    /**
     * The request headers an allowed origin may send (default {@code Authorization}, {@code Content-Type},
     * {@code X-Tenant-ID}, {@code X-CSRF-Token}, {@code X-Requested-With}).
     */
    public Builder corsAllowedHeaders(List<String> headers) {
      this.corsAllowedHeaders = List.copyOf(headers);
      return this;
    }

    /** The response headers an allowed origin's scripts may read (default {@code WWW-Authenticate}, {@code Retry-After}). */
    public Builder corsExposedHeaders(List<String> headers) {
      this.corsExposedHeaders = List.copyOf(headers);
      return this;
    }

    /** How long a browser may keep a preflight's answer (default 10 minutes, at most 1 day). */
    public Builder corsMaxAge(Duration maxAge) {
      this.corsMaxAge = Checks.notNull(maxAge, "maxAge");
      return this;
    }

    /**
     * The origin users reach the application at, e.g. {@code https://app.example.com}, when it differs from
     * what the server sees (a proxy that rewrites {@code Host}, TLS ended in front). The CSRF origin check and
     * {@link AuthRequest#secure()} then use it, whatever the request's {@code Host} and transport say.
     *
     * @throws IllegalArgumentException if it is not {@code http(s)://host[:port]}
     */
    public Builder publicOrigin(String origin) {
      this.publicOrigin = Cors.normalizeOrigin(origin);
      return this;
    }

    /**
     * The proxies (addresses or CIDR blocks: {@code 10.0.0.0/8}, {@code ::1}) whose {@code X-Forwarded-For},
     * {@code -Proto} and {@code -Host} headers are believed: the client's address, scheme and host. From any other
     * address these headers change nothing; {@code Forwarded} is not read. Default none.
     *
     * @throws IllegalArgumentException naming an entry that is neither
     */
    public Builder trustedProxies(Collection<String> proxies) {
      return trustedProxies(proxies, ProxyHeaders.X_FORWARDED);
    }

    /**
     * As {@link #trustedProxies(Collection)}, for proxies that write {@code headers}: only that family is read,
     * since a proxy passes the other one through from the client untouched.
     *
     * @throws IllegalArgumentException naming an entry that is neither an address nor a CIDR block
     */
    public Builder trustedProxies(Collection<String> proxies, ProxyHeaders headers) {
      this.proxies = TrustedProxies.of(List.copyOf(proxies), headers);
      return this;
    }

    /**
     * Who hears of the guard's events: sign-outs ({@link AuthEvent.Type#SIGNED_OUT}) and refused permissions ({@link
     * AuthEvent.Type#ACCESS_DENIED}); by default nobody (the settings take the discovered listeners). An {@link
     * AuthEventStore} the provider offers hears them too.
     */
    public Builder events(AuthEventListener listener) {
      this.events = Checks.notNull(listener, "listener");
      return this;
    }

    /** Where the guard's decision times and its identity cache's counts go; by default nowhere. */
    public Builder metrics(AuthMetrics metrics) {
      this.metrics = Checks.notNull(metrics, "metrics");
      return this;
    }

    /** Which paths need what, for {@link AuthGuard#authorize(AuthRequest)}; default: everything protected but the login path (public-only). */
    public Builder pathRules(PathRules rules) {
      this.pathRules = Optional.of(Checks.notNull(rules, "rules"));
      return this;
    }

    /** How a request names its tenant (default: the {@code X-Tenant-ID} header). */
    public Builder tenantResolver(TenantResolver resolver) {
      this.tenants = Checks.notNull(resolver, "resolver");
      return this;
    }

    /**
     * The tenants this application has (default none: a request naming any tenant is refused). A request, or a login
     * body, that names another is refused whatever the resolver says: joining a tenant is never implicit.
     */
    public Builder tenants(Set<String> ids) {
      for (String id : ids) {
        Checks.require(
            TenantResolver.TENANT_ID.matcher(id).matches(),
            "tenant id '%s' does not match %s",
            id,
            TenantResolver.TENANT_ID);
      }
      return tenants(Set.copyOf(ids)::contains);
    }

    /** The tenants this application has, when they change at run time (a tenant table): answers whether an id is one. */
    public Builder tenants(Predicate<String> known) {
      this.knownTenants = Checks.notNull(known, "known");
      return this;
    }

    public Builder identityCache(IdentityCache cache) {
      this.cache = Checks.notNull(cache, "cache");
      return this;
    }

    /**
     * @throws IllegalArgumentException when the path rules protect the login page (browsers would be sent to it and
     *     back, forever)
     */
    public AuthGuard build() {
      Checks.notNull(provider, "provider");
      Checks.require(
          pathRules.map(r -> !r.requirementFor(loginPath).needsAuthentication()).orElse(true),
          "the path rules protect the login page %s: open it (public or public-only)",
          loginPath);
      for (String page : compliancePages()) {
        Checks.require(
            pathRules.map(r -> r.requirementFor(page).secondFactorWithin().isEmpty()).orElse(true),
            "the path rules ask for a recent second factor on %s, where a person goes to give one"
                + " (or add one): they could never reach it",
            page);
      }
      return new AuthGuard(this);
    }
  }
}
