package dev.refauth.accounts;

import java.time.Duration;

/**
 * How many failed sign-ins (and wrong current passwords) {@link Accounts} takes before it makes a client wait.
 *
 * <p>Three counters, each over {@code window}: the account (from anywhere), the pair of client address and account,
 * and the client address (any account). The first two slow down before they lock: past half their limit each further
 * failure makes that counter wait 1 s, 2 s, 4 s..., and at the limit it locks for {@code lockFor}. The address counter
 * is a ceiling against one address trying many accounts, well above what a shared address (a NAT, a proxy) produces
 * in honest typing: past half of it each failure makes the address wait 1 s, at it the address locks. A waiting or locked counter answers {@code 429} with {@code Retry-After}, the same for known and
 * unknown accounts; attempts made while it waits are not counted, and a lock never extends itself.
 *
 * <p>A browser that signed in to the account before (its device cookie) has a counter of its own, with the limit of an
 * address and account pair, and none of the three above holds it: guesses from elsewhere cannot lock its owner out.
 *
 * @param perAccount failures on one account, from any address, before it locks (default 10)
 * @param perAddressAndAccount failures from one address on one account before that pair locks (default 5)
 * @param perAddress failures from one address, on any accounts, before the address locks (default 300)
 * @param window how long failures are remembered (default 15 minutes, at most a day)
 * @param lockFor how long a lock lasts (default 15 minutes, at most a day)
 */
public record LoginLimits(
    int perAccount, int perAddressAndAccount, int perAddress, Duration window, Duration lockFor) {

  public LoginLimits {
    if (perAccount < 1 || perAddressAndAccount < 1 || perAddress < 1) {
      throw new IllegalArgumentException("login limits must be positive");
    }
    if (window == null
        || lockFor == null
        || window.isNegative()
        || window.isZero()
        || lockFor.isNegative()
        || lockFor.isZero()) {
      throw new IllegalArgumentException("the login window and lock must be positive durations");
    }
    if (window.compareTo(Duration.ofDays(1)) > 0 || lockFor.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("the login window and lock are at most a day");
    }
  }

  /** 10 per account, 5 per address and account, 300 per address, in 15 minutes; locks of 15 minutes. */
  public static LoginLimits defaults() {
    return new LoginLimits(10, 5, 300, Duration.ofMinutes(15), Duration.ofMinutes(15));
  }
}
