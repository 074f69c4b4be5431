package dev.refauth.social;

import java.time.Instant;
import java.util.Optional;

/**
 * Where social sign-in attempts wait for their callback. Several nodes behind one load balancer must share
 * it (the callback may land on another node): use the JDBC store there.
 */
public interface LoginAttemptStore {

  /** Saves an attempt under the digest of its {@code state}. */
  void save(String stateHash, LoginAttempt attempt);

  /**
   * Removes and returns the attempt atomically, if it exists and has not expired at {@code now}. Whatever
   * the outcome, a second call with the same key finds nothing: a state is good for one callback.
   */
  Optional<LoginAttempt> consume(String stateHash, Instant now);
}
