package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.accounts.Account;
import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.Permissions;
import dev.refauth.core.spi.AuthMetrics;
import dev.refauth.core.spi.IdentityCacheAware;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-node invalidation over a real PostgreSQL: two {@link JdbcStores} ("nodes") on one database, each
 * with its own identity cache. A change on one evicts on the other; losing the database flushes the caches
 * unless the application keeps them on purpose. Each node measures how late the other's notices arrive.
 */
final class PgInvalidationTest {
  @TempDir Path dir;

  private static final AtomicInteger LOADS = new AtomicInteger();

  /** The delays of the notices a node measured. */
  private static final class Recording implements AuthMetrics {
    final List<Duration> delays = new CopyOnWriteArrayList<>();

    @Override
    public void noticeReceived(Duration delay) {
      delays.add(delay);
    }
  }

  private static JdbcStores node(DataSource ds, AuthMetrics metrics) {
    return JdbcStores.open(ds, JdbcStores.Options.defaults().withMetrics(metrics));
  }

  /** Caches {@code subject} under {@code credential}; true when it came from the cache. */
  private static boolean cached(IdentityCache cache, String credential, String subject) {
    int before = LOADS.get();
    cache.get(
        credential,
        "",
        () -> {
          LOADS.incrementAndGet();
          return Optional.of(
              Authentication.of(
                  Identity.builder(subject).build(), Permissions.of(List.of("posts:read"))));
        });
    return LOADS.get() == before;
  }

  private static void account(JdbcStores stores, String id) {
    Instant now = Instant.now();
    stores
        .accounts()
        .create(
            new Account(
                id,
                "",
                id + "@example.com",
                id,
                Optional.empty(),
                "!none",
                Account.Status.ACTIVE,
                Set.of("posts:read"),
                now,
                now));
  }

  private static void await(java.util.function.BooleanSupplier condition, long millis)
      throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + millis + " ms");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void aChangeOnOneNode_evictsOnTheOther_withinOneSecond_andOnlyThatSubject() throws Exception {
    Recording metricsA = new Recording();
    Recording metricsB = new Recording();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        JdbcStores nodeA = node(pg.getPostgresDatabase(), metricsA);
        JdbcStores nodeB = node(pg.getPostgresDatabase(), metricsB)) {
      assertThat(nodeA.broadcastsInvalidations()).isTrue();
      IdentityCache cacheB = IdentityCache.builder().build();
      ((IdentityCacheAware) nodeB.tokens()).useIdentityCache(cacheB);
      account(nodeA, "changed");
      account(nodeA, "untouched");
      Thread.sleep(500); // B's listener subscribed (and flushed once)
      cached(cacheB, "token-changed", "changed");
      cached(cacheB, "token-untouched", "untouched");
      assertThat(cached(cacheB, "token-changed", "changed")).isTrue();
      assertThat(metricsA.delays).as("no notice yet").isEmpty();
      assertThat(metricsB.delays).as("no notice yet").isEmpty();

      long start = System.nanoTime();
      nodeA.accounts().setPermissions("changed", Set.of(), Instant.now());
      await(() -> !cacheHas(cacheB, "token-changed"), 1_000);
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      System.out.println("PostgreSQL NOTIFY invalidation delay: " + elapsed + " ms");
      await(() -> !metricsB.delays.isEmpty(), 1_000);
      assertThat(metricsB.delays)
          .as("B measured A's notice: small, never negative")
          .isNotEmpty()
          .allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(1)));
      Thread.sleep(300); // A's listener heard its own notice too
      assertThat(metricsA.delays).as("a node's own notice is not measured").isEmpty();
      assertThat(cached(cacheB, "token-untouched", "untouched"))
          .as("the control stays cached")
          .isTrue();

      cached(cacheB, "token-changed", "changed");
      nodeA.tokens().setNotBefore("changed", Instant.now()); // "log out everywhere" evicts too
      await(() -> !cacheHas(cacheB, "token-changed"), 1_000);
    }
  }

  /**
   * A notice without a send time (from a node of an earlier version) evicts as ever and is not measured; a send time
   * ahead of this node's clock is measured as no delay, and one that cannot be read not at all. Nothing but the
   * measurement is taken from it.
   */
  @Test
  void anUntimedNotice_evicts_unmeasured_andASenderClockAhead_measuresZero() throws Exception {
    DataSource ds = Databases.postgres("notices");
    Recording metrics = new Recording();
    try (JdbcStores node = node(ds, metrics);
        JdbcStores quiet = JdbcStores.open(ds)) {
      IdentityCache cache = IdentityCache.builder().build();
      ((IdentityCacheAware) node.tokens()).useIdentityCache(cache);
      Thread.sleep(500); // subscribed
      cached(cache, "token-old", "old-format");
      assertThat(cacheHas(cache, "token-old")).isTrue();

      notify(ds, Invalidations.CHANNEL, "old-format");
      await(() -> !cacheHas(cache, "token-old"), 1_000);
      notify(ds, Invalidations.SENT_CHANNEL, "other-node not-a-time");
      notify(ds, Invalidations.SENT_CHANNEL, "");
      notify(ds, Invalidations.SENT_CHANNEL, "other-node " + (System.currentTimeMillis() + 60_000));
      await(() -> !metrics.delays.isEmpty(), 1_000);
      assertThat(metrics.delays)
          .as("only the readable one, a minute ahead: no delay")
          .containsExactly(Duration.ZERO);

      quiet
          .tokens()
          .setNotBefore("someone", Instant.now()); // a node that measures nothing still sends
      await(() -> metrics.delays.size() == 2, 1_000);
      assertThat(metrics.delays.get(1)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  private static void notify(DataSource ds, String channel, String payload) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      s.setString(1, channel);
      s.setString(2, payload);
      s.execute();
    }
  }

  private static boolean cacheHas(IdentityCache cache, String credential) {
    boolean[] loaded = {false};
    cache.get(
        credential,
        "",
        () -> {
          loaded[0] = true;
          return Optional.empty(); // an empty answer is not cached: probing leaves no trace
        });
    return !loaded[0];
  }

  @Test
  void databaseLost_cachesFlushedByDefault_keptWhenTheAppOptsIn() throws Exception {
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
    JdbcStores strict = JdbcStores.open(pg.getPostgresDatabase());
    JdbcStores lenient =
        JdbcStores.open(
            pg.getPostgresDatabase(),
            JdbcStores.Options.defaults().withKeepCachesDuringOutage(true));
    IdentityCache strictCache = IdentityCache.builder().build();
    IdentityCache lenientCache = IdentityCache.builder().build();
    ((IdentityCacheAware) strict.tokens()).useIdentityCache(strictCache);
    ((IdentityCacheAware) lenient.tokens()).useIdentityCache(lenientCache);
    try {
      Thread.sleep(500);
      cached(strictCache, "t", "s");
      cached(lenientCache, "t", "s");
      pg.close();
      await(() -> !cacheHas(strictCache, "t"), 5_000);
      assertThat(cacheHas(lenientCache, "t")).as("kept on purpose until its own expiry").isTrue();
    } finally {
      strict.close();
      lenient.close();
    }
  }
}
