package dev.refauth.core.account;

import dev.refauth.core.IdentityCache;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The policy of {@link LoginLimits} over an {@link AccountStore}'s counters. Keys are digests of the account's tenant and
 * email (known or not: an unknown address is throttled exactly like a known one) and of the client address, so the
 * throttle table holds neither emails nor addresses.
 */
final class LoginThrottle {
  private final AccountStore store;
  private final LoginLimits limits;

  LoginThrottle(AccountStore store, LoginLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  /** The counters of one sign-in: this account from this address. */
  Attempt attempt(String tenant, String email, String address) {
    return new Attempt(key("login", tenant, email), key("pair", tenant, email, address), key("addr", address));
  }

  /** The three keys of an attempt. */
  final class Attempt {
    private final String account;
    private final String pair;
    private final String address;

    private Attempt(String account, String pair, String address) {
      this.account = account;
      this.pair = pair;
      this.address = address;
    }

    /** How long this client must wait before trying this account again; empty when it may try now. */
    Optional<Duration> waitAt(Instant now) {
      Duration longest = Duration.ZERO;
      for (String key : new String[] {account, pair, address}) {
        Optional<Instant> until = store.throttle(key, now).lockedUntil().filter(now::isBefore);
        if (until.isPresent() && Duration.between(now, until.get()).compareTo(longest) > 0) {
          longest = Duration.between(now, until.get());
        }
      }
      return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** Counts a failure on the three counters; {@code true} when it locked the account (for the audit). */
    boolean failed(Instant now) {
      AccountStore.Throttle before = store.throttle(account, now);
      AccountStore.Throttle after = store.updateThrottle(account, now, failure(now, limits.perAccount(), true));
      store.updateThrottle(pair, now, failure(now, limits.perAddressAndAccount(), true));
      store.updateThrottle(address, now, failure(now, limits.perAddress(), false));
      return after.failures() >= limits.perAccount() && !after.equals(before);
    }

    /** A sign-in succeeded: this account and this pair start over (the address ceiling does not: one good account must not reset it). */
    void succeeded() {
      store.clearFailures(account);
      store.clearFailures(pair);
    }
  }

  /**
   * One failure on a counter with this limit: not counted while the counter waits (so a lock never extends itself);
   * a counter whose window has passed, or whose lock has, starts over; past half the limit the counter waits
   * 1 s, 2 s, 4 s... (when {@code progressive}); at the limit it locks.
   */
  private UnaryOperator<AccountStore.Throttle> failure(Instant now, int limit, boolean progressive) {
    return t -> {
      if (t.lockedAt(now)) {
        return t;
      }
      boolean fresh = t.failures() == 0 || t.failures() >= limit || !now.isBefore(t.windowStart().plus(limits.window()));
      int failures = fresh ? 1 : t.failures() + 1;
      Instant start = fresh ? now : t.windowStart();
      if (failures >= limit) {
        return new AccountStore.Throttle(failures, start, Optional.of(now.plus(limits.lockFor())));
      }
      int over = failures - limit / 2;
      if (!progressive || over < 1) {
        return new AccountStore.Throttle(failures, start, Optional.empty());
      }
      Duration delay = Duration.ofSeconds(1L << Math.min(over - 1, 20));
      return new AccountStore.Throttle(failures, start, Optional.of(now.plus(delay.compareTo(limits.lockFor()) < 0 ? delay : limits.lockFor())));
    };
  }

  /**
   * At most {@code max} events per {@code window} on a key (reset links, mails): answers whether this one is allowed,
   * counting it.
   */
  static boolean allow(AccountStore store, String key, int max, Duration window, Instant now) {
    AccountStore.Throttle t = store.updateThrottle(key, now, c -> {
      boolean fresh = c.failures() == 0 || !now.isBefore(c.windowStart().plus(window));
      return fresh ? new AccountStore.Throttle(1, now, Optional.empty())
          : new AccountStore.Throttle(Math.min(c.failures() + 1, max + 1), c.windowStart(), Optional.empty());
    });
    return t.failures() <= max;
  }

  /** A key of this kind for these parts: a digest, so that nothing in it can be read back. */
  static String key(String kind, String... parts) {
    return kind + ":" + IdentityCache.digest(String.join("\n", parts));
  }
}
