package dev.refauth.sample;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.refauth.accounts.Account;
import dev.refauth.accounts.AccountStore;
import dev.refauth.accounts.Accounts;
import dev.refauth.accounts.FolderMailer;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthProviderFactory;
import dev.refauth.core.AuthSettings;
import dev.refauth.jdbc.JdbcStores;
import dev.refauth.social.SocialLoginProvider;
import dev.refauth.tokens.TokenAuthProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The sample's provider, with embedded defaults: {@link TokenAuthProvider} over {@link Accounts} and the
 * JDBC stores on an H2 file (behind a HikariCP pool), a development mail folder, and a development signing key, all in the data
 * folder (system property {@value #DATA_PROPERTY}, set by the launcher's {@code --data}; default
 * {@code ~/.refauth-sample}). The demo accounts are created on first start only.
 *
 * <p>The base of links in mails and of social login's redirect URIs is the deployment's {@code publicOrigin}
 * (the filter's setting, which the provider sees too); without one, the system property
 * {@value #BASE_URL_PROPERTY} the launcher sets, else {@code http://localhost:8080}; then the context path the
 * application is deployed under (the {@code contextPath} the filter fills in). Its own settings (beside the
 * token provider's): {@code social.allowLinking} (default {@code false}), whether a social sign-in with a verified
 * email links to an existing account; {@code purgeInterval} (default {@code 15m}, {@code 0} for none), how often the
 * stores delete what can never be used again (expired sessions, links, counters...).
 *
 * <p>Social login: the {@code social.*} settings of {@link SocialLoginProvider} (Google, GitHub, any OIDC issuer),
 * plus "Demo OIDC" when the launcher runs its local OpenID provider (system property
 * {@value #DEMO_OIDC_PROPERTY}).
 */
public final class SampleProviderFactory implements AuthProviderFactory {
  /** Where the sample keeps its data. */
  public static final String DATA_PROPERTY = "refauth.sample.data";

  /** The public URL, when the launcher knows it. */
  public static final String BASE_URL_PROPERTY = "refauth.sample.publicBaseUrl";

  /** The demo OpenID provider's issuer, when the launcher runs one. */
  public static final String DEMO_OIDC_PROPERTY = "refauth.sample.demoOidcIssuer";

  /** A shared database instead of the embedded H2 (several nodes): system property, or environment {@code REFAUTH_JDBC_URL}. */
  public static final String JDBC_URL_PROPERTY = "refauth.sample.jdbcUrl";

  /** Its user and password: system properties, or {@code REFAUTH_JDBC_USER} / {@code REFAUTH_JDBC_PASSWORD}. */
  public static final String JDBC_USER_PROPERTY = "refauth.sample.jdbcUser";

  public static final String JDBC_PASSWORD_PROPERTY = "refauth.sample.jdbcPassword";

  /** The stores of the running sample, for its administration resource (one sample per web application). */
  private static volatile JdbcStores current;

  private static volatile Accounts accounts;

  /** The accounts of the running sample, for invitations. */
  static Accounts accounts() {
    Accounts a = accounts;
    if (a == null) {
      throw new IllegalStateException("the sample's provider has not started");
    }
    return a;
  }

  static JdbcStores stores() {
    JdbcStores s = current;
    if (s == null) {
      throw new IllegalStateException("the sample's provider has not started");
    }
    return s;
  }

  @Override
  public AuthProvider create(AuthSettings settings) {
    Path data =
        Path.of(
            System.getProperty(
                DATA_PROPERTY, System.getProperty("user.home") + "/.refauth-sample"));
    String base =
        settings
                .string(
                    AuthSettings.PUBLIC_ORIGIN,
                    System.getProperty(BASE_URL_PROPERTY, "http://localhost:8080"))
                .replaceAll("/+$", "")
            + settings.string(AuthSettings.CONTEXT_PATH, "");
    URI publicBaseUrl = URI.create(base);
    boolean allowLinking = settings.bool("social.allowLinking", false);
    Duration purgeInterval =
        settings.duration(
            "purgeInterval", Duration.ofMinutes(15), Duration.ZERO, Duration.ofDays(7));
    AuthSettings tokenSettings = settings.without("social.allowLinking").without("purgeInterval");
    String demoIssuer = System.getProperty(DEMO_OIDC_PROPERTY);
    if (demoIssuer != null) {
      String providers = tokenSettings.string("social.providers", "");
      tokenSettings =
          tokenSettings
              .with("social.providers", providers.isBlank() ? "demo" : providers + ", demo")
              .with("social.demo.issuer", demoIssuer)
              .with("social.demo.clientId", "refauth-sample")
              .with("social.demo.clientSecret", "demo-only-secret")
              .with("social.demo.displayName", "Demo OIDC");
    }
    if (tokenSettings.get("social.providers").isPresent()
        && tokenSettings.get("social.callbackBase").isEmpty()) {
      tokenSettings =
          tokenSettings.with(
              "social.callbackBase", base + settings.string(AuthSettings.API_PATH, "/auth"));
    }
    AuthSettings socialSettings = tokenSettings;
    tokenSettings = tokenSettings.withoutPrefix("social.");
    if (tokenSettings.get("jwt.jwks").isEmpty()) {
      tokenSettings =
          tokenSettings
              .with("jwt.jwks", data.resolve("dev-signing-key.jwks").toString())
              .with("jwt.generate", "ES256");
    }
    HikariDataSource pool = new HikariDataSource(pool(data));
    AutoCloseable database = () -> close(pool);
    JdbcStores stores = null;
    try {
      stores = JdbcStores.open(pool, JdbcStores.Options.defaults().withPurge(purgeInterval, 1_000));
      current = stores;
      PasswordHasher hasher = PasswordHasher.argon2id();
      seed(stores.accounts(), hasher, data.resolve("demo-accounts-seeded"));
      Accounts accounts =
          Accounts.builder(stores.accounts(), new FolderMailer(data.resolve("mail")), publicBaseUrl)
              .hasher(hasher)
              .loginPath(settings.string(AuthSettings.LOGIN_PATH, "/login"))
              .defaultTenant("acme")
              .openRegistration(Set.of("acme"))
              .defaultPermissions(Set.of("posts:read"))
              .externalLinking(allowLinking)
              .build();
      SampleProviderFactory.accounts = accounts;
      TokenAuthProvider tokens =
          TokenAuthProvider.builder(accounts, stores.tokens(), tokenSettings)
              .closing(database)
              .closing(stores)
              .closing(accounts)
              .build();
      return SocialLoginProvider.builder(tokens)
          .settings(socialSettings, stores.loginAttempts(), Clock.systemUTC())
          .build();
    } catch (RuntimeException e) {
      if (stores != null) {
        stores.close();
      }
      // a bad setting must not leave the database open (an embedded H2 file stays locked until shut
      // down)
      close(pool);
      throw e;
    }
  }

  /** Closes the pool; an embedded H2 is shut down first, so that its file is free for the next start in this JVM. */
  private static void close(HikariDataSource pool) {
    if (pool.getJdbcUrl().startsWith("jdbc:h2:")) {
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        // closing anyway
      }
    }
    pool.close();
  }

  /**
   * The pool: the embedded H2 file in the data folder, or the shared database named by {@value #JDBC_URL_PROPERTY}
   * (PostgreSQL for several nodes). Waits at most 2 s for a connection, so that a database outage answers 503
   * quickly instead of holding requests.
   */
  private static HikariConfig pool(Path data) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("refauth-sample");
    pool.setMaximumPoolSize(10);
    pool.setConnectionTimeout(2_000);
    pool.setValidationTimeout(1_000);
    String url = setting(JDBC_URL_PROPERTY, "REFAUTH_JDBC_URL");
    if (url == null) {
      pool.setJdbcUrl(
          "jdbc:h2:file:"
              + data.resolve("refauth").toAbsolutePath()
              + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
      pool.setDriverClassName(
          "org.h2.Driver"); // from the webapp's class loader, not DriverManager's registry (several
      // webapps in one JVM)
      return pool;
    }
    if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      throw new AuthException(JDBC_URL_PROPERTY + " must be a jdbc:postgresql: (or jdbc:h2:) URL");
    }
    pool.setJdbcUrl(url);
    pool.setDriverClassName(
        url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "org.h2.Driver");
    String user = setting(JDBC_USER_PROPERTY, "REFAUTH_JDBC_USER");
    if (user != null) {
      pool.setUsername(user);
    }
    String password = setting(JDBC_PASSWORD_PROPERTY, "REFAUTH_JDBC_PASSWORD");
    if (password != null) {
      pool.setPassword(password);
    }
    return pool;
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** The demo accounts of the README, on first start only (a marker file in the data folder remembers it). */
  private static void seed(AccountStore store, PasswordHasher hasher, Path marker) {
    if (Files.exists(marker)) {
      return;
    }
    demo(
        store,
        hasher,
        "admin@example.com",
        "demo-admin-pass",
        "Ada Admin",
        "acme",
        Set.of("admin", "posts:*", "users:manage"));
    demo(
        store,
        hasher,
        "user@example.com",
        "demo-user-pass",
        "Uma User",
        "acme",
        Set.of("posts:read"));
    demo(
        store,
        hasher,
        "admin@globex.example",
        "demo-globex-pass",
        "Gil Globex",
        "globex",
        Set.of("admin", "posts:*"));
    try {
      Files.writeString(
          marker,
          "The demo accounts were created on "
              + Instant.now()
              + "; delete this file to create missing ones again.\n");
    } catch (IOException e) {
      throw new AuthException("cannot write " + marker, e);
    }
  }

  private static void demo(
      AccountStore store,
      PasswordHasher hasher,
      String email,
      String password,
      String name,
      String tenant,
      Set<String> permissions) {
    if (store.findByEmail(tenant, email).isEmpty()) {
      Instant now = Instant.now();
      store.create(
          new Account(
              UUID.randomUUID().toString(),
              tenant,
              email,
              name,
              Optional.empty(),
              hasher.hash(password),
              Account.Status.ACTIVE,
              permissions,
              now,
              now));
    }
  }
}
