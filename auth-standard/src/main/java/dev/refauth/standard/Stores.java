package dev.refauth.standard;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.refauth.accounts.AccountStore;
import dev.refauth.accounts.InMemoryAccountStore;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.internal.ClassLoading;
import dev.refauth.core.spi.AuthEventStore;
import dev.refauth.core.spi.AuthMetrics;
import dev.refauth.jdbc.JdbcPasskeys;
import dev.refauth.jdbc.JdbcStores;
import dev.refauth.mfa.InMemorySecondFactorStore;
import dev.refauth.mfa.SecondFactorStore;
import dev.refauth.passkeys.InMemoryPasskeyStore;
import dev.refauth.passkeys.PasskeyStore;
import dev.refauth.social.InMemoryLoginAttemptStore;
import dev.refauth.social.LoginAttemptStore;
import dev.refauth.tokens.InMemoryTokenStore;
import dev.refauth.tokens.TokenStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The three stores the standard provider needs, from the {@code store} and {@code jdbc.*} settings, with what must be
 * closed when the provider is.
 */
record Stores(
    AccountStore accounts,
    TokenStore tokens,
    LoginAttemptStore loginAttempts,
    SecondFactorStore secondFactors,
    PasskeyStore passkeys,
    Optional<AuthEventStore> events,
    List<AutoCloseable> closing) {

  private static final System.Logger LOG = System.getLogger(Stores.class.getName());

  static final Set<String> SETTINGS =
      Set.of(
          "store",
          "jdbc.dataSource",
          "jdbc.url",
          "jdbc.user",
          "jdbc.password",
          "jdbc.driver",
          "jdbc.poolSize",
          "jdbc.purgeInterval",
          "events.keep",
          "events.retention");

  /** The events an in-memory store keeps, the latest. */
  static final int IN_MEMORY_EVENTS = 10_000;

  /** Opens the stores the settings name: in memory (the default), or JDBC. */
  static Stores open(AuthSettings s) {
    String kind = s.string("store", "memory");
    switch (kind) {
      case "memory" -> {
        SettingRules.noneSet(
            s,
            SETTINGS,
            k -> k.startsWith("jdbc.") || k.equals("events.retention"),
            "needs '" + s.fullName("store") + "=jdbc' (the store is in memory)");
        LOG.log(
            System.Logger.Level.WARNING,
            "accounts, sessions and refresh tokens are kept in memory: lost on restart, not shared"
                + " between nodes. Production sets '"
                + s.fullName("store")
                + "=jdbc'.");
        return new Stores(
            new InMemoryAccountStore(),
            new InMemoryTokenStore(),
            new InMemoryLoginAttemptStore(),
            new InMemorySecondFactorStore(),
            new InMemoryPasskeyStore(),
            s.bool("events.keep", false)
                ? Optional.of(AuthEventStore.inMemory(IN_MEMORY_EVENTS))
                : Optional.empty(),
            List.of());
      }
      case "jdbc" -> {
        return jdbc(s);
      }
      default -> throw s.bad("store", kind, "memory or jdbc");
    }
  }

  private static Stores jdbc(AuthSettings s) {
    Optional<String> jndi = s.get("jdbc.dataSource");
    Optional<String> url = s.get("jdbc.url");
    if (jndi.isPresent() == url.isPresent()) {
      throw new AuthException(
          "'"
              + s.fullName("store")
              + "=jdbc' needs exactly one of '"
              + s.fullName("jdbc.dataSource")
              + "' (the JNDI name of the server's DataSource) and '"
              + s.fullName("jdbc.url")
              + "' (a pool refauth builds)"
              + (jndi.isPresent() ? "; both are set" : ""));
    }
    if (jndi.isPresent()) {
      SettingRules.noneSet(
          s,
          List.of("jdbc.user", "jdbc.password", "jdbc.driver", "jdbc.poolSize"),
          k -> true,
          "is for a pool refauth builds ('"
              + s.fullName("jdbc.url")
              + "'); the server's DataSource '"
              + jndi.get()
              + "' has its own");
    }
    Duration purge =
        s.duration("jdbc.purgeInterval", Duration.ofMinutes(15), Duration.ZERO, Duration.ofDays(7));
    if (!s.bool("events.keep", false)) {
      SettingRules.noneSet(
          s, List.of("events.retention"), k -> true, "has no use without 'events.keep=true'");
    }
    Duration retention =
        s.duration(
            "events.retention",
            JdbcStores.Options.DEFAULT_EVENT_RETENTION,
            Duration.ofHours(1),
            Duration.ofDays(3650));
    List<AutoCloseable> closing = new ArrayList<>();
    DataSource dataSource;
    if (jndi.isPresent()) {
      dataSource =
          Jndi.lookup(
              s,
              "jdbc.dataSource",
              DataSource.class,
              "declare it with <resource-ref> or <data-source> in web.xml, and bind it in the server");
    } else {
      HikariDataSource pool = pool(s, url.get());
      closing.add(() -> close(pool));
      dataSource = pool;
    }
    try {
      JdbcStores stores =
          JdbcStores.open(
              dataSource,
              JdbcStores.Options.defaults()
                  .withPurge(purge, 1_000)
                  .withEventRetention(retention)
                  .withMetrics(
                      AuthMetrics.discovered(
                          ClassLoading.contextOr(StandardProviderFactory.class))));
      closing.add(0, stores); // before the pool
      return new Stores(
          stores.accounts(),
          stores.tokens(),
          stores.loginAttempts(),
          stores.secondFactors(),
          JdbcPasskeys.store(stores),
          s.bool("events.keep", false) ? Optional.of(stores.events()) : Optional.empty(),
          closing);
    } catch (RuntimeException e) {
      closeAll(closing);
      throw e;
    }
  }

  /**
   * A HikariCP pool that waits at most 2 s for a connection, so that a database outage answers 503 quickly instead of
   * holding requests.
   */
  private static HikariDataSource pool(AuthSettings s, String url) {
    if (!url.startsWith("jdbc:")) {
      // not repeated: a URL may carry a password
      throw new AuthException(
          "setting '"
              + s.fullName("jdbc.url")
              + "' must be a JDBC URL such as jdbc:postgresql://db/refauth");
    }
    HikariConfig c = new HikariConfig();
    c.setPoolName("refauth");
    c.setJdbcUrl(url);
    c.setMaximumPoolSize(s.integer("jdbc.poolSize", 10, 1, 1_000));
    c.setConnectionTimeout(2_000);
    c.setValidationTimeout(1_000);
    // the driver from the application's class loader, not DriverManager's registry (several
    // applications in one JVM)
    s.get("jdbc.driver").ifPresent(c::setDriverClassName);
    s.get("jdbc.user").ifPresent(c::setUsername);
    s.get("jdbc.password").ifPresent(c::setPassword);
    try {
      return new HikariDataSource(c);
    } catch (RuntimeException e) {
      // the message may carry the URL, never the password; the cause stays for the log
      throw new AuthException(
          "setting '"
              + s.fullName("jdbc.url")
              + "': the database cannot be reached ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }

  /** Closes the pool; an embedded H2 is shut down first, so that its file is free for the next start in this JVM. */
  private static void close(HikariDataSource pool) {
    if (pool.getJdbcUrl().startsWith("jdbc:h2:")) {
      try (Connection c = pool.getConnection();
          Statement st = c.createStatement()) {
        st.execute("SHUTDOWN");
      } catch (SQLException e) {
        // closing anyway
      }
    }
    pool.close();
  }

  static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // the others still close
      }
    }
  }
}
