package dev.refauth.accounts;

import dev.refauth.core.IdentityCache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  /** The counters of one sign-in from a browser the account does not know: this account from this address. */
  Attempt attempt(String tenant, String email, String address) {
    String account = key("login", tenant, email);
    return new Attempt(
        List.of(
            new Counter(account, limits.perAccount(), true),
            new Counter(key("pair", tenant, email, address), limits.perAddressAndAccount(), true),
            new Counter(key("addr", address), limits.perAddress(), false)),
        List.of(account),
        false);
  }

  /**
   * The counters of one sign-in from a browser that signed in to this account before: its own counter only, so that
   * guesses from elsewhere (the account's, the address's counters) do not lock its owner out. A success there ends the
   * account's lock too.
   */
  Attempt knownDevice(String tenant, String email, String deviceHash) {
    String device = key("device", deviceHash);
    return new Attempt(
        List.of(new Counter(device, limits.perAddressAndAccount(), true)),
        List.of(key("login", tenant, email)),
        true);
  }

  /** One counter: its key, its limit, whether it waits before it locks. */
  private record Counter(String key, int limit, boolean progressive) {}

  /** The counters of an attempt; the first is the one whose lock is audited. */
  final class Attempt {
    private final List<Counter> counters;
    private final List<String> alsoClearedOnSuccess;
    private final boolean knownDevice;

    private Attempt(
        List<Counter> counters, List<String> alsoClearedOnSuccess, boolean knownDevice) {
      this.counters = counters;
      this.alsoClearedOnSuccess = alsoClearedOnSuccess;
      this.knownDevice = knownDevice;
    }

    /** Whether the browser signed in to this account before. */
    boolean knownDevice() {
      return knownDevice;
    }

    /** How long this client must wait before trying this account again; empty when it may try now. */
    Optional<Duration> waitAt(Instant now) {
      Duration longest = Duration.ZERO;
      for (Counter c : counters) {
        Optional<Instant> until = store.throttle(c.key(), now).lockedUntil().filter(now::isBefore);
        if (until.isPresent() && Duration.between(now, until.get()).compareTo(longest) > 0) {
          longest = Duration.between(now, until.get());
        }
      }
      return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** Counts a failure on every counter; {@code true} when it locked the first (for the audit). */
    boolean failed(Instant now) {
      boolean locked = false;
      for (int i = 0; i < counters.size(); i++) {
        Counter c = counters.get(i);
        AccountStore.Throttle after =
            store.updateThrottle(c.key(), now, failure(now, c.limit(), c.progressive()));
        locked |= i == 0 && after.failures() == c.limit() && after.lockedAt(now);
      }
      return locked;
    }

    /**
     * A sign-in succeeded: its counters start over, but the address ceiling (one good account must not reset what
     * another hundred failed).
     */
    void succeeded() {
      for (Counter c : counters) {
        if (c.progressive()) {
          store.clearFailures(c.key());
        }
      }
      alsoClearedOnSuccess.forEach(store::clearFailures);
    }
  }

  /**
   * One failure on a counter with this limit: not counted while the counter waits (so a lock never extends itself);
   * a counter whose window has passed, or whose lock has, starts over; past half the limit the counter waits
   * 1 s, 2 s, 4 s... (when {@code progressive}; else 1 s each time, which slows one address trying many accounts
   * without holding the honest users behind it); at the limit it locks.
   */
  private UnaryOperator<AccountStore.Throttle> failure(
      Instant now, int limit, boolean progressive) {
    return t -> {
      if (t.lockedAt(now)) {
        return t;
      }
      boolean fresh =
          t.failures() == 0
              || t.failures() >= limit
              || !now.isBefore(t.windowStart().plus(limits.window()));
      int failures = fresh ? 1 : t.failures() + 1;
      Instant start = fresh ? now : t.windowStart();
      if (failures >= limit) {
        return new AccountStore.Throttle(failures, start, Optional.of(now.plus(limits.lockFor())));
      }
      int over = failures - limit / 2;
      if (over < 1) {
        return new AccountStore.Throttle(failures, start, Optional.empty());
      }
      Duration delay =
          progressive
              ? Duration.ofSeconds(1L << Math.min(over - 1, 20))
              : Duration.ofSeconds(1); // a ceiling: 1 s each
      return new AccountStore.Throttle(
          failures,
          start,
          Optional.of(now.plus(delay.compareTo(limits.lockFor()) < 0 ? delay : limits.lockFor())));
    };
  }

  /**
   * At most {@code max} events per {@code window} on a key (reset links, mails): answers whether this one is allowed,
   * counting it.
   */
  static boolean allow(AccountStore store, String key, int max, Duration window, Instant now) {
    AccountStore.Throttle t =
        store.updateThrottle(
            key,
            now,
            c -> {
              boolean fresh = c.failures() == 0 || !now.isBefore(c.windowStart().plus(window));
              return fresh
                  ? new AccountStore.Throttle(1, now, Optional.empty())
                  : new AccountStore.Throttle(
                      Math.min(c.failures() + 1, max + 1), c.windowStart(), Optional.empty());
            });
    return t.failures() <= max;
  }

  /** A key of this kind for these parts: a digest, so that nothing in it can be read back. */
  static String key(String kind, String... parts) {
    return kind + ":" + IdentityCache.digest(String.join("\n", parts));
  }
}
