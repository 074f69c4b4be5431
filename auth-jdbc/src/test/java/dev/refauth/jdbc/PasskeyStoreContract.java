package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.passkeys.InMemoryPasskeyStore;
import dev.refauth.passkeys.Passkey;
import dev.refauth.passkeys.PasskeyStore;
import dev.refauth.passkeys.PasskeyStore.Ceremony;
import dev.refauth.passkeys.PasskeyStore.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A passkey store, on every implementation: a ceremony taken once among eight nodes at once, a counter recorded by one
 * of two racing uses, names and removals for the owner only, an account's passkeys gone with it, expired ceremonies
 * purged.
 */
abstract class PasskeyStoreContract {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private PasskeyStore store;
  private @Nullable JdbcStores stores;
  private @Nullable DataSource db;

  /** A fresh database, or null for the in-memory store. */
  abstract @Nullable DataSource freshDatabase();

  @BeforeEach
  void open() {
    db = freshDatabase();
    if (db == null) {
      store = new InMemoryPasskeyStore();
      return;
    }
    stores = Databases.stores(db);
    Databases.accounts(stores, NOW, "acc-1", "acc-2");
    store = JdbcPasskeys.store(stores);
  }

  @AfterEach
  void close() {
    if (stores != null) {
      stores.close();
    }
  }

  private static Passkey passkey(String id, String account) {
    return new Passkey(
        id, account, Optional.of("acme"), "Laptop", "data-" + id, 5, true, NOW, Optional.empty());
  }

  @Test
  void passkeys_addedOnce_namedAndRemovedByTheOwnerOnly_counterForwardOnce() throws Exception {
    assertThat(store.add(passkey("k1", "acc-1"))).isTrue();
    assertThat(store.add(passkey("k1", "acc-2"))).as("an id once, whoever asks").isFalse();
    assertThat(store.add(passkey("k2", "acc-1"))).isTrue();
    assertThat(store.passkeys("acc-1")).extracting(Passkey::id).containsExactly("k1", "k2");
    assertThat(store.passkeys("acc-2")).isEmpty();
    assertThat(store.passkey("k1")).contains(passkey("k1", "acc-1"));

    assertThat(store.rename("acc-2", "k1", "Mine")).isFalse();
    assertThat(store.rename("acc-1", "k1", "Work")).isTrue();
    assertThat(store.passkey("k1").orElseThrow().name()).isEqualTo("Work");
    assertThat(store.remove("acc-2", "k2")).isFalse();
    assertThat(store.remove("acc-1", "k2")).isTrue();
    assertThat(store.passkey("k2")).isEmpty();

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> uses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long next = 6 + i;
        uses.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.used("k1", 5, next, NOW);
                }));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> f : uses) {
        won += f.get() ? 1 : 0;
      }
      assertThat(won).as("one use recorded of eight racing from the same counter").isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.passkey("k1").orElseThrow().signCount()).isGreaterThan(5);
    assertThat(store.passkey("k1").orElseThrow().lastUsedAt()).contains(NOW);
  }

  @Test
  void aCeremony_takenOnceAmongEight_andNotAfterItExpired() throws Exception {
    Ceremony c =
        new Ceremony(
            Kind.SECOND_STEP,
            Optional.of("acc-1"),
            Optional.of("acme"),
            "chal",
            true,
            NOW.plusSeconds(300));
    store.begin("d1", c);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> takes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        takes.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.take("d1", NOW).isPresent();
                }));
      }
      go.countDown();
      int taken = 0;
      for (Future<Boolean> f : takes) {
        taken += f.get() ? 1 : 0;
      }
      assertThat(taken).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    store.begin("d2", c);
    assertThat(store.take("d2", NOW.plusSeconds(300))).as("expired").isEmpty();
    assertThat(store.take("d2", NOW)).as("and gone").isEmpty();
    store.begin(
        "d3",
        new Ceremony(
            Kind.SIGN_IN, Optional.empty(), Optional.empty(), "c3", false, NOW.plusSeconds(300)));
    assertThat(store.take("d3", NOW.plusSeconds(299)))
        .contains(
            new Ceremony(
                Kind.SIGN_IN,
                Optional.empty(),
                Optional.empty(),
                "c3",
                false,
                NOW.plusSeconds(300)));
    if (stores != null) {
      store.begin("d4", c);
      assertThat(stores.purge(NOW.plus(Duration.ofMinutes(6))))
          .containsEntry("refauth_passkey_ceremonies", 1);
    }
  }

  @Test
  void anAccountsPasskeys_goWithIt() throws Exception {
    if (stores == null) {
      return; // accounts are the database's
    }
    store.add(passkey("k1", "acc-1"));
    store.add(passkey("k2", "acc-2"));
    try (java.sql.Connection c = db.getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM refauth_accounts WHERE id = 'acc-1'");
    }
    assertThat(store.passkey("k1")).isEmpty();
    assertThat(store.passkey("k2")).as("control").isPresent();
  }
}
