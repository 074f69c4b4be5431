package dev.refauth.mfa;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Second factors in this JVM's memory: development, tests, a single node. One lock makes every use atomic. */
public final class InMemorySecondFactorStore implements SecondFactorStore {
  private final Map<String, TotpEnrolment> totp = new HashMap<>();
  private final Map<String, Set<String>> codes = new HashMap<>();
  private final Map<String, PendingSignIn> pending = new HashMap<>();
  private final Map<String, Failures> failures = new HashMap<>();

  @Override
  public synchronized Optional<TotpEnrolment> totp(String accountId) {
    return Optional.ofNullable(totp.get(accountId));
  }

  @Override
  public synchronized boolean beginTotp(String accountId, String sealedSecret, Instant now) {
    TotpEnrolment current = totp.get(accountId);
    if (current != null && current.confirmed()) {
      return false;
    }
    totp.put(accountId, new TotpEnrolment(sealedSecret, false, Totp.NONE_USED, now));
    return true;
  }

  @Override
  public synchronized boolean confirmTotp(
      String accountId, long step, Set<String> recoveryDigests, Instant now) {
    TotpEnrolment current = totp.get(accountId);
    if (current == null || current.confirmed()) {
      return false;
    }
    totp.put(accountId, new TotpEnrolment(current.sealedSecret(), true, step, now));
    codes.put(accountId, new HashSet<>(recoveryDigests));
    return true;
  }

  @Override
  public synchronized boolean useStep(String accountId, long step) {
    TotpEnrolment current = totp.get(accountId);
    if (current == null || !current.confirmed() || step <= current.lastUsedStep()) {
      return false;
    }
    totp.put(accountId, new TotpEnrolment(current.sealedSecret(), true, step, current.since()));
    return true;
  }

  @Override
  public synchronized boolean useRecoveryCode(String accountId, String digest, Instant now) {
    Set<String> left = codes.get(accountId);
    return left != null && left.remove(digest);
  }

  @Override
  public synchronized boolean hasRecoveryCode(String accountId, String digest) {
    Set<String> left = codes.get(accountId);
    return left != null && left.contains(digest);
  }

  @Override
  public synchronized void replaceRecoveryCodes(
      String accountId, Set<String> digests, Instant now) {
    codes.put(accountId, new HashSet<>(digests));
  }

  @Override
  public synchronized int recoveryCodesLeft(String accountId) {
    Set<String> left = codes.get(accountId);
    return left == null ? 0 : left.size();
  }

  @Override
  public synchronized void remove(String accountId) {
    totp.remove(accountId);
    codes.remove(accountId);
    pending.values().removeIf(p -> p.accountId().equals(accountId));
  }

  @Override
  public synchronized void createPending(String digest, PendingSignIn p) {
    pending.put(digest, p);
  }

  @Override
  public synchronized Optional<PendingSignIn> spendTry(String digest, Instant now) {
    pending.values().removeIf(p -> !now.isBefore(p.expires())); // forgotten once expired
    PendingSignIn p = pending.get(digest);
    if (p == null || p.triesLeft() <= 0) {
      return Optional.empty();
    }
    pending.put(
        digest,
        new PendingSignIn(
            p.accountId(), p.tenant(), p.remember(), p.expires(), p.triesLeft() - 1, p.stepUp()));
    return Optional.of(p);
  }

  @Override
  public synchronized boolean finishPending(String digest) {
    return pending.remove(digest) != null;
  }

  @Override
  public synchronized void finishStepUps(String accountId) {
    pending.values().removeIf(p -> p.stepUp() && p.accountId().equals(accountId));
  }

  @Override
  public synchronized Failures failures(String accountId, Counter counter) {
    return failures.getOrDefault(counter + " " + accountId, new Failures(0, Instant.EPOCH));
  }

  @Override
  public synchronized void recordFailure(String accountId, Counter counter, Instant now) {
    failures.put(
        counter + " " + accountId, new Failures(failures(accountId, counter).count() + 1, now));
  }

  @Override
  public synchronized void clearFailures(String accountId, Counter counter) {
    failures.remove(counter + " " + accountId);
  }
}
