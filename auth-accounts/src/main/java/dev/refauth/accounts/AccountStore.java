package dev.refauth.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where accounts, reset tokens and throttle counters live. Every check-then-act is atomic (one account per
 * tenant and email whatever the concurrency; a reset token is consumed once), so that several nodes can
 * share one store. Reset tokens are stored only as hashes.
 */
public interface AccountStore {

  /**
   * Throttle state of one key: failures in the current window, and until when the key must wait (a short delay or a
   * lock), if it must. Keys are opaque to the store (digests: no email or address at rest).
   */
  record Throttle(int failures, Instant windowStart, Optional<Instant> lockedUntil) {
    public static Throttle none(Instant now) {
      return new Throttle(0, now, Optional.empty());
    }

    public boolean lockedAt(Instant now) {
      return lockedUntil.map(now::isBefore).orElse(false);
    }
  }

  /** Creates the account unless one with the same tenant and email exists; {@code true} if created. */
  boolean create(Account account);

  Optional<Account> findByEmail(String tenant, String email);

  Optional<Account> findById(String id);

  /**
   * Sets the password hash and, in the same transaction, ends every reset link of the account still outstanding (a
   * link mailed before a password change never works after it) and forgets its remembered browsers.
   */
  void updatePasswordHash(String accountId, String passwordHash, Instant now);

  /** Replaces the hash of the same password (new parameters, on sign-in): no change of password, so links stay. */
  void rehashPassword(String accountId, String passwordHash, Instant now);

  void setPermissions(String accountId, Set<String> permissions, Instant now);

  void setStatus(String accountId, Account.Status status, Instant now);

  void createResetToken(String tokenHash, String accountId, Instant expiresAt);

  /** The account of a reset token that is unused and unexpired, without consuming it (to check it before use). */
  Optional<String> resetTokenAccount(String tokenHash, Instant now);

  /** Consumes a reset token atomically: its account id if it was unused and unexpired; it can never be used again. */
  Optional<String> consumeResetToken(String tokenHash, Instant now);

  /**
   * Remembers a browser that signed in to {@code accountId} (by its token's hash) until {@code expiresAt}, and forgets
   * the account's others but the newest {@code keep}, in the same transaction.
   */
  void rememberDevice(String idHash, String accountId, Instant expiresAt, int keep);

  /** The account a remembered, unexpired browser signed in to. */
  Optional<String> deviceAccount(String idHash, Instant now);

  Throttle throttle(String key, Instant now);

  /**
   * Changes one throttle atomically, so that concurrent failures on several nodes all count: {@code change} gets the
   * current state ({@link Throttle#none} when there is none) and answers the next. It is a pure function (the policy
   * is the caller's); the store may call it again when it retries the transaction.
   */
  Throttle updateThrottle(String key, Instant now, UnaryOperator<Throttle> change);

  void clearFailures(String key);

  /** The account linked to an external identity in {@code tenant}, if any. */
  Optional<String> findExternal(String tenant, String issuer, String subject);

  /**
   * Links an external identity to an account atomically; {@code false} when that identity is already
   * linked in {@code tenant} (to this account or another).
   */
  boolean linkExternal(String tenant, String issuer, String subject, String accountId, Instant now);

  /** The accounts of {@code tenant}, by email, at most {@code limit} from {@code offset} (for administration pages). */
  List<Account> list(String tenant, int offset, int limit);
}
