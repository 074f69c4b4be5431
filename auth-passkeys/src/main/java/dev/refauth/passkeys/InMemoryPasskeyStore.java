package dev.refauth.passkeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Passkeys in this JVM's memory: development, tests, a single node. One lock makes every change atomic. */
public final class InMemoryPasskeyStore implements PasskeyStore {
  private final Map<String, Passkey> passkeys = new HashMap<>();
  private final Map<String, Ceremony> ceremonies = new HashMap<>();

  @Override
  public synchronized List<Passkey> passkeys(String accountId) {
    List<Passkey> own = new ArrayList<>();
    for (Passkey p : passkeys.values()) {
      if (p.accountId().equals(accountId)) {
        own.add(p);
      }
    }
    own.sort(Comparator.comparing(Passkey::createdAt).thenComparing(Passkey::id));
    return own;
  }

  @Override
  public synchronized Optional<Passkey> passkey(String id) {
    return Optional.ofNullable(passkeys.get(id));
  }

  @Override
  public synchronized boolean add(Passkey passkey) {
    return passkeys.putIfAbsent(passkey.id(), passkey) == null;
  }

  @Override
  public synchronized boolean rename(String accountId, String id, String name) {
    Passkey p = passkeys.get(id);
    if (p == null || !p.accountId().equals(accountId)) {
      return false;
    }
    passkeys.put(
        id,
        new Passkey(
            p.id(),
            p.accountId(),
            p.tenant(),
            name,
            p.credentialData(),
            p.signCount(),
            p.backupEligible(),
            p.createdAt(),
            p.lastUsedAt()));
    return true;
  }

  @Override
  public synchronized boolean remove(String accountId, String id) {
    Passkey p = passkeys.get(id);
    return p != null && p.accountId().equals(accountId) && passkeys.remove(id) != null;
  }

  @Override
  public synchronized boolean used(String id, long seen, long signCount, Instant now) {
    Passkey p = passkeys.get(id);
    if (p == null || p.signCount() != seen) {
      return false;
    }
    passkeys.put(
        id,
        new Passkey(
            p.id(),
            p.accountId(),
            p.tenant(),
            p.name(),
            p.credentialData(),
            signCount,
            p.backupEligible(),
            p.createdAt(),
            Optional.of(now)));
    return true;
  }

  @Override
  public synchronized void begin(String digest, Ceremony ceremony) {
    ceremonies.values().removeIf(c -> !ceremony.expires().isAfter(c.expires().plusSeconds(3600)));
    ceremonies.put(digest, ceremony);
  }

  @Override
  public synchronized Optional<Ceremony> take(String digest, Instant now) {
    Ceremony c = ceremonies.remove(digest);
    return c != null && now.isBefore(c.expires()) ? Optional.of(c) : Optional.empty();
  }
}
