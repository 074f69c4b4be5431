package dev.refauth.core.memory;

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
import dev.refauth.core.Notification;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.PasswordHasher;
import dev.refauth.core.Permissions;
import dev.refauth.core.ResponseCookie;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
  private static final int MAX_PASSWORD_LENGTH = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, User> users;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final PasswordHasher hasher;
  private final Clock clock;
  private final Duration tokenTtl;
  private final String loginPath;
  private final boolean secureCookies;

  private record User(String passwordHash, Identity identity, Permissions permissions) {}

  private record Session(String email, Instant expiresAt) {}

  private InMemoryAuthProvider(Builder b) {
    this.users = Map.copyOf(b.users);
    this.hasher = b.hasher;
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
    Optional<String> email = params.email().map(InMemoryAuthProvider::normalize);
    Optional<String> password = params.password().filter(p -> !p.isEmpty() && p.length() <= MAX_PASSWORD_LENGTH);
    if (email.isEmpty() || password.isEmpty()) {
      return AuthActionResponse.failure(AuthError.invalidCredentials());
    }
    User user = users.get(email.get());
    if (user == null) {
      hasher.verifyDummy(password.get());
      return AuthActionResponse.failure(AuthError.invalidCredentials());
    }
    if (!hasher.verify(password.get(), user.passwordHash())) {
      return AuthActionResponse.failure(AuthError.invalidCredentials());
    }
    String token = newToken();
    Instant expiresAt = clock.instant().plus(tokenTtl);
    purgeExpired();
    sessions.put(digest(token), new Session(email.get(), expiresAt));
    return AuthActionResponse.success("/")
        .withSuccessNotification(Notification.of("Login successful", "Welcome back!"))
        .with("accessToken", token)
        .with("token", token)
        .with("expiresIn", tokenTtl.toSeconds())
        .withCookie(ResponseCookie.of(COOKIE, token).withSecure(secureCookies).withMaxAge(tokenTtl));
  }

  @Override
  public AuthActionResponse logout(AuthParams params, AuthRequest request) {
    credential(request).ifPresent(token -> sessions.remove(digest(token)));
    return AuthActionResponse.success(loginPath).withCookie(ResponseCookie.clear(COOKIE).withSecure(secureCookies));
  }

  @Override
  public CheckResponse check(AuthRequest request) {
    return session(request)
        .map(s -> {
          User user = users.get(s.email());
          return CheckResponse.authenticated(Authentication.of(user.identity(), user.permissions())
              .withScheme(request.bearerToken().isPresent() ? "Bearer" : "Session")
              .withExpiresAt(s.expiresAt()));
        })
        .orElseGet(() -> CheckResponse.unauthenticated(loginPath).withLogout(true).withError(AuthError.unauthorized()));
  }

  @Override
  public OnErrorResponse onError(AuthError error, AuthRequest request) {
    int status = error.status().orElse(0);
    if (status == 401) {
      return OnErrorResponse.logout(loginPath).withError(error);
    }
    if (status == 403) {
      return OnErrorResponse.of(error);
    }
    return OnErrorResponse.none();
  }

  @Override
  public Optional<Identity> getIdentity(AuthRequest request) {
    return session(request).map(s -> users.get(s.email()).identity());
  }

  @Override
  public Optional<Permissions> getPermissions(AuthRequest request) {
    return session(request).map(s -> users.get(s.email()).permissions());
  }

  /** The bearer token, or else the session cookie. */
  @Override
  public Optional<String> credential(AuthRequest request) {
    Optional<String> bearer = request.bearerToken();
    if (bearer.isPresent()) {
      return bearer;
    }
    List<String> cookies = request.cookies(COOKIE);
    return cookies.size() == 1 && !cookies.get(0).isEmpty() ? Optional.of(cookies.get(0)) : Optional.empty();
  }

  private Optional<Session> session(AuthRequest request) {
    return credential(request).map(t -> sessions.get(digest(t))).filter(s -> s.expiresAt().isAfter(clock.instant()));
  }

  private void purgeExpired() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
  }

  private static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String digest(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new AuthException("SHA-256 is not available", e);
    }
  }

  private static Builder fromSettings(AuthSettings settings) {
    settings.requireOnly(Set.of("users", "tokenTtl", "loginPath", "secureCookies"));
    Builder b = builder()
        .tokenTtl(settings.duration("tokenTtl", Duration.ofHours(1)))
        .loginPath(settings.string("loginPath", "/login"))
        .secureCookies(settings.bool("secureCookies", true));
    String location = settings.require("users");
    try {
      b.usersFile(readLocation(location));
    } catch (IOException e) {
      throw new AuthException("setting 'users': cannot read '" + location + "'", e);
    } catch (IllegalArgumentException e) {
      throw new AuthException("setting 'users': " + e.getMessage(), e);
    }
    return b;
  }

  private static String readLocation(String location) throws IOException {
    if (location.startsWith("classpath:")) {
      String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      try (InputStream in = (loader != null ? loader : InMemoryAuthProvider.class.getClassLoader()).getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("no resource " + resource);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return Files.readString(Path.of(location), StandardCharsets.UTF_8);
  }

  /** Builds an {@link InMemoryAuthProvider}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, User> users = new LinkedHashMap<>();
    private PasswordHasher hasher = PasswordHasher.argon2id();
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
      return user(Identity.builder(normalize(email)).email(normalize(email)).name(name).build(), password,
          Permissions.of(permissions));
    }

    /** Adds a user with a full identity; the identity's email (or id) is the login name. */
    public Builder user(Identity identity, String password, Permissions permissions) {
      String email = normalize(identity.email().orElse(identity.id()));
      if (users.containsKey(email)) {
        throw new IllegalArgumentException("user " + email + " is listed twice");
      }
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("user " + email + " has no password");
      }
      String hash = PasswordHasher.isHash(password) ? password : hasher.hash(password);
      users.put(email, new User(hash, identity, permissions));
      return this;
    }

    /** Adds the users of a users file (see the class javadoc). */
    public Builder usersFile(String text) {
      Properties p = new Properties();
      try (Reader r = new StringReader(text)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("users file cannot be read", e);
      }
      for (String email : p.stringPropertyNames().stream().sorted().toList()) {
        String[] f = p.getProperty(email).split("\\|", -1);
        String password = f[0].strip();
        Identity.Builder id = Identity.builder(normalize(email)).email(normalize(email));
        if (f.length > 1 && !f[1].isBlank()) {
          id.name(f[1].strip());
        }
        if (f.length > 3 && !f[3].isBlank()) {
          id.tenant(f[3].strip());
        }
        List<String> perms = f.length > 2 && !f[2].isBlank() ? List.of(f[2].strip().split("\\s*,\\s*")) : List.of();
        user(id.build(), password, Permissions.of(perms));
      }
      return this;
    }

    /** Hashing for plain passwords given to this builder and for verification. Set it before adding users. */
    public Builder hasher(PasswordHasher hasher) {
      this.hasher = hasher;
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
      if (!loginPath.startsWith("/")) {
        throw new IllegalArgumentException("loginPath must start with /");
      }
      this.loginPath = loginPath;
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
