package dev.refauth.tokens;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.Authentication;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.Permissions;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.AuthMetrics;
import dev.refauth.core.spi.ExternalAccounts;
import dev.refauth.core.spi.ExternalIdentity;
import dev.refauth.core.spi.IdentityCacheAware;
import dev.refauth.core.spi.PublishedKeys;
import dev.refauth.core.spi.SecondFactor;
import dev.refauth.core.spi.SelfService;
import dev.refauth.core.spi.SessionIssuer;
import dev.refauth.core.spi.TokenRefresher;
import dev.refauth.core.spi.UserDirectory;
import dev.refauth.core.spi.UserDirectoryFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The token battery: short-lived JWT access tokens, rotating refresh tokens and server-side cookie
 * sessions, over a {@link UserDirectory} (who the users are) and a {@link TokenStore} (what was issued).
 *
 * <h2>Login</h2>
 * What a sign-in issues is the deployment's choice ({@link SessionMode}, setting {@code sessionMode}):
 * <ul>
 *   <li>{@code both} (default): {@code accessToken} and {@code token} (a JWT, {@code typ at+jwt}, default 5
 *       minutes) and {@code expiresIn} in seconds in the body, and two httpOnly cookies: the session cookie
 *       ({@value #SESSION_COOKIE}, {@code __Host-} prefixed when cookies are secure) for server-rendered pages and
 *       {@code credentials: "include"} clients, and the refresh cookie ({@value #REFRESH_COOKIE}, {@code __Secure-}
 *       prefixed, {@code SameSite=Strict}, scoped to the refresh path);
 *   <li>{@code bearer}: the access token in the body and the refresh cookie, no session cookie: nothing
 *       authenticates by ambient credentials, a request without a bearer token is anonymous (a session cookie is
 *       not even read);
 *   <li>{@code cookie}: the session cookie only, no token in the body and no refresh cookie.
 * </ul>
 * With {@code crossSiteCookies=true} both cookies are {@code SameSite=None} (and so {@code Secure}), for a
 * Refine app on another site than the API; that lets any site's requests carry them, so the CSRF check and
 * the allowed origins are then the only defence: prefer a same-site setup ({@code app.example.com} and
 * {@code api.example.com} are same-site).
 *
 * <h2>Second factor</h2>
 * With a {@link SecondFactor} ({@link Builder#secondFactor}), a right password on an account that has one signs no
 * one in: {@code login} answers 401 {@code {"success": false, "redirectTo": "<loginPath>/second-factor", "error":
 * {"name": "SecondFactorRequired", ...}, "methods": ["totp", "recovery"]}} and sets the httpOnly cookie {@value
 * SecondFactor#PENDING_COOKIE} ({@code __Host-} prefixed when cookies are secure) for the challenge. A second {@code
 * login} with {@code code} or {@code recoveryCode} and that cookie issues what any sign-in issues and clears it; its
 * access tokens, refreshed ones too, carry {@code amr} ({@code ["pwd", "otp", "mfa"]}). Every access token carries
 * {@code auth_time}, the time of its sign-in (a refresh keeps it): the caller's {@code Authentication#authenticatedAt}. Without the cookie, with a
 * used or expired one, or with a wrong code, it answers {@code InvalidCode}. The identity says {@code secondFactor:
 * true|false}. A challenge made before the account's "not before" (a password change) no longer completes.
 *
 * <p>The step-up: {@code login({stepUp: true})} from a signed-in caller (its bearer token or session cookie) answers the
 * same {@code SecondFactorRequired} challenge ({@link SecondFactor#stepUp}), and its answer signs in anew with a fresh
 * {@code auth_time} and {@code amr} {@code ["otp", "mfa"]}: what a {@code Requirement#withSecondFactorWithin} asks
 * for. An account without a second factor gets 403 {@code SecondFactorEnrolmentRequired}.
 *
 * <h2>Check</h2>
 * A bearer token is verified ({@link JwtCodec}), then refused if its {@code jti} is denylisted (logged
 * out), it was issued before its subject's "not before" (password change, "log out everywhere"), or its
 * refresh family was revoked. A session cookie must name a live session (idle and absolute timeouts). The
 * guard's identity cache keeps the outcome until the token's {@code exp} at most; every revocation here
 * evicts it ({@link IdentityCacheAware}). A refused bearer token answers {@code TokenExpired} ("The access
 * token expired": the client refreshes) or {@code InvalidToken}, and touches nothing else; a refused session
 * cookie is cleared, and nothing else.
 *
 * <h2>Refresh</h2>
 * {@code POST /auth/refresh} rotates the refresh token: a new refresh cookie and a new access token. A
 * rotated token presented again within the grace window (several tabs refreshing at once) gets the same
 * successor; later, it revokes the whole family and the user must log in again.
 *
 * <h2>Self-service and social login</h2>
 * {@code register}, {@code forgotPassword} and {@code updatePassword} are the directory's when it implements
 * {@link SelfService} (the accounts battery does), "not supported" otherwise; a password change then ends every
 * session and token of the account. Social login is the social battery's provider in front of this one: this
 * provider is its {@link SessionIssuer}, signing in the account the directory's {@link ExternalAccounts} links
 * to the person the social provider vouched for.
 *
 * <h2>Settings</h2> (for {@code web.xml}: prefix each with {@code provider.})
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code users}</td><td>required</td><td>users file ({@code classpath:/..} or a path), read by the {@link UserDirectoryFactory} on the class path (the accounts battery's)</td></tr>
 *   <tr><td>{@code jwt.jwks}</td><td></td><td>JWK set file with the signing key (RS256, ES256, EdDSA or HS256)</td></tr>
 *   <tr><td>{@code jwt.kid}</td><td>the only private key</td><td>the signing key's kid in that file</td></tr>
 *   <tr><td>{@code jwt.generate}</td><td>none</td><td>development: an algorithm (e.g. {@code ES256}) to generate a key into {@code jwt.jwks} when the file is missing</td></tr>
 *   <tr><td>{@code jwt.secret}</td><td>none</td><td>an HS256 secret (at least 256 bits), used when no {@code jwt.jwks}; give it
 *       through MicroProfile Config or the environment ({@code REFAUTH_PROVIDER_JWT_SECRET}), never in web.xml</td></tr>
 *   <tr><td>{@code jwt.secretEnv}</td><td>{@code REFAUTH_JWT_SECRET}</td><td>environment variable holding an HS256 secret (at least 256 bits), used when neither {@code jwt.jwks} nor {@code jwt.secret}</td></tr>
 *   <tr><td>{@code jwt.issuer}, {@code jwt.audience}</td><td>{@code refauth}</td><td>{@code iss} and {@code aud}</td></tr>
 *   <tr><td>{@code jwt.profile}</td><td>{@code refauth}</td><td>{@code microprofile}: the MicroProfile JWT profile ({@code typ JWT},
 *       {@code upn}, {@code groups}) for other services' MP-JWT ({@link JwtCodec.Builder#microProfile})</td></tr>
 *   <tr><td>{@code accessTtl}</td><td>{@code 5m}</td><td>access token lifetime (1 s to 1 h)</td></tr>
 *   <tr><td>{@code clockSkew}</td><td>{@code 60s}</td><td>tolerance on token times (0 to 5 min)</td></tr>
 *   <tr><td>{@code sessionMode}</td><td>{@code both}</td><td>what a sign-in issues: {@code bearer}, {@code cookie} or {@code both} (above)</td></tr>
 *   <tr><td>{@code refreshTtl}, {@code refreshIdle}, {@code refreshGrace}</td><td>{@code 30d}, {@code 7d}, {@code 10s}</td><td>refresh family absolute lifetime, idle lifetime, concurrent-rotation grace</td></tr>
 *   <tr><td>{@code sessionTtl}, {@code sessionIdle}</td><td>{@code 12h}, {@code 30m}</td><td>cookie session absolute and idle timeouts</td></tr>
 *   <tr><td>{@code secureCookies}</td><td>{@code true}; with {@code publicOrigin}, whether it is https</td><td>{@code false} only for plain-http development
 *       (drops Secure and the prefixes); {@code false} with an https {@code publicOrigin} is refused</td></tr>
 *   <tr><td>{@code crossSiteCookies}</td><td>{@code false}</td><td>{@code SameSite=None} on the session and refresh cookies (needs secure cookies)</td></tr>
 *   <tr><td>{@code publicOrigin}</td><td>the guard's</td><td>the deployment's public origin: the {@code Secure} default</td></tr>
 *   <tr><td>{@code loginPath}, {@code apiPath}</td><td>{@code /login}, {@code /auth}</td><td>the deployment's: where logged-out users go; the refresh cookie's
 *       path is {@code <apiPath>/refresh}</td></tr>
 * </table>
 */
public final class TokenAuthProvider
    implements AuthProvider, TokenRefresher, IdentityCacheAware, SessionIssuer {
  /** The session cookie's name (with {@code __Host-} in front when cookies are secure). */
  public static final String SESSION_COOKIE = "refauth_session";

  /** The refresh cookie's name (with {@code __Secure-} in front when cookies are secure). */
  public static final String REFRESH_COOKIE = "refauth_refresh";

  /** What a sign-in issues (see the class javadoc). */
  public enum SessionMode {
    /** The access token in the body and the refresh cookie; no session cookie, none read. */
    BEARER,
    /** The session cookie only. */
    COOKIE,
    /** Everything (the default). */
    BOTH;

    boolean tokens() {
      return this != COOKIE;
    }

    boolean cookies() {
      return this != BEARER;
    }
  }

  private final JwtCodec codec;
  private final SessionCookies cookies;
  private final OwnedResources owned;
  private final List<Object> offered;
  private final Revocations revocations;
  private final SignIns signIns;
  private final Refreshes refreshes;
  private final AccessCheck access;
  private final SelfServices selfServices;
  private final UserDirectory directory;
  private final Optional<SecondFactor> secondFactor;
  private final TokenStore store;
  private final Clock clock;

  private TokenAuthProvider(ProviderOptions o) {
    this.directory = o.directory;
    this.store = o.store;
    this.clock = o.clock;
    this.secondFactor = o.secondFactor;
    this.codec = o.codec;
    this.cookies =
        new SessionCookies(o.secureCookies, o.crossSiteCookies, o.refreshPath, o.refreshTtl);
    this.owned = new OwnedResources(o.closing);
    this.offered = List.copyOf(o.offered);
    this.revocations = new Revocations(o, cookies);
    this.signIns = new SignIns(o, cookies);
    this.refreshes = new Refreshes(o, cookies, revocations);
    this.access = new AccessCheck(o, cookies, revocations);
    this.selfServices = new SelfServices(o.directory, cookies, access, revocations);
  }

  /**
   * From settings (see the class javadoc).
   *
   * @throws AuthException naming a missing, unknown or bad setting
   */
  public TokenAuthProvider(AuthSettings settings) {
    this(TokenSettings.fromSettings(settings).options);
  }

  /**
   * @param directory who the users are
   * @param codec how access tokens are signed and verified
   * @param store where issued state lives
   */
  public static Builder builder(UserDirectory directory, JwtCodec codec, TokenStore store) {
    return new Builder(directory, codec, store);
  }

  /**
   * The names {@link #builder(UserDirectory, TokenStore, AuthSettings)} reads (the table above but {@code users}), for
   * an assembly that checks every setting before it opens anything.
   */
  public static Set<String> settingNames() {
    return TokenSettings.namesWithoutUsers();
  }

  /**
   * A builder over this directory and store, with keys, token lifetimes and cookie settings read from
   * {@code settings} (the table above, without {@code users}, which names the directory this method is given).
   *
   * @throws AuthException naming a missing, unknown or bad setting
   */
  public static Builder builder(UserDirectory directory, TokenStore store, AuthSettings settings) {
    return TokenSettings.builder(directory, store, settings);
  }

  /** Keeps {@code cache} up to date; a store that hears of revocations from other nodes gets it too. */
  @Override
  public void useIdentityCache(IdentityCache cache) {
    revocations.useIdentityCache(cache);
    if (directory instanceof IdentityCacheAware aware) {
      aware.useIdentityCache(cache); // the accounts change too (permissions, status)
    }
  }

  /** Closes what was handed over with {@link Builder#closing}, last first. */
  @Override
  public void close() {
    owned.close();
  }

  /**
   * This provider, or its user directory (the accounts it signs in against), or its {@link SecondFactor}, when that
   * is a {@code type}.
   */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return Optional.of(type.cast(this));
    }
    if (type.isInstance(directory)) {
      return Optional.of(type.cast(directory));
    }
    if (type == PublishedKeys.class) {
      return codec.publishedKeys().map(type::cast);
    }
    for (Object o : offered) {
      if (type.isInstance(o)) {
        return Optional.of(type.cast(o));
      }
    }
    return secondFactor.filter(type::isInstance).map(type::cast);
  }

  @Override
  public AuthActionResponse login(AuthParams params, AuthRequest request) {
    if (Boolean.TRUE.equals(params.get("stepUp").orElse(null))) {
      // a signed-in person gives a second factor again: the caller, by the credential it sends
      return access
          .check(request)
          .authentication()
          .map(caller -> signIns.stepUp(caller.identity(), access.family(request), request))
          .orElseGet(() -> AuthActionResponse.failure(AuthError.unauthorized()));
    }
    return signIns.login(params, request);
  }

  /** Signs in the account the directory links to {@code identity} ({@link ExternalAccounts}); empty without one. */
  @Override
  public Optional<AuthActionResponse> signInExternal(
      ExternalIdentity identity, AuthRequest request) {
    return signIns.external(identity, request, Optional.empty());
  }

  /** Derived from the signing key: no two purposes share one, and nobody without the key can compute it. */
  @Override
  public byte[] derivedSecret(String purpose) {
    return codec.derivedSecret(purpose).orElseThrow();
  }

  @Override
  public boolean secureCookies() {
    return cookies.secure();
  }

  /** Revokes the families tied to that provider session or subject (and their sessions), on every node. */
  @Override
  public boolean endExternalSessions(
      String issuer, Optional<String> sessionId, Optional<String> subject) {
    Optional<String> key =
        sessionId
            .map(sid -> SignIns.externalKey(issuer, "sid", sid))
            .or(() -> subject.map(sub -> SignIns.externalKey(issuer, "sub", sub)));
    key.ifPresent(k -> store.revokeExternal(k).forEach(revocations::evictSubject));
    return true;
  }

  @Override
  public Optional<AuthActionResponse> signInExternal(
      ExternalIdentity identity, AuthRequest request, String keep) {
    return signIns.external(identity, request, Optional.of(keep));
  }

  /** What the login keeps, opened: sealed again here, bound to the login, so that no row's value serves another's. */
  @Override
  public Optional<String> keptWithLogin(AuthRequest request) {
    return access
        .family(request)
        .flatMap(f -> store.kept(f).flatMap(box -> SignIns.openKept(codec, f, box)));
  }

  @Override
  public boolean keepWithLogin(AuthRequest request, String keep) {
    Optional<String> family = access.family(request);
    return family.isPresent()
        && SignIns.keep(store, family.get(), SignIns.sealKept(codec, family.get(), keep));
  }

  @Override
  public Optional<String> externalProvider(AuthRequest request) {
    return access.family(request).flatMap(store::externalProvider);
  }

  @Override
  public boolean claimOnce(String key, Instant until) {
    return store.claim(IdentityCache.digest("claim-once\u0000" + key), until, clock.instant());
  }

  /**
   * Ends the caller's login: the bearer token's (denied, its refresh family revoked; an expired but authentic token
   * is proof enough), the session cookie's (deleted, its family revoked), and clears both cookies.
   */
  @Override
  public AuthActionResponse logout(AuthParams params, AuthRequest request) {
    return revocations.logout(request);
  }

  @Override
  public CheckResponse check(AuthRequest request) {
    return access.check(request);
  }

  @Override
  public AuthActionResponse refresh(AuthRequest request) {
    return refreshes.refresh(request);
  }

  /**
   * Ends every session and token of {@code subject} issued until now: after a password change, an account
   * disabled, or a "log out everywhere". New logins work at once.
   */
  public void logoutEverywhere(String subject) {
    revocations.logoutEverywhere(subject);
  }

  /** The directory's sign-up flow ({@link SelfService}); otherwise not supported. */
  @Override
  public AuthActionResponse register(AuthParams params, AuthRequest request) {
    return selfServices.register(params, request);
  }

  /** The directory's reset-link flow ({@link SelfService}); otherwise not supported. */
  @Override
  public AuthActionResponse forgotPassword(AuthParams params, AuthRequest request) {
    return selfServices.forgotPassword(params, request);
  }

  /**
   * With a {@link SelfService} directory: changes the password (reset token or current password), then
   * ends every session and token of the account ({@link #logoutEverywhere}) and clears this browser's cookies.
   */
  @Override
  public AuthActionResponse updatePassword(AuthParams params, AuthRequest request) {
    return selfServices.updatePassword(params, request);
  }

  @Override
  public OnErrorResponse onError(AuthError error, AuthRequest request) {
    return access.onError(error);
  }

  @Override
  public Optional<Identity> getIdentity(AuthRequest request) {
    return check(request).authentication().map(Authentication::identity);
  }

  @Override
  public Optional<Permissions> getPermissions(AuthRequest request) {
    return check(request).authentication().map(Authentication::permissions);
  }

  /** The bearer token, or else the session cookie (never in {@link SessionMode#BEARER}). */
  @Override
  public Optional<String> credential(AuthRequest request) {
    return access.credential(request);
  }

  /** The codec, e.g. to publish {@code TokenKeys.publicJwkSetJson()} for other services. */
  public JwtCodec codec() {
    return codec;
  }

  /** Builds a {@link TokenAuthProvider}. */
  public static final class Builder {
    private final ProviderOptions options;

    private Builder(UserDirectory directory, JwtCodec codec, TokenStore store) {
      this.options = new ProviderOptions(directory, codec, store);
    }

    /** The clock for sessions and refresh families (give the codec the same one). */
    public Builder clock(Clock clock) {
      options.clock(clock);
      return this;
    }

    /** A refresh family's absolute lifetime (default 30 days). */
    public Builder refreshTtl(Duration d) {
      options.refreshTtl(d);
      return this;
    }

    /** How long an unused refresh family stays alive (default 7 days). */
    public Builder refreshIdle(Duration d) {
      options.refreshIdle(d);
      return this;
    }

    /** How long a just-rotated refresh token still yields the same successor (default 10 s, at most 2 min). */
    public Builder refreshGrace(Duration d) {
      options.refreshGrace(d);
      return this;
    }

    /** A cookie session's absolute lifetime (default 12 h). */
    public Builder sessionTtl(Duration d) {
      options.sessionTtl(d);
      return this;
    }

    /** A cookie session's idle timeout (default 30 min). */
    public Builder sessionIdle(Duration d) {
      options.sessionIdle(d);
      return this;
    }

    /** {@code false} only for plain-http development on localhost. */
    public Builder secureCookies(boolean secure) {
      options.secureCookies(secure);
      return this;
    }

    /** {@code SameSite=None} on the session and refresh cookies, for an app on another site (default false; needs secure cookies). */
    public Builder crossSiteCookies(boolean crossSite) {
      options.crossSiteCookies(crossSite);
      return this;
    }

    /** What a sign-in issues (default {@link SessionMode#BOTH}). */
    public Builder sessionMode(SessionMode mode) {
      options.sessionMode(mode);
      return this;
    }

    public Builder loginPath(String path) {
      options.loginPath(path);
      return this;
    }

    /** The refresh endpoint's path inside the application, the refresh cookie's scope (default {@code /auth/refresh}). */
    public Builder refreshPath(String path) {
      options.refreshPath(path);
      return this;
    }

    /**
     * A second factor for the accounts that have one: a right password then answers {@code SecondFactorRequired}
     * with {@code redirectTo} {@code <loginPath>/second-factor} and the {@code methods} on offer, and keeps the
     * challenge in an httpOnly cookie; a second {@code login} with {@code code} or {@code recoveryCode} from the
     * same browser signs in, its tokens saying {@code amr} (see the class javadoc).
     */
    public Builder secondFactor(SecondFactor factor) {
      options.secondFactor(factor);
      return this;
    }

    /** Display names of tenants, answered at login as {@code tenant: {id, name}}. */
    public Builder tenantNames(Map<String, String> names) {
      options.tenantNames(names);
      return this;
    }

    /** Resources the provider owns and closes in {@link TokenAuthProvider#close()} (a pool, the JDBC stores). */
    public Builder closing(AutoCloseable resource) {
      options.closing(resource);
      return this;
    }

    /**
     * Something {@link TokenAuthProvider#unwrap} answers for its types, beside the provider's own parts: the event
     * store the guard should fill and an administrator's page read, for one.
     */
    public Builder offer(Object capability) {
      options.offer(capability);
      return this;
    }

    /**
     * Who hears of renewed, reused and refused sessions and of second steps; by default the {@link
     * AuthEventListener}s registered with {@code ServiceLoader}.
     */
    public Builder events(AuthEventListener events) {
      options.events(events);
      return this;
    }

    /** Where token verification results go; by default the {@link AuthMetrics} registered with {@code ServiceLoader}. */
    public Builder metrics(AuthMetrics metrics) {
      options.metrics(metrics);
      return this;
    }

    public TokenAuthProvider build() {
      return new TokenAuthProvider(options);
    }
  }
}
