package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.accounts.Account;
import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.Permissions;
import dev.refauth.core.spi.IdentityCacheAware;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-node invalidation over a real PostgreSQL: two {@link JdbcStores} ("nodes") on one database, each
 * with its own identity cache. A change on one evicts on the other; losing the database flushes the caches
 * unless the application keeps them on purpose.
 */
final class PgInvalidationTest {
  @TempDir Path dir;

  private static final AtomicInteger LOADS = new AtomicInteger();

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
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        JdbcStores nodeA = JdbcStores.open(pg.getPostgresDatabase());
        JdbcStores nodeB = JdbcStores.open(pg.getPostgresDatabase())) {
      assertThat(nodeA.broadcastsInvalidations()).isTrue();
      IdentityCache cacheB = IdentityCache.builder().build();
      ((IdentityCacheAware) nodeB.tokens()).useIdentityCache(cacheB);
      account(nodeA, "changed");
      account(nodeA, "untouched");
      Thread.sleep(500); // B's listener subscribed (and flushed once)
      cached(cacheB, "token-changed", "changed");
      cached(cacheB, "token-untouched", "untouched");
      assertThat(cached(cacheB, "token-changed", "changed")).isTrue();

      long start = System.nanoTime();
      nodeA.accounts().setPermissions("changed", Set.of(), Instant.now());
      await(() -> !cacheHas(cacheB, "token-changed"), 1_000);
      System.out.println(
          "PostgreSQL NOTIFY invalidation delay: "
              + (System.nanoTime() - start) / 1_000_000
              + " ms");
      assertThat(cached(cacheB, "token-untouched", "untouched"))
          .as("the control stays cached")
          .isTrue();

      cached(cacheB, "token-changed", "changed");
      nodeA.tokens().setNotBefore("changed", Instant.now()); // "log out everywhere" evicts too
      await(() -> !cacheHas(cacheB, "token-changed"), 1_000);
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
