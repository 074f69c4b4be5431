package dev.refauth.jdbc;

import static dev.refauth.mfa.SecondFactorStore.Counter.CHANGE;
import static dev.refauth.mfa.SecondFactorStore.Counter.SIGN_IN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.mfa.InMemorySecondFactorStore;
import dev.refauth.mfa.RecoveryCodes;
import dev.refauth.mfa.SecondFactorStore;
import dev.refauth.mfa.SecretBox;
import dev.refauth.mfa.Totp;
import dev.refauth.mfa.TotpSecret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A second factor's store, on every implementation: enrolment, single use under concurrency (two nodes, one code),
 * recovery codes once each, removal; and, for the databases, nothing at rest that rebuilds a secret.
 */
abstract class SecondFactorStoreContract {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private final SecureRandom random = new SecureRandom();
  private SecondFactorStore store;
  private @Nullable DataSource db;
  private @Nullable JdbcStores stores;

  /** A fresh database, or null for the in-memory store. */
  abstract @Nullable DataSource freshDatabase();

  @BeforeEach
  void open() {
    db = freshDatabase();
    if (db == null) {
      store = new InMemorySecondFactorStore();
      return;
    }
    stores = Databases.stores(db);
    Databases.accounts(stores, NOW, "acc-1", "acc-2");
    store = stores.secondFactors();
  }

  @AfterEach
  void close() {
    if (stores != null) {
      stores.close();
    }
  }

  @Test
  void enrolment_confirmedByAFirstCode_thenEachStepOnce() {
    assertThat(store.totp("acc-1")).isEmpty();
    assertThat(store.beginTotp("acc-1", "v1.first", NOW)).isTrue();
    assertThat(store.beginTotp("acc-1", "v1.second", NOW))
        .as("an unconfirmed one is replaced")
        .isTrue();
    assertThat(store.totp("acc-1")).get().extracting(e -> e.sealedSecret()).isEqualTo("v1.second");
    assertThat(store.useStep("acc-1", 100)).as("not confirmed: no code counts yet").isFalse();

    assertThat(store.confirmTotp("acc-1", 100, Set.of("d1", "d2"), NOW)).isTrue();
    assertThat(store.confirmTotp("acc-1", 101, Set.of("d3"), NOW)).as("confirmed once").isFalse();
    assertThat(store.beginTotp("acc-1", "v1.third", NOW)).as("a confirmed one stays").isFalse();
    SecondFactorStore.TotpEnrolment e = store.totp("acc-1").orElseThrow();
    assertThat(e.confirmed()).isTrue();
    assertThat(e.lastUsedStep()).isEqualTo(100);
    assertThat(e.sealedSecret()).isEqualTo("v1.second");

    assertThat(store.useStep("acc-1", 100)).as("the first code's step again").isFalse();
    assertThat(store.useStep("acc-1", 99)).as("an earlier step").isFalse();
    assertThat(store.useStep("acc-1", 101)).isTrue();
    assertThat(store.useStep("acc-1", 101)).as("twice").isFalse();
    assertThat(store.useStep("acc-2", 102)).as("another account has none").isFalse();
  }

  @Test
  void oneCode_manyNodesAtOnce_exactlyOneWins() throws Exception {
    store.beginTotp("acc-1", "v1.s", NOW);
    store.confirmTotp("acc-1", 10, Set.of("r1"), NOW);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 5; round++) {
        long step = 11 + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          tries.add(
              pool.submit(
                  () -> {
                    go.await();
                    return store.useStep("acc-1", step);
                  }));
        }
        List<Future<Boolean>> codeTries = new ArrayList<>();
        if (round == 0) {
          for (int i = 0; i < 8; i++) {
            codeTries.add(
                pool.submit(
                    () -> {
                      go.await();
                      return store.useRecoveryCode("acc-1", "r1", NOW);
                    }));
          }
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> f : tries) {
          won += f.get() ? 1 : 0;
        }
        assertThat(won).as("round %d: the step's code", round).isEqualTo(1);
        int codesWon = 0;
        for (Future<Boolean> f : codeTries) {
          codesWon += f.get() ? 1 : 0;
        }
        assertThat(codesWon).as("round %d: the recovery code", round).isEqualTo(round == 0 ? 1 : 0);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void recoveryCodes_onceEach_replacedAllAtOnce_ownAccountOnly() {
    store.beginTotp("acc-1", "v1.s", NOW);
    store.confirmTotp("acc-1", 1, Set.of("a", "b", "c"), NOW);
    assertThat(store.recoveryCodesLeft("acc-1")).isEqualTo(3);
    assertThat(store.useRecoveryCode("acc-2", "a", NOW)).as("another account's").isFalse();
    assertThat(store.hasRecoveryCode("acc-2", "a")).as("another account's").isFalse();
    assertThat(store.hasRecoveryCode("acc-1", "a")).isTrue();
    assertThat(store.hasRecoveryCode("acc-1", "a")).as("looking uses nothing up").isTrue();
    assertThat(store.useRecoveryCode("acc-1", "a", NOW)).isTrue();
    assertThat(store.hasRecoveryCode("acc-1", "a")).as("used").isFalse();
    assertThat(store.useRecoveryCode("acc-1", "a", NOW)).as("the second use").isFalse();
    assertThat(store.recoveryCodesLeft("acc-1")).isEqualTo(2);
    store.replaceRecoveryCodes("acc-1", Set.of("x", "y"), NOW);
    assertThat(store.useRecoveryCode("acc-1", "b", NOW))
        .as("an old one, after a new set")
        .isFalse();
    assertThat(store.useRecoveryCode("acc-1", "x", NOW)).isTrue();
    store.remove("acc-1");
    assertThat(store.totp("acc-1")).isEmpty();
    assertThat(store.recoveryCodesLeft("acc-1")).isZero();
    assertThat(store.useRecoveryCode("acc-1", "y", NOW)).as("after removal").isFalse();
    assertThat(store.beginTotp("acc-1", "v1.again", NOW)).as("enrols again after removal").isTrue();
  }

  @Test
  void aStepUp_isKeptAsOne() {
    SecondFactorStore.PendingSignIn stepUp =
        new SecondFactorStore.PendingSignIn(
            "acc-1", Optional.empty(), false, NOW.plusSeconds(300), 5, true);
    store.createPending("digest-step-up", stepUp);
    assertThat(store.spendTry("digest-step-up", NOW)).contains(stepUp);
    SecondFactorStore.PendingSignIn signIn =
        new SecondFactorStore.PendingSignIn(
            "acc-1", Optional.empty(), false, NOW.plusSeconds(300), 5);
    store.createPending("digest-sign-in", signIn);
    assertThat(store.spendTry("digest-sign-in", NOW).orElseThrow().stepUp())
        .as("control: a sign-in's")
        .isFalse();
  }

  @Test
  void finishStepUps_endsTheAccountsStepUpsOnly() {
    for (String digest : List.of("up-1", "up-2")) {
      store.createPending(
          digest,
          new SecondFactorStore.PendingSignIn(
              "acc-1", Optional.empty(), false, NOW.plusSeconds(300), 5, true));
    }
    store.createPending(
        "sign-in",
        new SecondFactorStore.PendingSignIn(
            "acc-1", Optional.empty(), false, NOW.plusSeconds(300), 5));
    store.createPending(
        "other-up",
        new SecondFactorStore.PendingSignIn(
            "acc-2", Optional.empty(), false, NOW.plusSeconds(300), 5, true));
    store.finishStepUps("acc-1");
    assertThat(store.spendTry("up-1", NOW)).isEmpty();
    assertThat(store.spendTry("up-2", NOW)).isEmpty();
    assertThat(store.spendTry("sign-in", NOW)).as("the account's sign-in stays").isPresent();
    assertThat(store.spendTry("other-up", NOW)).as("another account's step-up stays").isPresent();
  }

  @Test
  void aPendingSignIn_itsTriesSpentOnceEach_finishedOnce_underConcurrency() throws Exception {
    SecondFactorStore.PendingSignIn p =
        new SecondFactorStore.PendingSignIn(
            "acc-1", Optional.of("acme"), true, NOW.plusSeconds(300), 3);
    store.createPending("digest-1", p);
    assertThat(store.spendTry("digest-2", NOW)).as("another digest").isEmpty();
    assertThat(store.spendTry("digest-1", NOW)).contains(p);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> spends = new ArrayList<>();
      List<Future<Boolean>> finishes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        spends.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.spendTry("digest-1", NOW).isPresent();
                }));
      }
      go.countDown();
      int spent = 0;
      for (Future<Boolean> f : spends) {
        spent += f.get() ? 1 : 0;
      }
      assertThat(spent).as("the two tries left, of eight at once").isEqualTo(2);
      assertThat(store.spendTry("digest-1", NOW)).as("none left").isEmpty();

      store.createPending("digest-3", p);
      CountDownLatch go2 = new CountDownLatch(1);
      for (int i = 0; i < 8; i++) {
        finishes.add(
            pool.submit(
                () -> {
                  go2.await();
                  return store.finishPending("digest-3");
                }));
      }
      go2.countDown();
      int finished = 0;
      for (Future<Boolean> f : finishes) {
        finished += f.get() ? 1 : 0;
      }
      assertThat(finished).as("one of eight ends it").isEqualTo(1);
      assertThat(store.spendTry("digest-3", NOW)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
    store.createPending("digest-4", p);
    assertThat(store.spendTry("digest-4", NOW.plusSeconds(299))).as("control").isPresent();
    assertThat(store.spendTry("digest-4", NOW.plusSeconds(300))).as("expired").isEmpty();
    if (stores != null) {
      // the one out of tries and the expired one
      assertThat(stores.purge(NOW.plusSeconds(301))).containsEntry("refauth_mfa_pending", 2);
    }
    // removal takes the account's pending sign-ins with it
    store.createPending("digest-5", p);
    store.remove("acc-1");
    assertThat(store.spendTry("digest-5", NOW)).isEmpty();
  }

  @Test
  void wrongAnswers_countedPerAccount_onEveryNode_andCleared() throws Exception {
    assertThat(store.failures("acc-1", SIGN_IN).count()).isZero();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        all.add(
            pool.submit(
                () -> {
                  go.await();
                  store.recordFailure("acc-1", SIGN_IN, NOW);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.failures("acc-1", SIGN_IN)).isEqualTo(new SecondFactorStore.Failures(8, NOW));
    assertThat(store.failures("acc-2", SIGN_IN).count()).as("another account").isZero();
    store.clearFailures("acc-1", SIGN_IN);
    assertThat(store.failures("acc-1", SIGN_IN).count()).isZero();
    assertThat(store.failures("acc-1", CHANGE).count()).as("the other purpose's count").isZero();
    store.recordFailure("acc-1", CHANGE, NOW);
    assertThat(store.failures("acc-1", CHANGE).count()).isEqualTo(1);
    assertThat(store.failures("acc-1", SIGN_IN).count()).as("counted apart").isZero();
    store.recordFailure("acc-2", SIGN_IN, NOW.minus(java.time.Duration.ofDays(2)));
    if (stores != null) {
      assertThat(stores.purge(NOW)).containsEntry("refauth_mfa_failures", 1);
    }
  }

  @Test
  void anAbandonedEnrolment_isPurgedAfterADay_aConfirmedOneNever() {
    if (stores == null) {
      return; // the in-memory store keeps one row per account at most, and is forgotten on restart
    }
    Instant old = NOW.minus(java.time.Duration.ofDays(3));
    store.beginTotp("acc-1", "v1.abandoned", old);
    store.beginTotp("acc-2", "v1.confirmed", old);
    store.confirmTotp("acc-2", 1, Set.of("r"), old);
    assertThat(stores.purge(NOW.minus(java.time.Duration.ofHours(23).plusDays(2))))
        .as("control: within its day")
        .containsEntry("refauth_totp", 0);
    assertThat(store.totp("acc-1")).isPresent();
    assertThat(stores.purge(NOW)).containsEntry("refauth_totp", 1);
    assertThat(store.totp("acc-1")).as("the abandoned one").isEmpty();
    assertThat(store.totp("acc-2")).as("the confirmed one").isPresent();
    assertThat(store.recoveryCodesLeft("acc-2")).isEqualTo(1);
  }

  @Test
  void atRest_noColumnRebuildsTheSecretOrACode() throws Exception {
    if (db == null) {
      return; // memory is not at rest
    }
    SecretBox box =
        SecretBox.fromBase64(Base64.getEncoder().encodeToString(random.generateSeed(32)), random);
    TotpSecret secret = TotpSecret.generate(random);
    List<String> codes = RecoveryCodes.generate(random);
    store.beginTotp("acc-1", box.seal(secret.bytes(), "acc-1"), NOW);
    Totp totp = Totp.standard(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    long step = totp.verify(secret, totp.code(secret, NOW), Totp.NONE_USED).orElseThrow();
    store.confirmTotp(
        "acc-1", step, codes.stream().map(RecoveryCodes::digest).collect(Collectors.toSet()), NOW);

    Set<String> everything = new HashSet<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      for (String table : List.of("refauth_totp", "refauth_recovery_codes")) {
        try (ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
          int columns = r.getMetaData().getColumnCount();
          while (r.next()) {
            for (int i = 1; i <= columns; i++) {
              everything.add(String.valueOf(r.getObject(i)));
            }
          }
        }
      }
    }
    String all = String.join("\n", everything);
    assertThat(all).as("control: rows were written").contains("acc-1");
    assertThat(all)
        .doesNotContain(secret.base32())
        .doesNotContain(Base64.getEncoder().encodeToString(secret.bytes()))
        .doesNotContain(new String(secret.bytes(), StandardCharsets.ISO_8859_1));
    for (String code : codes) {
      assertThat(all).doesNotContain(code).doesNotContain(code.replace("-", ""));
    }
    // what is there is useless without the key: another box cannot open the sealed secret
    String sealed = store.totp("acc-1").orElseThrow().sealedSecret();
    SecretBox other =
        SecretBox.fromBase64(Base64.getEncoder().encodeToString(random.generateSeed(32)), random);
    assertThat(other.open(sealed, "acc-1")).isEmpty();
    assertThat(box.open(sealed, "acc-1").map(TotpSecret::of)).contains(secret);
  }
}
