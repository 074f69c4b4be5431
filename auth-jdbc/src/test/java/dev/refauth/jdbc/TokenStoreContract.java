package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.tokens.TokenStore;
import dev.refauth.tokens.TokenStore.Presentation;
import dev.refauth.tokens.TokenStore.Rotation;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDBC token store keeps the TokenStore rules on a real database; extended once per database. */
abstract class TokenStoreContract {
  static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");
  static final Duration GRACE = Duration.ofSeconds(10);
  static final Duration IDLE = Duration.ofDays(7);
  TokenStore store;

  abstract DataSource freshDatabase();

  @BeforeEach
  void open() {
    store = Databases.stores(freshDatabase()).tokens();
    store.createFamily(
        new TokenStore.Family(
            "fam", "alice", Optional.of("acme"), T0, T0.plus(Duration.ofDays(30))),
        "h0",
        T0);
  }

  @Test
  void anExternalLogout_endsTheFamiliesOfItsSessionOrSubject_andNoOthers() {
    for (String id : List.of("kc-1", "kc-2", "kc-other")) {
      store.createFamily(
          new TokenStore.Family(id, "bob", Optional.of("acme"), T0, T0.plus(Duration.ofDays(30))),
          "h-" + id,
          T0);
      store.createSession(
          new TokenStore.Session(
              "s-" + id, "bob", Optional.of("acme"), id, T0, T0.plus(Duration.ofHours(12)), T0));
    }
    store.linkExternal("kc-1", "keycloak", "sub-bob", Optional.of("sid-1"));
    store.linkExternal("kc-2", "keycloak", "sub-bob", Optional.of("sid-2"));
    store.linkExternal("kc-other", "keycloak", "sub-carol", Optional.of("sid-3"));
    assertThat(store.externalProvider("kc-1")).contains("keycloak");
    assertThat(store.externalProvider("fam")).isEmpty();

    assertThat(store.revokeExternal("sid-1")).containsExactly("bob");
    assertThat(store.isFamilyActive("kc-1", T0.plusSeconds(1))).isFalse();
    assertThat(store.touchSession("s-kc-1", T0.plusSeconds(1), IDLE)).isEmpty();
    assertThat(store.isFamilyActive("kc-2", T0.plusSeconds(1))).as("the other session").isTrue();
    assertThat(store.isFamilyActive("fam", T0.plusSeconds(1))).as("a password login").isTrue();
    // again: nothing left to end
    assertThat(store.revokeExternal("sid-1")).isEmpty();

    assertThat(store.revokeExternal("sub-bob")).containsExactly("bob");
    assertThat(store.isFamilyActive("kc-2", T0.plusSeconds(2))).isFalse();
    assertThat(store.touchSession("s-kc-2", T0.plusSeconds(2), IDLE)).isEmpty();
    assertThat(store.isFamilyActive("kc-other", T0.plusSeconds(2))).isTrue();
    assertThat(store.touchSession("s-kc-other", T0.plusSeconds(2), IDLE)).isPresent();
    assertThat(store.revokeExternal("nobody")).isEmpty();
  }

  @Test
  void rotation_grace_reuse() {
    assertThat(store.rotate(Presentation.of("h0", "h1"), T0.plusSeconds(1), GRACE, IDLE))
        .isInstanceOf(Rotation.Rotated.class);
    Rotation again = store.rotate(Presentation.of("h0", "h1"), T0.plusSeconds(2), GRACE, IDLE);
    assertThat(again)
        .as("within the grace: the successor (derived again by the provider) stands")
        .isInstanceOf(Rotation.Grace.class);
    assertThat(store.rotate(Presentation.of("h0", "h1c"), T0.plusSeconds(20), GRACE, IDLE))
        .isInstanceOf(Rotation.Reused.class);
    assertThat(store.isFamilyActive("fam", T0.plusSeconds(21))).isFalse();
    assertThat(store.rotate(Presentation.of("h1", "h2"), T0.plusSeconds(22), GRACE, IDLE))
        .isInstanceOf(Rotation.Invalid.class);
  }

  @Test
  void rotation_ofAnotherTenantsFamily_isInvalid_andChangesNothing() {
    assertThat(
            store.rotate(
                Presentation.of("h0", "hx").withTenant("globex"), T0.plusSeconds(1), GRACE, IDLE))
        .isInstanceOf(Rotation.Invalid.class);
    assertThat(
            store.rotate(
                Presentation.of("h0", "h1").withTenant("acme"), T0.plusSeconds(2), GRACE, IDLE))
        .as("positive control")
        .isInstanceOf(Rotation.Rotated.class);
  }

  @Test
  void fiftyConcurrentRotations_oneSuccessor() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Future<Rotation>> results = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < 50; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.rotate(
                      Presentation.of("h0", "succ"), T0.plusSeconds(1), GRACE, IDLE);
                }));
      }
      go.countDown();
      int rotated = 0;
      for (Future<Rotation> f : results) {
        Rotation r = f.get();
        if (r instanceof Rotation.Rotated) {
          rotated++;
        } else {
          assertThat(r).isInstanceOf(Rotation.Grace.class);
        }
      }
      assertThat(rotated).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aKeyClaimedByFortyAtOnce_isClaimedOnce_andAgainOnlyOnceExpired() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(40);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        claims.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.claim("step-up x 0", T0.plusSeconds(60), T0);
                }));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> f : claims) {
        won += f.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.isDenied("step-up x 0", T0.plusSeconds(30))).isTrue();
    assertThat(store.claim("step-up x 0", T0.plusSeconds(1_000), T0.plusSeconds(30))).isFalse();
    Instant later = T0.plusSeconds(60 + 301); // past the entry and the skew the deny list keeps
    assertThat(store.claim("step-up x 0", later.plusSeconds(60), later))
        .as("an expired claim gives its place up")
        .isTrue();
    assertThat(store.claim("step-up x 1", T0.plusSeconds(60), T0)).as("another key").isTrue();
  }

  @Test
  void sessions_denylist_notBefore() {
    store.createSession(
        new TokenStore.Session(
            "s1", "alice", Optional.of("acme"), "fam", T0, T0.plus(Duration.ofHours(12)), T0));
    assertThat(store.touchSession("s1", T0.plus(Duration.ofMinutes(20)), Duration.ofMinutes(30)))
        .isPresent();
    assertThat(store.touchSession("s1", T0.plus(Duration.ofMinutes(49)), Duration.ofMinutes(30)))
        .as("touched at 20 min")
        .isPresent();
    assertThat(store.touchSession("s1", T0.plus(Duration.ofMinutes(80)), Duration.ofMinutes(30)))
        .as("idle")
        .isEmpty();
    store.deny("jti-1", T0.plusSeconds(300));
    assertThat(store.isDenied("jti-1", T0.plusSeconds(10))).isTrue();
    assertThat(store.isDenied("jti-2", T0.plusSeconds(10))).isFalse();
    store.setNotBefore("alice", T0.plusSeconds(5));
    store.setNotBefore("alice", T0.plusSeconds(3)); // never moves back
    assertThat(store.notBefore("alice")).contains(T0.plusSeconds(5));
    store.createSession(
        new TokenStore.Session(
            "s2", "alice", Optional.empty(), "fam", T0, T0.plus(Duration.ofHours(1)), T0));
    store.revokeSubject("alice");
    assertThat(store.touchSession("s2", T0.plusSeconds(1), Duration.ofMinutes(30))).isEmpty();
    assertThat(store.isFamilyActive("fam", T0.plusSeconds(1))).isFalse();
  }

  @Test
  void aSession_saysHowItsLoginWasMade_asItsFamilyDoes() {
    store.createFamily(
        new TokenStore.Family(
            "fam2",
            "bob",
            Optional.empty(),
            T0,
            T0.plus(Duration.ofDays(30)),
            java.util.List.of("pwd", "otp", "mfa")),
        "g0",
        T0);
    store.createSession(
        new TokenStore.Session(
            "s3",
            "bob",
            Optional.empty(),
            "fam2",
            T0,
            T0.plus(Duration.ofHours(1)),
            T0,
            java.util.List.of("pwd", "otp", "mfa")));
    assertThat(
            store.touchSession("s3", T0.plusSeconds(1), Duration.ofMinutes(30)).orElseThrow().amr())
        .containsExactly("pwd", "otp", "mfa");
    store.createSession(
        new TokenStore.Session(
            "s4", "alice", Optional.empty(), "fam", T0, T0.plus(Duration.ofHours(1)), T0));
    assertThat(
            store.touchSession("s4", T0.plusSeconds(1), Duration.ofMinutes(30)).orElseThrow().amr())
        .as("control: a family that did not say")
        .isEmpty();
  }
}
