package dev.refauth.accounts;

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
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.internal.Redirects;
import dev.refauth.core.internal.SecureTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small provider with users given in code or a properties file, passwords hashed with Argon2id, and
 * opaque random session tokens kept in memory. For development, tests and the first day of an app; the
 * token and account batteries replace it in production.
 *
 * <p>A successful login answers {@code accessToken} and {@code token} (the same opaque value),
 * {@code expiresIn} in seconds, and sets the httpOnly cookie {@value #COOKIE}; a later request proves
 * itself with {@code Authorization: Bearer <token>} or that cookie.
 *
 * <h2>Users file</h2>
 * One user a line, {@code email = password | name | permissions | tenant}; password is an Argon2id or
 * bcrypt hash (preferred) or a plain password (hashed at load, for development); permissions are
 * comma-separated; name, permissions and tenant may be left out.
 * <pre>
 * admin@example.com = $argon2id$v=19$m=19456,t=2,p=1$... | Ada Admin | admin,posts:* | acme
 * </pre>
 *
 * <h2>Settings</h2>
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code users}</td><td>required</td><td>{@code classpath:/path} or a file path of the users file</td></tr>
 *   <tr><td>{@code tokenTtl}</td><td>{@code 1h}</td><td>session lifetime</td></tr>
 *   <tr><td>{@code loginPath}</td><td>{@code /login}</td><td>where check and onError send a logged-out user</td></tr>
 *   <tr><td>{@code secureCookies}</td><td>{@code true}</td><td>{@code false} only for plain-http development</td></tr>
 * </table>
 */
public final class InMemoryAuthProvider implements AuthProvider {
  /** The session cookie's name. */
  public static final String COOKIE = "refauth_session";

  private final InMemoryUserDirectory users;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration tokenTtl;
  private final String loginPath;
  private final boolean secureCookies;

  private record Session(Authentication user, Instant expiresAt) {}

  private InMemoryAuthProvider(Builder b) {
    this.users = b.users.build();
    this.clock = b.clock;
    this.tokenTtl = b.tokenTtl;
    this.loginPath = b.loginPath;
    this.secureCookies = b.secureCookies;
  }

  /**
   * From settings (see the class javadoc); used when the provider is named by class in
   * {@code web.xml}.
   *
   * @throws AuthException naming a missing or bad setting, or an unreadable users file
   */
  public InMemoryAuthProvider(AuthSettings settings) {
    this(fromSettings(settings));
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AuthActionResponse login(AuthParams params, AuthRequest request) {
    if (params.providerName().isPresent()) {
      return AuthActionResponse.unsupported("login with providerName");
    }
    Optional<Authentication> user =
        users.authenticateInAnyTenant(params.email().orElse(""), params.password().orElse(""));
    if (user.isEmpty()) {
      return AuthActionResponse.failure(AuthError.invalidCredentials());
    }
    String token = SecureTokens.random(32);
    Instant expiresAt = clock.instant().plus(tokenTtl);
    purgeExpired();
    sessions.put(IdentityCache.digest(token), new Session(user.get(), expiresAt));
    return AuthActionResponse.signedIn()
        .withAccessToken(token, tokenTtl)
        .withCookie(
            ResponseCookie.of(COOKIE, token).withSecure(secureCookies).withMaxAge(tokenTtl));
  }

  @Override
  public AuthActionResponse logout(AuthParams params, AuthRequest request) {
    credential(request).ifPresent(token -> sessions.remove(IdentityCache.digest(token)));
    return AuthActionResponse.success(loginPath)
        .withCookie(ResponseCookie.clear(COOKIE).withSecure(secureCookies));
  }

  /** A refused token answers {@code InvalidToken}; a refused session cookie is also cleared, and nothing else. */
  @Override
  public CheckResponse check(AuthRequest request) {
    Optional<Session> session = session(request);
    if (session.isPresent()) {
      return CheckResponse.authenticated(
          session
              .get()
              .user()
              .withScheme(request.bearerToken().isPresent() ? "Bearer" : "Session")
              .withExpiresAt(session.get().expiresAt()));
    }
    CheckResponse refused = CheckResponse.unauthenticated(loginPath).withLogout(true);
    if (request.bearerToken().isPresent()) {
      return refused.withError(AuthError.of("InvalidToken", "The access token is invalid", 401));
    }
    return credential(request).isPresent()
        ? refused
            .withError(
                AuthError.of(
                    "SessionExpired", "Your session has ended. Please sign in again.", 401))
            .withCookie(ResponseCookie.clear(COOKIE).withSecure(secureCookies))
        : refused.withError(AuthError.unauthorized());
  }

  @Override
  public OnErrorResponse onError(AuthError error, AuthRequest request) {
    return OnErrorResponse.standard(error, loginPath);
  }

  @Override
  public Optional<Identity> getIdentity(AuthRequest request) {
    return session(request).map(s -> s.user().identity());
  }

  @Override
  public Optional<Permissions> getPermissions(AuthRequest request) {
    return session(request).map(s -> s.user().permissions());
  }

  /** The bearer token, or else the session cookie. */
  @Override
  public Optional<String> credential(AuthRequest request) {
    return request.bearerToken().or(() -> request.singleCookie(COOKIE));
  }

  private Optional<Session> session(AuthRequest request) {
    return credential(request)
        .map(t -> sessions.get(IdentityCache.digest(t)))
        .filter(s -> s.expiresAt().isAfter(clock.instant()));
  }

  private void purgeExpired() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
  }

  private static Builder fromSettings(AuthSettings settings) {
    settings.requireOnly(Set.of("users", "tokenTtl", "loginPath", "secureCookies"));
    boolean https =
        settings
            .get(AuthSettings.PUBLIC_ORIGIN)
            .map(o -> o.regionMatches(true, 0, "https://", 0, 8))
            .orElse(true);
    Builder b =
        builder()
            .tokenTtl(settings.duration("tokenTtl", Duration.ofHours(1)))
            .loginPath(settings.string("loginPath", "/login"))
            .secureCookies(settings.bool("secureCookies", https));
    String location = settings.require("users");
    try {
      b.usersFile(InMemoryUserDirectory.readLocation(location));
    } catch (IllegalArgumentException e) {
      throw new AuthException("setting 'users': " + e.getMessage(), e);
    }
    return b;
  }

  /** Builds an {@link InMemoryAuthProvider}. Not thread-safe. */
  public static final class Builder {
    private final InMemoryUserDirectory.Builder users = InMemoryUserDirectory.builder();
    private Clock clock = Clock.systemUTC();
    private Duration tokenTtl = Duration.ofHours(1);
    private String loginPath = "/login";
    private boolean secureCookies = true;

    private Builder() {}

    /**
     * Adds a user; the email is the identity's id.
     *
     * @param password a plain password (hashed now) or an Argon2id/bcrypt hash
     * @throws IllegalArgumentException for a malformed permission or a duplicate email
     */
    public Builder user(String email, String password, String name, String... permissions) {
      users.user(email, password, name, permissions);
      return this;
    }

    /** Adds a user with a full identity; the identity's email (or id) is the login name. */
    public Builder user(Identity identity, String password, Permissions permissions) {
      users.user(identity, password, permissions);
      return this;
    }

    /** Adds the users of a users file (see {@link InMemoryUserDirectory}). */
    public Builder usersFile(String text) {
      users.usersFile(text);
      return this;
    }

    /** Hashing for plain passwords given to this builder and for verification. Set it before adding users. */
    public Builder hasher(PasswordHasher hasher) {
      users.hasher(hasher);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder tokenTtl(Duration tokenTtl) {
      if (tokenTtl.isNegative() || tokenTtl.isZero()) {
        throw new IllegalArgumentException("tokenTtl must be positive");
      }
      this.tokenTtl = tokenTtl;
      return this;
    }

    public Builder loginPath(String loginPath) {
      this.loginPath = Redirects.localPath(loginPath, "loginPath");
      return this;
    }

    /** {@code false} only for plain-http development: the session cookie is then sent without TLS. */
    public Builder secureCookies(boolean secureCookies) {
      this.secureCookies = secureCookies;
      return this;
    }

    public InMemoryAuthProvider build() {
      return new InMemoryAuthProvider(this);
    }
  }
}
