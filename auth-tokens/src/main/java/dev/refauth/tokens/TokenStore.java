package dev.refauth.tokens;

import dev.refauth.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Server-side token state: refresh-token families, cookie sessions, the access-token denylist and the
 * per-subject "not before" instant. Opaque tokens are never stored, only their hashes
 * ({@code IdentityCache.digest}); nothing a store keeps lets anyone rebuild a live token (a refresh token's
 * successor is derived under a server key by the provider, not kept). Every check-then-act is atomic:
 * {@link #rotate} yields exactly one successor per token whatever the concurrency, across nodes for a shared store.
 *
 * <p>{@link InMemoryTokenStore} serves one node; a JDBC store serves several.
 */
public interface TokenStore {

  /**
   * A refresh family: one login's chain of rotated refresh tokens.
   *
   * @param amr how that login was made (RFC 8176 values, {@code pwd}, {@code otp}, {@code mfa}), carried by every
   *     access token the family issues; empty when not told
   */
  record Family(
      String id,
      String subject,
      Optional<String> tenant,
      Instant createdAt,
      Instant absoluteExpiry,
      List<String> amr) {
    public Family {
      amr = List.copyOf(amr);
    }

    /** A family whose login did not say how it was made. */
    public Family(
        String id,
        String subject,
        Optional<String> tenant,
        Instant createdAt,
        Instant absoluteExpiry) {
      this(id, subject, tenant, createdAt, absoluteExpiry, List.of());
    }
  }

  /**
   * A cookie session.
   *
   * @param amr how its login was made: its family's {@link Family#amr()} (a store may read it from there)
   */
  record Session(
      String idHash,
      String subject,
      Optional<String> tenant,
      String familyId,
      Instant createdAt,
      Instant absoluteExpiry,
      Instant lastSeen,
      List<String> amr) {
    public Session {
      amr = List.copyOf(amr);
    }

    /** A session whose login did not say how it was made. */
    public Session(
        String idHash,
        String subject,
        Optional<String> tenant,
        String familyId,
        Instant createdAt,
        Instant absoluteExpiry,
        Instant lastSeen) {
      this(idHash, subject, tenant, familyId, createdAt, absoluteExpiry, lastSeen, List.of());
    }

    /** This session, seen at {@code now}. */
    public Session seenAt(Instant now) {
      return new Session(idHash, subject, tenant, familyId, createdAt, absoluteExpiry, now, amr);
    }
  }

  /**
   * A refresh token presented for rotation.
   *
   * @param presentedHash the presented token's hash
   * @param successorHash the hash of its successor (which the provider derives from the presented token)
   * @param tenant the tenant the request is for, if any: a family of another tenant does not rotate
   */
  record Presentation(String presentedHash, String successorHash, Optional<String> tenant) {
    public Presentation {
      Checks.notNull(presentedHash, "presentedHash");
      Checks.notNull(successorHash, "successorHash");
      Checks.notNull(tenant, "tenant");
    }

    /** A token presented outside any tenant: the family of any tenant rotates. */
    public static Presentation of(String presentedHash, String successorHash) {
      return new Presentation(presentedHash, successorHash, Optional.empty());
    }

    /** This presentation, for {@code tenant} only. */
    public Presentation withTenant(String tenant) {
      return new Presentation(
          presentedHash, successorHash, Optional.of(Checks.notNull(tenant, "tenant")));
    }
  }

  /** The outcome of presenting a refresh token. */
  sealed interface Rotation {
    /** The token was current: {@code successorHash} is now current. */
    record Rotated(Family family) implements Rotation {}

    /** The token was just rotated by a concurrent request: its successor (which the provider derives again) stands. */
    record Grace(Family family) implements Rotation {}

    /** An older token came back: the whole family is now revoked. */
    record Reused(Family family) implements Rotation {}

    /** Unknown, expired, idle too long or revoked. */
    record Invalid() implements Rotation {}
  }

  /** Starts a family whose current token has {@code tokenHash}. */
  void createFamily(Family family, String tokenHash, Instant now);

  /**
   * Presents a refresh token. Atomically: if current and the family is alive (absolute expiry, idle
   * timeout), its {@code successorHash} becomes current ({@link Rotation.Rotated}); if it is the token rotated
   * within {@code grace} ({@link Rotation.Grace}: concurrent presenters, whose successor is the same since the
   * provider derives it from the presented token), nothing changes; if older, the family is revoked. A family of
   * another tenant than the presentation's (when it has one) is {@link Rotation.Invalid} and left unchanged.
   */
  Rotation rotate(Presentation presented, Instant now, Duration grace, Duration idle);

  /** Whether the family exists and is not revoked or past its absolute expiry. */
  boolean isFamilyActive(String familyId, Instant now);

  void revokeFamily(String familyId);

  /** Revokes every family and session of the subject. */
  void revokeSubject(String subject);

  void createSession(Session session);

  /** The session if alive (absolute expiry and {@code idle} since last seen); marks it seen now. */
  Optional<Session> touchSession(String idHash, Instant now, Duration idle);

  /** Deletes a session; answers it if it existed. */
  Optional<Session> deleteSession(String idHash);

  /** Refuses the access token {@code jwtId} until {@code until} (its expiry). */
  void deny(String jwtId, Instant until);

  boolean isDenied(String jwtId, Instant now);

  /**
   * Denies {@code key} until {@code until} if it is not denied at {@code now}: true for the one call that did, on
   * every node at once (a count kept as keys: one claimed per event, so two requests never take the same one).
   */
  boolean claim(String key, Instant until, Instant now);

  /**
   * Ties a family that an external sign-in began to its provider ({@code provider}, the configured name) and to the
   * keys that provider's logout names: digests of the person's subject there and of its session id, never the values.
   */
  void linkExternal(
      String familyId, String provider, String subjectKey, Optional<String> sessionKey);

  /**
   * Keeps another battery's sealed state with the family ({@link dev.refauth.core.spi.SessionIssuer#keptWithLogin}), at
   * most {@value #KEPT_MAX} characters (the token battery keeps nothing longer).
   */
  void keep(String familyId, String sealed);

  /** The longest value {@link #keep} is given. */
  int KEPT_MAX = 65_536;

  /** What is kept with the family, if anything. */
  Optional<String> kept(String familyId);

  /** The provider whose sign-in began the family, if one did. */
  Optional<String> externalProvider(String familyId);

  /**
   * Revokes every family linked to {@code key} (a subject key or a session key) and deletes their sessions, on every
   * node.
   *
   * @return the subjects of the families revoked (for the identity caches)
   */
  Set<String> revokeExternal(String key);

  /** Tokens of {@code subject} issued before {@code instant} are refused. */
  void setNotBefore(String subject, Instant instant);

  Optional<Instant> notBefore(String subject);
}
