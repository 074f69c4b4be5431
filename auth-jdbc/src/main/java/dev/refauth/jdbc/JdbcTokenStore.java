package dev.refauth.jdbc;

import dev.refauth.core.IdentityCache;
import dev.refauth.core.spi.IdentityCacheAware;
import dev.refauth.tokens.TokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link TokenStore} on JDBC (H2, PostgreSQL). Rotation locks the family row ({@code SELECT ... FOR UPDATE})
 * so that concurrent presenters of one refresh token, on any node, see one successor. Get one from
 * {@link JdbcStores}.
 */
final class JdbcTokenStore implements TokenStore, IdentityCacheAware {
  private final Jdbc jdbc;
  private final Invalidations invalidations;
  private final java.util.function.Consumer<IdentityCache> cacheRegistry;

  JdbcTokenStore(
      DataSource dataSource,
      Invalidations invalidations,
      java.util.function.Consumer<IdentityCache> cacheRegistry) {
    this.jdbc = new Jdbc(dataSource);
    this.invalidations = invalidations;
    this.cacheRegistry = cacheRegistry;
  }

  /** On PostgreSQL, {@code cache} also hears of revocations made on other nodes (see {@link JdbcStores}). */
  @Override
  public void useIdentityCache(IdentityCache cache) {
    cacheRegistry.accept(cache);
  }

  @Override
  public void createFamily(Family f, String tokenHash, Instant now) {
    jdbc.tx(
        c -> {
          Jdbc.update(
              c,
              "INSERT INTO refauth_refresh_families (id, subject, tenant, created_at, absolute_expiry, current_hash, grace_until,"
                  + " last_used, revoked, amr) VALUES (?, ?, ?, ?, ?, ?, 0, ?, FALSE, ?)",
              f.id(),
              f.subject(),
              f.tenant().orElse(null),
              f.createdAt().toEpochMilli(),
              f.absoluteExpiry().toEpochMilli(),
              tokenHash,
              now.toEpochMilli(),
              f.amr().isEmpty() ? null : String.join(" ", f.amr()));
          return Jdbc.update(
              c,
              "INSERT INTO refauth_refresh_tokens (token_hash, family_id) VALUES (?, ?)",
              tokenHash,
              f.id());
        });
  }

  @Override
  public Rotation rotate(Presentation presented, Instant now, Duration grace, Duration idle) {
    String presentedHash = presented.presentedHash();
    String successorHash = presented.successorHash();
    Optional<String> tenant = presented.tenant();
    return jdbc.tx(
        c -> {
          String familyId;
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT family_id FROM refauth_refresh_tokens WHERE token_hash = ?",
                      presentedHash);
              ResultSet r = s.executeQuery()) {
            if (!r.next()) {
              return new Rotation.Invalid();
            }
            familyId = r.getString(1);
          }
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT * FROM refauth_refresh_families WHERE id = ? FOR UPDATE",
                      familyId);
              ResultSet r = s.executeQuery()) {
            if (!r.next()) {
              return new Rotation.Invalid();
            }
            Family family =
                new Family(
                    familyId,
                    r.getString("subject"),
                    Optional.ofNullable(r.getString("tenant")),
                    Instant.ofEpochMilli(r.getLong("created_at")),
                    Instant.ofEpochMilli(r.getLong("absolute_expiry")),
                    amr(r.getString("amr")));
            if (r.getBoolean("revoked")
                || !now.isBefore(family.absoluteExpiry())
                || tenant.isPresent() && !tenant.equals(family.tenant())) {
              return new Rotation.Invalid();
            }
            if (presentedHash.equals(r.getString("current_hash"))) {
              if (!now.isBefore(Instant.ofEpochMilli(r.getLong("last_used")).plus(idle))) {
                return new Rotation.Invalid();
              }
              Jdbc.update(
                  c,
                  "UPDATE refauth_refresh_families SET previous_hash = current_hash, current_hash = ?,"
                      + " grace_until = ?, last_used = ? WHERE id = ?",
                  successorHash,
                  now.plus(grace).toEpochMilli(),
                  now.toEpochMilli(),
                  familyId);
              Jdbc.update(
                  c,
                  "INSERT INTO refauth_refresh_tokens (token_hash, family_id) VALUES (?, ?)",
                  successorHash,
                  familyId);
              return new Rotation.Rotated(family);
            }
            if (presentedHash.equals(r.getString("previous_hash"))
                && now.isBefore(Instant.ofEpochMilli(r.getLong("grace_until")))) {
              return new Rotation.Grace(family);
            }
            revoke(c, familyId);
            invalidations.subjectChanged(c, family.subject());
            return new Rotation.Reused(family);
          }
        });
  }

  @Override
  public boolean isFamilyActive(String familyId, Instant now) {
    return jdbc.tx(
        c ->
            Jdbc.exists(
                c,
                "SELECT 1 FROM refauth_refresh_families WHERE id = ? AND revoked = FALSE AND absolute_expiry > ?",
                familyId,
                now.toEpochMilli()));
  }

  @Override
  public void revokeFamily(String familyId) {
    jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c, "SELECT subject FROM refauth_refresh_families WHERE id = ?", familyId);
              ResultSet r = s.executeQuery()) {
            if (r.next()) {
              invalidations.subjectChanged(c, r.getString(1));
            }
          }
          return revoke(c, familyId);
        });
  }

  @Override
  public void linkExternal(
      String familyId, String provider, String subjectKey, Optional<String> sessionKey) {
    jdbc.tx(
        c ->
            Jdbc.update(
                c,
                "UPDATE refauth_refresh_families SET external_provider = ?, external_subject_key = ?,"
                    + " external_session_key = ? WHERE id = ?",
                provider,
                subjectKey,
                sessionKey.orElse(null),
                familyId));
  }

  @Override
  public void keep(String familyId, String sealed) {
    jdbc.tx(
        c ->
            Jdbc.update(
                c,
                "UPDATE refauth_refresh_families SET external_kept = ? WHERE id = ?",
                sealed,
                familyId));
  }

  @Override
  public Optional<String> kept(String familyId) {
    return column(familyId, "external_kept");
  }

  @Override
  public Optional<String> externalProvider(String familyId) {
    return column(familyId, "external_provider");
  }

  private Optional<String> column(String familyId, String column) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT " + column + " FROM refauth_refresh_families WHERE id = ?",
                      familyId);
              ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.<String>empty();
          }
        });
  }

  @Override
  public Set<String> revokeExternal(String key) {
    return jdbc.tx(
        c -> {
          Set<String> subjects = new HashSet<>();
          List<String> ids = new ArrayList<>();
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT id, subject FROM refauth_refresh_families WHERE revoked = FALSE"
                          + " AND (external_session_key = ? OR external_subject_key = ?)",
                      key,
                      key);
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              ids.add(r.getString(1));
              subjects.add(r.getString(2));
            }
          }
          for (String id : ids) {
            revoke(c, id);
          }
          // every node's identity cache forgets them (PostgreSQL: NOTIFY at commit)
          for (String subject : subjects) {
            invalidations.subjectChanged(c, subject);
          }
          return subjects;
        });
  }

  @Override
  public void revokeSubject(String subject) {
    jdbc.tx(
        c -> {
          Jdbc.update(
              c, "UPDATE refauth_refresh_families SET revoked = TRUE WHERE subject = ?", subject);
          invalidations.subjectChanged(c, subject);
          return Jdbc.update(c, "DELETE FROM refauth_sessions WHERE subject = ?", subject);
        });
  }

  @Override
  public void createSession(Session s) {
    jdbc.tx(
        c ->
            Jdbc.update(
                c,
                "INSERT INTO refauth_sessions (id_hash, subject, tenant, family_id, created_at, absolute_expiry, last_seen)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                s.idHash(),
                s.subject(),
                s.tenant().orElse(null),
                s.familyId(),
                s.createdAt().toEpochMilli(),
                s.absoluteExpiry().toEpochMilli(),
                s.lastSeen().toEpochMilli()));
  }

  @Override
  public Optional<Session> touchSession(String idHash, Instant now, Duration idle) {
    return jdbc.tx(
        c -> {
          Optional<Session> s = session(c, idHash);
          if (s.isEmpty()) {
            return s;
          }
          Session session = s.get();
          if (!now.isBefore(session.absoluteExpiry())
              || !now.isBefore(session.lastSeen().plus(idle))) {
            Jdbc.update(c, "DELETE FROM refauth_sessions WHERE id_hash = ?", idHash);
            return Optional.empty();
          }
          Jdbc.update(
              c,
              "UPDATE refauth_sessions SET last_seen = ? WHERE id_hash = ?",
              now.toEpochMilli(),
              idHash);
          return Optional.of(session.seenAt(now));
        });
  }

  @Override
  public Optional<Session> deleteSession(String idHash) {
    return jdbc.tx(
        c -> {
          Optional<Session> s = session(c, idHash);
          Jdbc.update(c, "DELETE FROM refauth_sessions WHERE id_hash = ?", idHash);
          if (s.isPresent()) {
            invalidations.subjectChanged(c, s.get().subject());
          }
          return s;
        });
  }

  @Override
  public void deny(String jwtId, Instant until) {
    jdbc.tx(
        c -> {
          Jdbc.update(c, "DELETE FROM refauth_denylist WHERE jti = ?", jwtId);
          return Jdbc.update(
              c,
              "INSERT INTO refauth_denylist (jti, until_at) VALUES (?, ?)",
              jwtId,
              until.toEpochMilli());
        });
  }

  @Override
  public boolean claim(String key, Instant until, Instant now) {
    // two nodes at once: the loser's insert fails as a duplicate, and its retry finds the winner's
    // row
    return jdbc.tx(
        c -> {
          if (denied(c, key, now)) {
            return false;
          }
          // an expired one gives its place up; a live one (another node's, since the select) stays,
          // and this insert fails as a duplicate
          Jdbc.update(
              c,
              "DELETE FROM refauth_denylist WHERE jti = ? AND until_at <= ?",
              key,
              keptAfter(now));
          Jdbc.update(
              c,
              "INSERT INTO refauth_denylist (jti, until_at) VALUES (?, ?)",
              key,
              until.toEpochMilli());
          return true;
        });
  }

  @Override
  public boolean isDenied(String jwtId, Instant now) {
    return jdbc.tx(c -> denied(c, jwtId, now));
  }

  private static boolean denied(Connection c, String key, Instant now) throws SQLException {
    return Jdbc.exists(
        c, "SELECT 1 FROM refauth_denylist WHERE jti = ? AND until_at > ?", key, keptAfter(now));
  }

  /** An entry is kept 5 minutes past its time, for the verifiers' clock skew. */
  private static long keptAfter(Instant now) {
    return now.minusSeconds(300).toEpochMilli();
  }

  @Override
  public void setNotBefore(String subject, Instant instant) {
    jdbc.tx(
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "UPDATE refauth_not_before SET not_before = ? WHERE subject = ? AND not_before < ?",
                  instant.toEpochMilli(),
                  subject,
                  instant.toEpochMilli());
          if (n == 0 && notBefore(c, subject).isEmpty()) {
            Jdbc.update(
                c,
                "INSERT INTO refauth_not_before (subject, not_before) VALUES (?, ?)",
                subject,
                instant.toEpochMilli());
          }
          invalidations.subjectChanged(c, subject);
          return n;
        });
  }

  @Override
  public Optional<Instant> notBefore(String subject) {
    return jdbc.tx(c -> notBefore(c, subject));
  }

  private static Optional<Instant> notBefore(Connection c, String subject) throws SQLException {
    try (PreparedStatement s =
            Jdbc.prepare(
                c, "SELECT not_before FROM refauth_not_before WHERE subject = ?", subject);
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(Instant.ofEpochMilli(r.getLong(1))) : Optional.empty();
    }
  }

  private static int revoke(Connection c, String familyId) throws SQLException {
    Jdbc.update(c, "UPDATE refauth_refresh_families SET revoked = TRUE WHERE id = ?", familyId);
    return Jdbc.update(c, "DELETE FROM refauth_sessions WHERE family_id = ?", familyId);
  }

  private static Optional<Session> session(Connection c, String idHash) throws SQLException {
    try (PreparedStatement s =
            Jdbc.prepare(
                c,
                "SELECT s.*, f.amr FROM refauth_sessions s"
                    + " LEFT JOIN refauth_refresh_families f ON f.id = s.family_id WHERE s.id_hash = ?",
                idHash);
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new Session(
              r.getString("id_hash"),
              r.getString("subject"),
              Optional.ofNullable(r.getString("tenant")),
              r.getString("family_id"),
              Instant.ofEpochMilli(r.getLong("created_at")),
              Instant.ofEpochMilli(r.getLong("absolute_expiry")),
              Instant.ofEpochMilli(r.getLong("last_seen")),
              amr(r.getString("amr"))));
    }
  }

  /** The space-separated {@code amr} column as a list (none for a family made before the column). */
  private static List<String> amr(@Nullable String column) {
    return column == null || column.isBlank() ? List.of() : List.of(column.strip().split(" +"));
  }
}
