package dev.refauth.mfa;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Where an account's second factor lives: its TOTP secret (sealed, {@link SecretBox}), the last time step used, and its
 * recovery codes (digests, {@link RecoveryCodes#digest}). Every "use" is atomic and shared by every node that shares
 * the store: a code is good once in the whole deployment. Nothing stored rebuilds a secret without the configured key.
 * Implementations: {@link InMemorySecondFactorStore} (one node) and the JDBC battery's.
 */
public interface SecondFactorStore {
  /** An account's TOTP enrolment. {@code confirmed} once a first code proved the authenticator has the secret. */
  record TotpEnrolment(String sealedSecret, boolean confirmed, long lastUsedStep, Instant since) {}

  /** The account's TOTP enrolment, confirmed or not. */
  Optional<TotpEnrolment> totp(String accountId);

  /**
   * Starts an enrolment with this sealed secret, replacing an unconfirmed one.
   *
   * @return false, changing nothing, when the account has a confirmed one (remove it first)
   */
  boolean beginTotp(String accountId, String sealedSecret, Instant now);

  /**
   * Confirms the unconfirmed enrolment with the first code's step, and gives the account these recovery codes (the
   * old ones die), in one step.
   *
   * @return false, changing nothing, when there is no unconfirmed enrolment
   */
  boolean confirmTotp(String accountId, long step, Set<String> recoveryDigests, Instant now);

  /**
   * Marks {@code step} used if it is later than the last used one.
   *
   * @return false when it is not (the code was used, here or on another node), changing nothing
   */
  boolean useStep(String accountId, long step);

  /**
   * Uses one of the account's recovery codes.
   *
   * @return true once for each code; false for a used, unknown or another account's code
   */
  boolean useRecoveryCode(String accountId, String digest, Instant now);

  /** Whether the account has the unused recovery code of this digest (nothing is used up). */
  boolean hasRecoveryCode(String accountId, String digest);

  /** Replaces the account's recovery codes with these (every old one dies). */
  void replaceRecoveryCodes(String accountId, Set<String> digests, Instant now);

  /** How many unused recovery codes the account has. */
  int recoveryCodesLeft(String accountId);

  /** Removes the account's second factor and recovery codes. */
  void remove(String accountId);

  /**
   * A sign-in whose password was right, waiting for its second factor; or a step-up, a signed-in session's.
   *
   * @param triesLeft how many more answers it takes
   * @param stepUp whether a signed-in session asked for it (its wrong answers count apart from the sign-in's)
   */
  record PendingSignIn(
      String accountId,
      Optional<String> tenant,
      boolean remember,
      Instant expires,
      int triesLeft,
      boolean stepUp) {
    /** A sign-in's. */
    public PendingSignIn(
        String accountId,
        Optional<String> tenant,
        boolean remember,
        Instant expires,
        int triesLeft) {
      this(accountId, tenant, remember, expires, triesLeft, false);
    }
  }

  /** Keeps a pending sign-in under the digest of the browser's value ({@code IdentityCache.digest}). */
  void createPending(String digest, PendingSignIn pending);

  /**
   * Spends one try of the pending sign-in, if it is there, unexpired, with a try left.
   *
   * @return the pending sign-in as it was before this try; empty (changing nothing) otherwise
   */
  Optional<PendingSignIn> spendTry(String digest, Instant now);

  /** Ends the pending sign-in: true for the one call that ended it (on every node), false after. */
  boolean finishPending(String digest);

  /** Ends every pending step-up of the account (its owner has just signed in with both factors). */
  void finishStepUps(String accountId);

  /** Wrong second-factor answers for the account in a row, and the time of the last. */
  record Failures(int count, Instant last) {}

  /**
   * What wrong answers were given for: the sign-in's second step, or a change of the account's factors by a signed-in
   * caller. Counted apart, so that whoever holds a session cannot lock the owner's sign-in.
   */
  enum Counter {
    SIGN_IN,
    CHANGE
  }

  /** The account's wrong answers in a row for this purpose (count 0 when none). */
  Failures failures(String accountId, Counter counter);

  /** Counts one more wrong answer for the account and purpose. */
  void recordFailure(String accountId, Counter counter, Instant now);

  /** A right answer: the count of this purpose starts again. */
  void clearFailures(String accountId, Counter counter);
}
