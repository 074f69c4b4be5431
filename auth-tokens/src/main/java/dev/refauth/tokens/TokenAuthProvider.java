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
import dev.refauth.core.Notification;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.Permissions;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.core.spi.ExternalAccounts;
import dev.refauth.core.spi.ExternalIdentity;
import dev.refauth.core.spi.IdentityCacheAware;
import dev.refauth.core.spi.SelfService;
import dev.refauth.core.spi.SessionIssuer;
import dev.refauth.core.spi.TokenRefresher;
import dev.refauth.core.spi.UserDirectory;
import dev.refauth.core.spi.UserDirectoryFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

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
 *   <tr><td>{@code jwt.secretEnv}</td><td>{@code REFAUTH_JWT_SECRET}</td><td>environment variable holding an HS256 secret (at least 256 bits), used when no {@code jwt.jwks}</td></tr>
 *   <tr><td>{@code jwt.issuer}, {@code jwt.audience}</td><td>{@code refauth}</td><td>{@code iss} and {@code aud}</td></tr>
 *   <tr><td>{@code accessTtl}</td><td>{@code 5m}</td><td>access token lifetime (1 s to 1 h)</td></tr>
 *   <tr><td>{@code clockSkew}</td><td>{@code 60s}</td><td>tolerance on token times (0 to 5 min)</td></tr>
 *   <tr><td>{@code sessionMode}</td><td>{@code both}</td><td>what a sign-in issues: {@code bearer}, {@code cookie} or {@code both} (above)</td></tr>
 *   <tr><td>{@code refreshTtl}, {@code refreshIdle}, {@code refreshGrace}</td><td>{@code 30d}, {@code 7d}, {@code 10s}</td><td>refresh family absolute lifetime, idle lifetime, concurrent-rotation grace</td></tr>
 *   <tr><td>{@code sessionTtl}, {@code sessionIdle}</td><td>{@code 12h}, {@code 30m}</td><td>cookie session absolute and idle timeouts</td></tr>
 *   <tr><td>{@code secureCookies}</td><td>{@code true}; with {@code publicOrigin}, whether it is https</td><td>{@code false} only for plain-http development
 *       (drops Secure and the prefixes); {@code false} with an https {@code publicOrigin} is refused</td></tr>
 *   <tr><td>{@code crossSiteCookies}</td><td>{@code false}</td><td>{@code SameSite=None} on the session and refresh cookies (needs secure cookies)</td></tr>
 *   <tr><td>{@code publicOrigin}</td><td>the guard's</td><td>the deployment's public origin: the {@code Secure} default</td></tr>
 *   <tr><td>{@code loginPath}, {@code refreshPath}</td><td>{@code /login}, {@code /auth/refresh}</td><td>where logged-out users go; the refresh cookie's path</td></tr>
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

  private final UserDirectory directory;
  private final JwtCodec codec;
  private final TokenStore store;
  private final Clock clock;
  private final Duration refreshTtl;
  private final Duration refreshIdle;
  private final Duration refreshGrace;
  private final Duration sessionTtl;
  private final Duration sessionIdle;
  private final SessionCookies cookies;
  private final SessionMode mode;
  private final String loginPath;
  private final List<IdentityCache> caches = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, String> tenantNames;
  private final List<AutoCloseable> closing;

  /** Derives a refresh token's successor. */
  private final byte[] successorKey;

  private TokenAuthProvider(Builder b) {
    this.directory = b.directory;
    this.codec = b.codec;
    this.store = b.store;
    this.clock = b.clock;
    this.refreshTtl = b.refreshTtl;
    this.refreshIdle = b.refreshIdle;
    this.refreshGrace = b.refreshGrace;
    this.sessionTtl = b.sessionTtl;
    this.sessionIdle = b.sessionIdle;
    this.cookies =
        new SessionCookies(b.secureCookies, b.crossSiteCookies, b.refreshPath, b.refreshTtl);
    this.mode = b.mode;
    this.loginPath = b.loginPath;
    this.tenantNames = java.util.Map.copyOf(b.tenantNames);
    this.closing = List.copyOf(b.closing);
    this.successorKey =
        codec
            .derivedSecret("refauth refresh-token successor")
            .orElseThrow(
                () ->
                    new AuthException(
                        "the token provider needs keys that can sign (not only verify)"));
  }

  /**
   * From settings (see the class javadoc).
   *
   * @throws AuthException naming a missing, unknown or bad setting
   */
  public TokenAuthProvider(AuthSettings settings) {
    this(TokenSettings.fromSettings(settings));
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
    caches.add(cache);
    if (store instanceof IdentityCacheAware aware) {
      aware.useIdentityCache(cache);
    }
  }

  /** Closes what was handed over with {@link Builder#closing}, last first. */
  @Override
  public void close() {
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        System.getLogger(TokenAuthProvider.class.getName())
            .log(System.Logger.Level.WARNING, "closing " + closing.get(i) + " failed: " + e);
      }
    }
  }

  @Override
  public AuthActionResponse login(AuthParams params, AuthRequest request) {
    if (params.providerName().isPresent()) {
      return AuthActionResponse.unsupported(
          "login with providerName"); // the social battery's provider, in front of this one
    }
    AuthRequest forTenant =
        params.tenantId().filter(t -> !t.isBlank()).map(request::withTenant).orElse(request);
    if (params.tenantId().isPresent()
        && request.tenant().isPresent()
        && !params.tenantId().equals(request.tenant())) {
      return AuthActionResponse.failure(
          AuthError.invalidCredentials()); // the body and the request name different tenants
    }
    UserDirectory.SignIn outcome =
        directory.attempt(params.email().orElse(""), params.password().orElse(""), forTenant);
    if (outcome instanceof UserDirectory.SignIn.Success ok) {
      AuthActionResponse r =
          signIn(ok.authentication().identity(), request, params.remember()).response();
      return ok.device().map(d -> r.withCookie(cookies.device(d.token(), d.lifetime()))).orElse(r);
    }
    return outcome instanceof UserDirectory.SignIn.Throttled wait
        ? AuthActionResponse.tooManyAttempts(wait.retryAfter())
        : AuthActionResponse.failure(AuthError.invalidCredentials());
  }

  /** Signs in the account the directory links to {@code identity} ({@link ExternalAccounts}); empty without one. */
  @Override
  public Optional<AuthActionResponse> signInExternal(
      ExternalIdentity identity, AuthRequest request) {
    Optional<Authentication> user =
        directory instanceof ExternalAccounts accounts
            ? accounts.signInExternal(identity, request)
            : Optional.empty();
    return user.map(u -> signIn(u.identity(), request, false).response());
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

  /** A new login of {@code identity}: refresh family, session, access token; the response carries the cookies. */
  private record SignedIn(AuthActionResponse response, @Nullable String accessToken) {}

  private SignedIn signIn(Identity identity, AuthRequest request, boolean remember) {
    Instant now = clock.instant();
    String familyId = SecureTokens.random(16);
    String refresh = SecureTokens.random(32);
    store.createFamily(
        new TokenStore.Family(
            familyId, identity.id(), identity.tenant(), now, now.plus(refreshTtl)),
        IdentityCache.digest(refresh),
        now);
    String session = SecureTokens.random(32);
    if (mode.cookies()) {
      store.createSession(
          new TokenStore.Session(
              IdentityCache.digest(session),
              identity.id(),
              identity.tenant(),
              familyId,
              now,
              now.plus(sessionTtl),
              now));
    }
    AuthActionResponse r =
        AuthActionResponse.success("/")
            .withSuccessNotification(Notification.of("Login successful", "Welcome back!"));
    String token = null;
    if (mode.tokens()) {
      token = codec.issue(identity.id(), identity.tenant().orElse(null), familyId).token();
      r =
          r.with("accessToken", token)
              .with("token", token)
              .with("expiresIn", codec.accessTtl().toSeconds())
              .withCookie(cookies.refresh(request, refresh));
    }
    if (mode.cookies()) {
      r =
          r.withCookie(
              cookies.session(session, remember ? Optional.of(sessionTtl) : Optional.empty()));
    }
    return new SignedIn(
        identity.tenant().isPresent() ? r.with("tenant", tenantJson(identity.tenant().get())) : r,
        token);
  }

  /**
   * Ends the caller's login: the bearer token's (denied, its refresh family revoked; an expired but authentic token
   * is proof enough), the session cookie's (deleted, its family revoked), and clears both cookies.
   */
  @Override
  public AuthActionResponse logout(AuthParams params, AuthRequest request) {
    request
        .bearerToken()
        .map(codec::check)
        .flatMap(TokenAuthProvider::authentic)
        .ifPresent(
            jwt -> {
              store.deny(jwt.jwtId(), jwt.expiresAt());
              jwt.sessionId().ifPresent(store::revokeFamily);
              evictSubject(jwt.subject());
            });
    cookies
        .session(request)
        .flatMap(s -> store.deleteSession(IdentityCache.digest(s)))
        .ifPresent(
            s -> {
              store.revokeFamily(s.familyId());
              evictSubject(s.subject());
            });
    return AuthActionResponse.success(loginPath)
        .withCookie(cookies.clearSession())
        .withCookie(cookies.clearRefresh(request));
  }

  @Override
  public CheckResponse check(AuthRequest request) {
    Instant now = clock.instant();
    Optional<String> bearer = request.bearerToken();
    if (bearer.isPresent()) {
      JwtCodec.Verification v = codec.check(bearer.get());
      if (v instanceof JwtCodec.Verification.Expired) {
        return CheckResponse.unauthenticated(loginPath)
            .withError(AuthError.of("TokenExpired", "The access token expired", 401));
      }
      Optional<Authentication> auth =
          Optional.of(v)
              .filter(JwtCodec.Verification.Verified.class::isInstance)
              .map(ok -> ((JwtCodec.Verification.Verified) ok).jwt())
              .filter(jwt -> !store.isDenied(jwt.jwtId(), now))
              .filter(jwt -> notBeforeAllows(jwt.subject(), jwt.issuedAt()))
              .filter(
                  jwt -> jwt.sessionId().map(sid -> store.isFamilyActive(sid, now)).orElse(true))
              .flatMap(
                  jwt ->
                      directory
                          .find(jwt.subject(), jwt.tenant().orElse(""))
                          .map(a -> a.withScheme("Bearer").withExpiresAt(jwt.expiresAt())));
      return auth.map(CheckResponse::authenticated)
          .orElseGet(
              () ->
                  CheckResponse.unauthenticated(loginPath)
                      .withLogout(true)
                      .withError(AuthError.of("InvalidToken", "The access token is invalid", 401)));
    }
    Optional<String> cookie = mode.cookies() ? cookies.session(request) : Optional.empty();
    if (cookie.isEmpty()) {
      return CheckResponse.unauthenticated(loginPath)
          .withLogout(true)
          .withError(AuthError.unauthorized());
    }
    Optional<Authentication> auth =
        store
            .touchSession(IdentityCache.digest(cookie.get()), now, sessionIdle)
            .filter(s -> notBeforeAllows(s.subject(), s.createdAt()))
            .flatMap(
                s ->
                    directory
                        .find(s.subject(), s.tenant().orElse(""))
                        .map(
                            a ->
                                a.withScheme("Session")
                                    .withExpiresAt(
                                        earliest(s.absoluteExpiry(), now.plus(sessionIdle)))));
    // the session cookie failed: it goes, and nothing else (the refresh cookie, a bearer token are
    // not this one)
    return auth.map(CheckResponse::authenticated)
        .orElseGet(
            () ->
                CheckResponse.unauthenticated(loginPath)
                    .withLogout(true)
                    .withError(
                        AuthError.of(
                            "SessionExpired", "Your session has ended. Please sign in again.", 401))
                    .withCookie(cookies.clearSession()));
  }

  @Override
  public AuthActionResponse refresh(AuthRequest request) {
    Optional<String> presented = cookies.refresh(request);
    if (presented.isEmpty()) {
      return refreshFailure(request);
    }
    Instant now = clock.instant();
    // derived, not random: a concurrent presenter of the same token (another tab, within the grace)
    // gets the same
    // successor without the store keeping it; without the server key nobody can compute it
    String next = SecureTokens.derived(successorKey, presented.get());
    TokenStore.Rotation rotation =
        store.rotate(
            IdentityCache.digest(presented.get()),
            IdentityCache.digest(next),
            now,
            refreshGrace,
            refreshIdle,
            request.tenant());
    TokenStore.Family family;
    if (rotation instanceof TokenStore.Rotation.Rotated r) {
      family = r.family();
    } else if (rotation instanceof TokenStore.Rotation.Grace g) {
      family = g.family();
    } else {
      if (rotation instanceof TokenStore.Rotation.Reused reused) {
        evictSubject(
            reused.family().subject()); // a stolen token came back: everything of that login goes
      }
      return refreshFailure(request);
    }
    if (!notBeforeAllows(family.subject(), family.createdAt())) {
      return refreshFailure(request);
    }
    Optional<Authentication> user = directory.find(family.subject(), family.tenant().orElse(""));
    if (user.isEmpty()) {
      return refreshFailure(request);
    }
    IssuedToken access = codec.issue(family.subject(), family.tenant().orElse(null), family.id());
    return AuthActionResponse.success()
        .with("token", access.token())
        .with("accessToken", access.token())
        .with("expiresIn", codec.accessTtl().toSeconds())
        .withCookie(cookies.refresh(request, next));
  }

  /**
   * Ends every session and token of {@code subject} issued until now: after a password change, an account
   * disabled, or a "log out everywhere". New logins work at once.
   */
  public void logoutEverywhere(String subject) {
    store.setNotBefore(subject, clock.instant());
    store.revokeSubject(subject);
    evictSubject(subject);
  }

  /** The directory's sign-up flow ({@link SelfService}); otherwise not supported. */
  @Override
  public AuthActionResponse register(AuthParams params, AuthRequest request) {
    return directory instanceof SelfService self
        ? self.register(params, request)
        : AuthActionResponse.unsupported("register");
  }

  /** The directory's reset-link flow ({@link SelfService}); otherwise not supported. */
  @Override
  public AuthActionResponse forgotPassword(AuthParams params, AuthRequest request) {
    return directory instanceof SelfService self
        ? self.forgotPassword(params, request)
        : AuthActionResponse.unsupported("forgotPassword");
  }

  /**
   * With a {@link SelfService} directory: changes the password (reset token or current password), then
   * ends every session and token of the account ({@link #logoutEverywhere}) and clears this browser's cookies.
   */
  @Override
  public AuthActionResponse updatePassword(AuthParams params, AuthRequest request) {
    if (!(directory instanceof SelfService self)) {
      return AuthActionResponse.unsupported("updatePassword");
    }
    Optional<Authentication> caller = check(request).authentication();
    SelfService.PasswordChange change =
        params.token().isEmpty() && caller.isPresent()
            ? self.changePassword(params, request, caller.get())
            : self.resetPassword(params, request);
    change.accountId().ifPresent(this::logoutEverywhere);
    AuthActionResponse r = change.response();
    return r.isSuccess()
        ? r.withCookie(cookies.clearSession()).withCookie(cookies.clearRefresh(request))
        : r;
  }

  @Override
  public OnErrorResponse onError(AuthError error, AuthRequest request) {
    int status = error.status().orElse(0);
    if (status == 401) {
      return OnErrorResponse.logout(loginPath).withError(error);
    }
    return status == 403 ? OnErrorResponse.of(error) : OnErrorResponse.none();
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
    Optional<String> bearer = request.bearerToken();
    return bearer.isPresent() || !mode.cookies() ? bearer : cookies.session(request);
  }

  /** The codec, e.g. to publish {@code TokenKeys.publicJwkSetJson()} for other services. */
  public JwtCodec codec() {
    return codec;
  }

  private AuthActionResponse refreshFailure(AuthRequest request) {
    return AuthActionResponse.failure(
            AuthError.of("RefreshError", "Your session has expired. Please sign in again.", 401))
        .withCookie(cookies.clearRefresh(request));
  }

  private java.util.Map<String, String> tenantJson(String tenant) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("id", tenant);
    m.put("name", tenantNames.getOrDefault(tenant, tenant));
    return m;
  }

  /**
   * {@code iat} has whole seconds, so the comparison is at whole seconds. A token issued earlier in the same
   * second as the change is still refused: its refresh family (its {@code sid}) was revoked with the rest.
   */
  private boolean notBeforeAllows(String subject, Instant issuedAt) {
    return store
        .notBefore(subject)
        .map(nb -> !issuedAt.isBefore(nb.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
        .orElse(true);
  }

  private void evictSubject(String subject) {
    caches.forEach(c -> c.invalidateSubject(subject));
  }

  private static Optional<VerifiedJwt> authentic(JwtCodec.Verification v) {
    if (v instanceof JwtCodec.Verification.Verified ok) {
      return Optional.of(ok.jwt());
    }
    return v instanceof JwtCodec.Verification.Expired expired
        ? Optional.of(expired.jwt())
        : Optional.empty();
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Builds a {@link TokenAuthProvider}. */
  public static final class Builder {
    private final UserDirectory directory;
    private final JwtCodec codec;
    private final TokenStore store;
    private Clock clock = Clock.systemUTC();
    private Duration refreshTtl = Duration.ofDays(30);
    private Duration refreshIdle = Duration.ofDays(7);
    private Duration refreshGrace = Duration.ofSeconds(10);
    private Duration sessionTtl = Duration.ofHours(12);
    private Duration sessionIdle = Duration.ofMinutes(30);
    private boolean secureCookies = true;
    private boolean crossSiteCookies;
    private SessionMode mode = SessionMode.BOTH;
    private String loginPath = "/login";
    private String refreshPath = "/auth/refresh";
    private java.util.Map<String, String> tenantNames = java.util.Map.of();
    private final List<AutoCloseable> closing = new java.util.ArrayList<>();

    private Builder(UserDirectory directory, JwtCodec codec, TokenStore store) {
      if (directory == null || codec == null || store == null) {
        throw new IllegalArgumentException("directory, codec and store are required");
      }
      this.directory = directory;
      this.codec = codec;
      this.store = store;
    }

    /** The clock for sessions and refresh families (give the codec the same one). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** A refresh family's absolute lifetime (default 30 days). */
    public Builder refreshTtl(Duration d) {
      this.refreshTtl = positive(d, "refreshTtl");
      return this;
    }

    /** How long an unused refresh family stays alive (default 7 days). */
    public Builder refreshIdle(Duration d) {
      this.refreshIdle = positive(d, "refreshIdle");
      return this;
    }

    /** How long a just-rotated refresh token still yields the same successor (default 10 s, at most 2 min). */
    public Builder refreshGrace(Duration d) {
      if (d.isNegative() || d.compareTo(Duration.ofMinutes(2)) > 0) {
        throw new IllegalArgumentException("refreshGrace must be from 0 to 2 minutes");
      }
      this.refreshGrace = d;
      return this;
    }

    /** A cookie session's absolute lifetime (default 12 h). */
    public Builder sessionTtl(Duration d) {
      this.sessionTtl = positive(d, "sessionTtl");
      return this;
    }

    /** A cookie session's idle timeout (default 30 min). */
    public Builder sessionIdle(Duration d) {
      this.sessionIdle = positive(d, "sessionIdle");
      return this;
    }

    /** {@code false} only for plain-http development on localhost. */
    public Builder secureCookies(boolean secure) {
      this.secureCookies = secure;
      return this;
    }

    /** {@code SameSite=None} on the session and refresh cookies, for an app on another site (default false; needs secure cookies). */
    public Builder crossSiteCookies(boolean crossSite) {
      this.crossSiteCookies = crossSite;
      return this;
    }

    /** What a sign-in issues (default {@link SessionMode#BOTH}). */
    public Builder sessionMode(SessionMode mode) {
      if (mode == null) {
        throw new IllegalArgumentException("mode must not be null");
      }
      this.mode = mode;
      return this;
    }

    public Builder loginPath(String path) {
      this.loginPath = localPath(path, "loginPath");
      return this;
    }

    /** The refresh endpoint's path inside the application, the refresh cookie's scope (default {@code /auth/refresh}). */
    public Builder refreshPath(String path) {
      this.refreshPath = localPath(path, "refreshPath");
      return this;
    }

    /** Display names of tenants, answered at login as {@code tenant: {id, name}}. */
    public Builder tenantNames(java.util.Map<String, String> names) {
      this.tenantNames = java.util.Map.copyOf(names);
      return this;
    }

    /** Resources the provider owns and closes in {@link TokenAuthProvider#close()} (a pool, the JDBC stores). */
    public Builder closing(AutoCloseable resource) {
      this.closing.add(resource);
      return this;
    }

    public TokenAuthProvider build() {
      return new TokenAuthProvider(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }

    private static String localPath(String p, String name) {
      if (p == null
          || !p.startsWith("/")
          || p.startsWith("//")
          || p.contains("\\")
          || p.contains(";")) {
        throw new IllegalArgumentException(name + " must be a local path such as /login");
      }
      return p;
    }
  }
}
