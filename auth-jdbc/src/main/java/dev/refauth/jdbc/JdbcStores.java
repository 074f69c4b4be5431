package dev.refauth.jdbc;

import dev.refauth.accounts.AccountStore;
import dev.refauth.core.AuthException;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.spi.AuthEventStore;
import dev.refauth.core.spi.AuthMetrics;
import dev.refauth.mfa.SecondFactorStore;
import dev.refauth.social.LoginAttemptStore;
import dev.refauth.tokens.TokenStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

/**
 * Opens refauth's JDBC stores on a {@link DataSource}: migrates the schema with Flyway (its own history
 * table, {@code refauth_schema_history}, so it lives beside the application's tables), then hands out the
 * {@link JdbcAccountStore}, the {@link JdbcTokenStore} and the {@link JdbcLoginAttemptStore}, the second factors and
 * the kept {@linkplain #events() events}. Works unchanged on embedded H2 and PostgreSQL.
 */
public final class JdbcStores implements AutoCloseable {
  private final JdbcAccountStore accounts;
  private final JdbcTokenStore tokens;
  private final JdbcLoginAttemptStore loginAttempts;
  private final JdbcSecondFactorStore secondFactors;
  private final JdbcEventStore events;
  private final List<IdentityCache> caches = new CopyOnWriteArrayList<>();
  private final AutoCloseable listener;
  private final boolean postgres;
  private final Jdbc jdbc;
  private final int purgeBatch;
  private final Duration eventRetention;
  private final @Nullable ScheduledExecutorService purger;

  /**
   * How the stores behave across nodes, and how they keep their tables small.
   *
   * @param keepCachesDuringOutage when the database cannot be reached, keep serving identities already in
   *     the caches until their own expiry (availability), instead of flushing them so that every request
   *     needs the database and fails closed with 503 (the default)
   * @param purgeInterval how often what can never be used again is deleted (expired sessions, families, denylist
   *     entries, reset links, throttle counters, social login attempts): on open, then at this interval (default 15
   *     minutes); {@link Duration#ZERO} leaves it to the application ({@link JdbcStores#purge})
   * @param purgeBatch rows per transaction (default 1,000), so that no transaction holds long locks; a run repeats
   *     them, at most 100 per table, and a run that stopped with rows left is followed by another a second later
   * @param eventRetention how long the kept {@linkplain JdbcStores#events() events} stay: the purge deletes older ones
   *     (default 30 days, at least an hour)
   * @param metrics where measurements go: on PostgreSQL, how late each notice from another node arrived ({@link
   *     AuthMetrics#noticeReceived}); default {@link AuthMetrics#none()}
   */
  public record Options(
      boolean keepCachesDuringOutage,
      Duration purgeInterval,
      int purgeBatch,
      Duration eventRetention,
      AuthMetrics metrics) {
    /** The default {@link #eventRetention}. */
    public static final Duration DEFAULT_EVENT_RETENTION = Duration.ofDays(30);

    public Options {
      if (purgeInterval == null
          || purgeInterval.isNegative()
          || (!purgeInterval.isZero() && purgeInterval.compareTo(Duration.ofSeconds(1)) < 0)) {
        throw new IllegalArgumentException("purgeInterval must be zero (off) or at least 1 s");
      }
      if (purgeBatch < 1 || purgeBatch > 100_000) {
        throw new IllegalArgumentException("purgeBatch must be from 1 to 100,000");
      }
      if (eventRetention == null || eventRetention.compareTo(Duration.ofHours(1)) < 0) {
        throw new IllegalArgumentException("eventRetention must be at least 1 hour");
      }
      if (metrics == null) {
        throw new IllegalArgumentException(
            "metrics must not be null (AuthMetrics.none() measures nothing)");
      }
    }

    /** The options of earlier versions: the default event retention, no measurements. */
    public Options(boolean keepCachesDuringOutage, Duration purgeInterval, int purgeBatch) {
      this(
          keepCachesDuringOutage,
          purgeInterval,
          purgeBatch,
          DEFAULT_EVENT_RETENTION,
          AuthMetrics.none());
    }

    public static Options defaults() {
      return new Options(false, Duration.ofMinutes(15), 1_000);
    }

    public Options withKeepCachesDuringOutage(boolean keep) {
      return new Options(keep, purgeInterval, purgeBatch, eventRetention, metrics);
    }

    public Options withPurge(Duration interval, int batch) {
      return new Options(keepCachesDuringOutage, interval, batch, eventRetention, metrics);
    }

    /** Keeps events for {@code retention} (at least an hour). */
    public Options withEventRetention(Duration retention) {
      return new Options(keepCachesDuringOutage, purgeInterval, purgeBatch, retention, metrics);
    }

    /** Reports measurements to {@code metrics}. */
    public Options withMetrics(AuthMetrics metrics) {
      return new Options(
          keepCachesDuringOutage, purgeInterval, purgeBatch, eventRetention, metrics);
    }
  }

  private JdbcStores(DataSource dataSource, boolean postgres, Options options) {
    this.postgres = postgres;
    String node = Invalidations.newNodeId();
    Invalidations invalidations = new Invalidations(postgres, caches, node);
    this.accounts = new JdbcAccountStore(dataSource, invalidations);
    this.tokens = new JdbcTokenStore(dataSource, invalidations, caches::add);
    this.loginAttempts = new JdbcLoginAttemptStore(dataSource);
    this.secondFactors = new JdbcSecondFactorStore(dataSource);
    this.jdbc = new Jdbc(dataSource);
    this.purgeBatch = options.purgeBatch();
    this.eventRetention = options.eventRetention();
    this.events = new JdbcEventStore(jdbc, purgeBatch);
    if (postgres) {
      PgListener l =
          new PgListener(
              dataSource, caches, options.keepCachesDuringOutage(), options.metrics(), node);
      l.start();
      this.listener = l;
    } else {
      this.listener = () -> {};
    }
    if (options.purgeInterval().isZero()) {
      this.purger = null;
    } else {
      this.purger =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "refauth-purge");
                t.setDaemon(true);
                return t;
              });
      purger.execute(() -> scheduledPurge(options.purgeInterval()));
    }
  }

  /** One run, then the next: after the interval, or at once (a second later) while a run had to stop with rows left. */
  private void scheduledPurge(Duration interval) {
    Duration next = interval;
    try {
      if (purge(Instant.now()).values().stream()
          .anyMatch(n -> n >= purgeBatch * Purge.BATCHES_PER_RUN)) {
        next =
            Duration.ofSeconds(1); // a backlog: bounded runs, one after the other, until it is gone
      }
    } catch (RuntimeException e) { // the database is down: the next run tries again
      System.getLogger(JdbcStores.class.getName())
          .log(System.Logger.Level.WARNING, "purge failed: " + e.getClass().getName());
    }
    ScheduledExecutorService p = purger; // scheduled runs exist only with a purger
    if (p != null && !p.isShutdown()) {
      p.schedule(() -> scheduledPurge(interval), next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Deletes what can never be used again at {@code now}, and the events older than {@link Options#eventRetention}
   * (under {@code "refauth_events"}), {@link Options#purgeBatch} rows per transaction and at most 100 transactions per
   * table; the stores do it on their own at {@link Options#purgeInterval}. Answers the rows deleted per table.
   */
  public Map<String, Integer> purge(Instant now) {
    return Purge.run(jdbc, now, purgeBatch, eventRetention);
  }

  /**
   * Migrates and opens.
   *
   * @throws AuthException if the database cannot be reached or migrated (the application must not start)
   */
  public static JdbcStores open(DataSource dataSource) {
    return open(dataSource, Options.defaults());
  }

  /**
   * Migrates and opens. On PostgreSQL, every change that makes cached identities stale (logout, password,
   * permissions, status, revoked refresh families) is announced with {@code NOTIFY} in its own transaction,
   * and a listener thread (one connection) evicts the named subjects from this node's identity caches, so
   * that N nodes behind a load balancer agree within a second. Close to stop the listener.
   *
   * @throws AuthException if the database cannot be reached or migrated (the application must not start)
   */
  public static JdbcStores open(DataSource dataSource, Options options) {
    try {
      Flyway.configure(JdbcStores.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:dev/refauth/jdbc/migration")
          .table("refauth_schema_history")
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new AuthException("the refauth schema could not be migrated: " + e.getMessage(), e);
    }
    boolean postgres;
    try (Connection c = dataSource.getConnection()) {
      postgres = "PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new AuthException("the refauth database cannot be reached: " + e.getSQLState(), e);
    }
    return new JdbcStores(dataSource, postgres, options);
  }

  /** Whether changes are broadcast to other nodes (PostgreSQL). */
  public boolean broadcastsInvalidations() {
    return postgres;
  }

  /** Stops the purge and the invalidation listener. The data source is the caller's to close. */
  @Override
  public void close() {
    if (purger != null) {
      purger.shutdownNow();
    }
    try {
      listener.close();
    } catch (Exception e) {
      throw new AuthException("closing the invalidation listener failed", e);
    }
  }

  public AccountStore accounts() {
    return accounts;
  }

  public TokenStore tokens() {
    return tokens;
  }

  /** Second factors (TOTP, recovery codes), shared by every node. */
  public SecondFactorStore secondFactors() {
    return secondFactors;
  }

  /** The transactions of these stores, for a store that lives in another class ({@link JdbcPasskeys}). */
  Jdbc jdbc() {
    return jdbc;
  }

  /**
   * The kept events, shared by every node (one store per {@code JdbcStores}): register it as an {@link
   * dev.refauth.core.spi.AuthEventListener} to keep the guard's events; deleted after {@link Options#eventRetention}.
   */
  public AuthEventStore events() {
    return events;
  }

  /** Social sign-in attempts, shared by every node. */
  public LoginAttemptStore loginAttempts() {
    return loginAttempts;
  }
}
