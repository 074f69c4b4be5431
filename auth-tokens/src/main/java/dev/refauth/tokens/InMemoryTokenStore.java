package dev.refauth.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link TokenStore} in this JVM's memory: for one node, development and tests. State is lost on restart
 * (users log in again). Each operation holds one lock, so check-then-act is atomic.
 */
public final class InMemoryTokenStore implements TokenStore {
  private final Object lock = new Object();
  private final Map<String, FamilyState> families = new HashMap<>();

  /** every refresh-token hash ever issued in a live family -> family id */
  private final Map<String, String> tokenToFamily = new HashMap<>();

  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<String, Instant> denied = new HashMap<>();
  private final Map<String, Instant> notBefore = new HashMap<>();

  /** a family begun by an external sign-in -> its provider, and the logout keys it is linked to */
  private final Map<String, String> externalProvider = new HashMap<>();

  private final Map<String, Set<String>> externalKeys = new HashMap<>();
  private final Map<String, String> kept = new HashMap<>();

  private static final class FamilyState {
    final Family family;
    String currentHash;
    @Nullable String previousHash;
    Instant graceUntil = Instant.MIN;
    Instant lastUsed;
    boolean revoked;

    FamilyState(Family family, String currentHash, Instant now) {
      this.family = family;
      this.currentHash = currentHash;
      this.lastUsed = now;
    }
  }

  @Override
  public void createFamily(Family family, String tokenHash, Instant now) {
    synchronized (lock) {
      purge(now);
      families.put(family.id(), new FamilyState(family, tokenHash, now));
      tokenToFamily.put(tokenHash, family.id());
    }
  }

  @Override
  public Rotation rotate(Presentation presented, Instant now, Duration grace, Duration idle) {
    String presentedHash = presented.presentedHash();
    String successorHash = presented.successorHash();
    Optional<String> tenant = presented.tenant();
    synchronized (lock) {
      String id = tokenToFamily.get(presentedHash);
      FamilyState f = id == null ? null : families.get(id);
      if (f == null
          || f.revoked
          || !now.isBefore(f.family.absoluteExpiry())
          || tenant.isPresent() && !tenant.equals(f.family.tenant())) {
        return new Rotation.Invalid();
      }
      if (presentedHash.equals(f.currentHash)) {
        if (!now.isBefore(f.lastUsed.plus(idle))) {
          return new Rotation.Invalid();
        }
        f.previousHash = f.currentHash;
        f.currentHash = successorHash;
        f.graceUntil = now.plus(grace);
        f.lastUsed = now;
        tokenToFamily.put(successorHash, id);
        return new Rotation.Rotated(f.family);
      }
      if (presentedHash.equals(f.previousHash) && now.isBefore(f.graceUntil)) {
        return new Rotation.Grace(f.family);
      }
      f.revoked = true;
      sessions.values().removeIf(s -> s.familyId().equals(id));
      return new Rotation.Reused(f.family);
    }
  }

  @Override
  public boolean isFamilyActive(String familyId, Instant now) {
    synchronized (lock) {
      FamilyState f = families.get(familyId);
      return f != null && !f.revoked && now.isBefore(f.family.absoluteExpiry());
    }
  }

  @Override
  public void revokeFamily(String familyId) {
    synchronized (lock) {
      FamilyState f = families.get(familyId);
      if (f != null) {
        f.revoked = true;
      }
      sessions.values().removeIf(s -> s.familyId().equals(familyId));
    }
  }

  @Override
  public void linkExternal(
      String familyId, String provider, String subjectKey, Optional<String> sessionKey) {
    synchronized (lock) {
      externalProvider.put(familyId, provider);
      Set<String> keys = new HashSet<>();
      keys.add(subjectKey);
      sessionKey.ifPresent(keys::add);
      externalKeys.put(familyId, Set.copyOf(keys));
    }
  }

  @Override
  public void keep(String familyId, String sealed) {
    synchronized (lock) {
      if (families.containsKey(familyId)) {
        kept.put(familyId, sealed);
      }
    }
  }

  @Override
  public Optional<String> kept(String familyId) {
    synchronized (lock) {
      return Optional.ofNullable(kept.get(familyId));
    }
  }

  @Override
  public Optional<String> externalProvider(String familyId) {
    synchronized (lock) {
      return Optional.ofNullable(externalProvider.get(familyId));
    }
  }

  @Override
  public Set<String> revokeExternal(String key) {
    synchronized (lock) {
      Set<String> subjects = new HashSet<>();
      externalKeys.forEach(
          (familyId, keys) -> {
            FamilyState f = families.get(familyId);
            if (keys.contains(key) && f != null) {
              f.revoked = true;
              subjects.add(f.family.subject());
              sessions.values().removeIf(s -> s.familyId().equals(familyId));
            }
          });
      return subjects;
    }
  }

  @Override
  public void revokeSubject(String subject) {
    synchronized (lock) {
      for (FamilyState f : families.values()) {
        if (f.family.subject().equals(subject)) {
          f.revoked = true;
        }
      }
      sessions.values().removeIf(s -> s.subject().equals(subject));
    }
  }

  @Override
  public void createSession(Session session) {
    synchronized (lock) {
      sessions.put(session.idHash(), session);
    }
  }

  @Override
  public Optional<Session> touchSession(String idHash, Instant now, Duration idle) {
    synchronized (lock) {
      Session s = sessions.get(idHash);
      if (s == null) {
        return Optional.empty();
      }
      if (!now.isBefore(s.absoluteExpiry()) || !now.isBefore(s.lastSeen().plus(idle))) {
        sessions.remove(idHash);
        return Optional.empty();
      }
      Session seen = s.seenAt(now);
      sessions.put(idHash, seen);
      return Optional.of(seen);
    }
  }

  @Override
  public Optional<Session> deleteSession(String idHash) {
    synchronized (lock) {
      return Optional.ofNullable(sessions.remove(idHash));
    }
  }

  @Override
  public void deny(String jwtId, Instant until) {
    synchronized (lock) {
      denied.put(jwtId, until);
    }
  }

  @Override
  public boolean claim(String key, Instant until, Instant now) {
    synchronized (lock) {
      if (isDenied(key, now)) {
        return false;
      }
      denied.put(key, until);
      return true;
    }
  }

  @Override
  public boolean isDenied(String jwtId, Instant now) {
    synchronized (lock) {
      Instant until = denied.get(jwtId);
      return until != null
          && now.isBefore(until.plusSeconds(300)); // kept past exp for the verifier's clock skew
    }
  }

  @Override
  public void setNotBefore(String subject, Instant instant) {
    synchronized (lock) {
      notBefore.merge(subject, instant, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  @Override
  public Optional<Instant> notBefore(String subject) {
    synchronized (lock) {
      return Optional.ofNullable(notBefore.get(subject));
    }
  }

  /** Forgets what can no longer matter: expired families, sessions and denylist entries. */
  private void purge(Instant now) {
    families.values().removeIf(f -> !now.isBefore(f.family.absoluteExpiry()));
    externalProvider.keySet().retainAll(families.keySet());
    externalKeys.keySet().retainAll(families.keySet());
    kept.keySet().retainAll(families.keySet());
    tokenToFamily.values().removeIf(id -> !families.containsKey(id));
    sessions.values().removeIf(s -> !now.isBefore(s.absoluteExpiry()));
    denied.values().removeIf(until -> !now.isBefore(until.plusSeconds(300)));
  }
}
