package dev.refauth.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The in-memory store keeps the contract's atomic check-then-acts, expiries and single uses. */
final class InMemoryAccountStoreTest {
  private static final Instant NOW = Instant.now();
  private final InMemoryAccountStore store = new InMemoryAccountStore();

  private static Account account(String id, String tenant, String email) {
    return new Account(
        id,
        tenant,
        email,
        email,
        Optional.empty(),
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        Account.Status.ACTIVE,
        Set.of("posts:read"),
        NOW,
        NOW);
  }

  @Test
  void oneAccountPerTenantAndEmail_whateverTheConcurrency() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> made = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String id = "id-" + i;
      Callable<Boolean> create = () -> store.create(account(id, "acme", "a@example.com"));
      made.add(pool.submit(create));
    }
    int created = 0;
    for (Future<Boolean> f : made) {
      created += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(created).isEqualTo(1);
    // control: the same email in another tenant is another account
    assertThat(store.create(account("other", "globex", "a@example.com"))).isTrue();
    assertThat(store.list("acme", 0, 10)).hasSize(1);
  }

  @Test
  void aResetToken_worksOnce_untilItExpires_andDiesWithAPasswordChange() {
    store.create(account("a", "acme", "a@example.com"));
    store.createResetToken("h1", "a", NOW.plus(Duration.ofMinutes(30)));
    assertThat(store.resetTokenAccount("h1", NOW)).contains("a");
    assertThat(store.consumeResetToken("h1", NOW)).contains("a");
    assertThat(store.consumeResetToken("h1", NOW)).isEmpty();

    store.createResetToken("h2", "a", NOW.plus(Duration.ofMinutes(30)));
    assertThat(store.consumeResetToken("h2", NOW.plus(Duration.ofMinutes(31)))).isEmpty();

    store.createResetToken("h3", "a", NOW.plus(Duration.ofMinutes(30)));
    store.rememberDevice("d1", "a", NOW.plus(Duration.ofDays(30)), 5);
    store.rehashPassword("a", "$argon2id$rehashed", NOW);
    assertThat(store.resetTokenAccount("h3", NOW)).as("a rehash keeps the links").contains("a");
    store.updatePasswordHash("a", "$argon2id$changed", NOW);
    assertThat(store.resetTokenAccount("h3", NOW)).isEmpty();
    assertThat(store.deviceAccount("d1", NOW)).isEmpty();
    assertThat(store.findById("a").orElseThrow().passwordHash()).isEqualTo("$argon2id$changed");
  }

  @Test
  void devices_keepTheNewest() {
    for (int i = 0; i < 4; i++) {
      store.rememberDevice("d" + i, "a", NOW.plus(Duration.ofDays(10 + i)), 2);
    }
    assertThat(store.deviceAccount("d0", NOW)).isEmpty();
    assertThat(store.deviceAccount("d1", NOW)).isEmpty();
    assertThat(store.deviceAccount("d2", NOW)).contains("a");
    assertThat(store.deviceAccount("d3", NOW)).contains("a");
  }

  @Test
  void externalIdentities_linkOncePerTenant() {
    assertThat(store.linkExternal("acme", "https://idp", "sub-1", "a", NOW)).isTrue();
    assertThat(store.linkExternal("acme", "https://idp", "sub-1", "b", NOW)).isFalse();
    assertThat(store.findExternal("acme", "https://idp", "sub-1")).contains("a");
    assertThat(store.linkExternal("globex", "https://idp", "sub-1", "b", NOW)).isTrue();
  }

  @Test
  void aFloodOfThrottles_isBounded_andKeepsTheLocks() {
    Instant until = NOW.plus(Duration.ofMinutes(15));
    store.updateThrottle(
        "locked", NOW, t -> new AccountStore.Throttle(10, NOW, Optional.of(until)));
    for (int i = 0; i < 99_999; i++) {
      store.updateThrottle("k" + i, NOW, t -> new AccountStore.Throttle(1, NOW, Optional.empty()));
    }
    assertThat(store.throttle("locked", NOW).lockedAt(NOW)).isTrue();
    assertThat(store.throttle("k0", NOW).failures()).isEqualTo(1); // recent counters are kept
    // past the bound, a new key is refused as if locked, and not stored
    AccountStore.Throttle refused =
        store.updateThrottle(
            "k-new", NOW, t -> new AccountStore.Throttle(1, NOW, Optional.empty()));
    assertThat(refused.lockedAt(NOW)).isTrue();
    // a day later, the idle ones make room again
    Instant later = NOW.plus(Duration.ofDays(2));
    AccountStore.Throttle fresh =
        store.updateThrottle(
            "k-new", later, t -> new AccountStore.Throttle(1, later, Optional.empty()));
    assertThat(fresh.lockedAt(later)).isFalse();
    assertThat(store.throttle("k-new", later).failures()).isEqualTo(1);
  }

  @Test
  void usersFile_seedsOnlyWhatIsMissing() {
    PasswordHasher fast = PasswordHasher.argon2id(1024, 1, 1);
    String file = "a@example.com = pass-one | Ann | posts:read | acme\nb@example.com = pass-two\n";
    assertThat(UsersFile.seed(store, fast, file, "", NOW)).isEqualTo(2);
    assertThat(UsersFile.seed(store, fast, file, "", NOW)).isZero();
    Account a = store.findByEmail("acme", "a@example.com").orElseThrow();
    assertThat(a.displayName()).isEqualTo("Ann");
    assertThat(a.permissions()).containsExactly("posts:read");
    assertThat(a.passwordHash()).startsWith("$argon2id$").doesNotContain("pass-one");
    assertThat(store.findByEmail("", "b@example.com")).isPresent();
    assertThatThrownBy(() -> UsersFile.seed(store, fast, "not-an-address = x\n", "", NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
