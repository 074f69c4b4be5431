package dev.refauth.accounts;

import dev.refauth.core.IdentityCache;
import dev.refauth.core.spi.IdentityCacheAware;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Accounts in this JVM's memory, for development, tests and a single node that may forget everything on restart.
 * Every operation holds one lock, so each check-then-act is atomic as the contract asks. Reset tokens and remembered
 * browsers are kept only as the hashes the caller gives.
 */
public final class InMemoryAccountStore implements AccountStore, IdentityCacheAware {
  private record Expiring(String accountId, Instant expiresAt) {}

  /** The most throttle counters kept; past it, stale ones are forgotten, else new keys wait (fail closed). */
  private static final int MAX_THROTTLES = 100_000;

  private final Map<String, Account> byId = new HashMap<>();
  private final Map<String, String> idByTenantAndEmail = new HashMap<>();
  private final Map<String, Expiring> resetTokens = new HashMap<>();
  private final Map<String, Expiring> devices = new HashMap<>();
  private final Map<String, Throttle> throttles = new HashMap<>();
  private final Map<String, String> external = new HashMap<>();
  private final List<IdentityCache> caches = new CopyOnWriteArrayList<>();

  /** A change of an account's password, permissions or status evicts its cached checks from {@code cache} at once. */
  @Override
  public void useIdentityCache(IdentityCache cache) {
    caches.add(cache);
  }

  private static String key(String... parts) {
    return String.join("\u0000", parts);
  }

  @Override
  public synchronized boolean create(Account account) {
    String k = key(account.tenant(), account.email());
    if (idByTenantAndEmail.containsKey(k) || byId.containsKey(account.id())) {
      return false;
    }
    idByTenantAndEmail.put(k, account.id());
    byId.put(account.id(), account);
    return true;
  }

  @Override
  public synchronized Optional<Account> findByEmail(String tenant, String email) {
    return Optional.ofNullable(idByTenantAndEmail.get(key(tenant, email))).map(byId::get);
  }

  @Override
  public synchronized Optional<Account> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized void updatePasswordHash(String accountId, String passwordHash, Instant now) {
    change(accountId, a -> with(a, passwordHash, a.status(), a.permissions(), now));
    resetTokens.values().removeIf(t -> t.accountId().equals(accountId));
    devices.values().removeIf(d -> d.accountId().equals(accountId));
    evict(accountId);
  }

  @Override
  public synchronized void rehashPassword(String accountId, String passwordHash, Instant now) {
    change(accountId, a -> with(a, passwordHash, a.status(), a.permissions(), now));
  }

  @Override
  public synchronized void setPermissions(String accountId, Set<String> permissions, Instant now) {
    change(accountId, a -> with(a, a.passwordHash(), a.status(), permissions, now));
    evict(accountId);
  }

  @Override
  public synchronized void setStatus(String accountId, Account.Status status, Instant now) {
    change(accountId, a -> with(a, a.passwordHash(), status, a.permissions(), now));
    evict(accountId);
  }

  private void evict(String accountId) {
    caches.forEach(c -> c.invalidateSubjectLocally(accountId));
  }

  private void change(String accountId, UnaryOperator<Account> update) {
    byId.computeIfPresent(accountId, (id, a) -> update.apply(a));
  }

  private static Account with(
      Account a, String hash, Account.Status status, Set<String> permissions, Instant now) {
    return new Account(
        a.id(),
        a.tenant(),
        a.email(),
        a.displayName(),
        a.avatar(),
        hash,
        status,
        permissions,
        a.createdAt(),
        now);
  }

  @Override
  public synchronized void createResetToken(String tokenHash, String accountId, Instant expiresAt) {
    Instant now = Instant.now();
    resetTokens.values().removeIf(t -> !now.isBefore(t.expiresAt()));
    resetTokens.put(tokenHash, new Expiring(accountId, expiresAt));
  }

  @Override
  public synchronized Optional<String> resetTokenAccount(String tokenHash, Instant now) {
    return live(resetTokens.get(tokenHash), now);
  }

  @Override
  public synchronized Optional<String> consumeResetToken(String tokenHash, Instant now) {
    return live(resetTokens.remove(tokenHash), now);
  }

  private static Optional<String> live(@Nullable Expiring e, Instant now) {
    return e != null && now.isBefore(e.expiresAt()) ? Optional.of(e.accountId()) : Optional.empty();
  }

  @Override
  public synchronized void rememberDevice(
      String idHash, String accountId, Instant expiresAt, int keep) {
    Instant now = Instant.now();
    devices.values().removeIf(d -> !now.isBefore(d.expiresAt()));
    devices.put(idHash, new Expiring(accountId, expiresAt));
    List<Map.Entry<String, Expiring>> mine = new ArrayList<>();
    for (Map.Entry<String, Expiring> e : devices.entrySet()) {
      if (e.getValue().accountId().equals(accountId)) {
        mine.add(e);
      }
    }
    mine.sort(Comparator.comparing((Map.Entry<String, Expiring> e) -> e.getValue().expiresAt()));
    for (int i = 0; i < mine.size() - Math.max(keep, 1); i++) {
      if (!mine.get(i).getKey().equals(idHash)) {
        devices.remove(mine.get(i).getKey());
      }
    }
  }

  @Override
  public synchronized Optional<String> deviceAccount(String idHash, Instant now) {
    return live(devices.get(idHash), now);
  }

  @Override
  public synchronized Throttle throttle(String key, Instant now) {
    return throttles.getOrDefault(key, Throttle.none(now));
  }

  @Override
  public synchronized Throttle updateThrottle(
      String key, Instant now, UnaryOperator<Throttle> change) {
    Throttle next = change.apply(throttles.getOrDefault(key, Throttle.none(now)));
    if (throttles.size() >= MAX_THROTTLES && !throttles.containsKey(key)) {
      // a flood of failures for made-up names must not grow memory without bound, nor erase
      // anyone's recent counters: only those idle for a day and locking nobody go; if that frees
      // nothing, the new key is refused as if locked (the JDBC store has no such bound)
      Instant stale = now.minus(Duration.ofDays(1));
      throttles.values().removeIf(t -> !t.lockedAt(now) && t.windowStart().isBefore(stale));
      if (throttles.size() >= MAX_THROTTLES) {
        return new Throttle(next.failures(), now, Optional.of(now.plus(Duration.ofMinutes(1))));
      }
    }
    throttles.put(key, next);
    return next;
  }

  @Override
  public synchronized void clearFailures(String key) {
    throttles.remove(key);
  }

  @Override
  public synchronized Optional<String> findExternal(String tenant, String issuer, String subject) {
    return Optional.ofNullable(external.get(key(tenant, issuer, subject)));
  }

  @Override
  public synchronized boolean linkExternal(
      String tenant, String issuer, String subject, String accountId, Instant now) {
    return external.putIfAbsent(key(tenant, issuer, subject), accountId) == null;
  }

  @Override
  public synchronized List<Account> list(String tenant, int offset, int limit) {
    return byId.values().stream()
        .filter(a -> a.tenant().equals(tenant))
        .sorted(Comparator.comparing(Account::email))
        .skip(Math.max(offset, 0))
        .limit(Math.max(limit, 0))
        .toList();
  }
}
