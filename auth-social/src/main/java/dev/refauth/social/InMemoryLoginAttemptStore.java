package dev.refauth.social;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Attempts in this JVM's memory: for one node. At most {@value #MAX_ATTEMPTS} wait at once (oldest go first). */
public final class InMemoryLoginAttemptStore implements LoginAttemptStore {
  /** A bound on memory whatever the rate of started-and-abandoned attempts. */
  public static final int MAX_ATTEMPTS = 100_000;

  private final ConcurrentMap<String, LoginAttempt> attempts = new ConcurrentHashMap<>();

  @Override
  public void save(String stateHash, LoginAttempt attempt) {
    if (attempts.size() >= MAX_ATTEMPTS) {
      Instant now = Instant.now();
      attempts.values().removeIf(a -> !a.expiresAt().isAfter(now));
      if (attempts.size() >= MAX_ATTEMPTS) {
        attempts.entrySet().stream()
            .min(Map.Entry.comparingByValue(Comparator.comparing(LoginAttempt::expiresAt)))
            .ifPresent(e -> attempts.remove(e.getKey()));
      }
    }
    attempts.put(stateHash, attempt);
  }

  @Override
  public Optional<LoginAttempt> consume(String stateHash, Instant now) {
    return Optional.ofNullable(attempts.remove(stateHash)).filter(a -> a.expiresAt().isAfter(now));
  }
}
