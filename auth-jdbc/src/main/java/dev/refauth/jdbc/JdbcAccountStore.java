package dev.refauth.jdbc;

import dev.refauth.accounts.Account;
import dev.refauth.accounts.AccountStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link AccountStore} on JDBC (H2, PostgreSQL). One account per tenant and email by a unique constraint;
 * reset tokens consumed by a conditional update; throttle counters updated under a row lock. Get one from
 * {@link JdbcStores}, which migrates the schema first.
 */
final class JdbcAccountStore implements AccountStore {
  private final Jdbc jdbc;

  private final Invalidations invalidations;

  JdbcAccountStore(DataSource dataSource, Invalidations invalidations) {
    this.jdbc = new Jdbc(dataSource);
    this.invalidations = invalidations;
  }

  @Override
  public boolean create(Account a) {
    return jdbc.tx(
        c -> {
          try {
            Jdbc.update(
                c,
                "INSERT INTO refauth_accounts (id, tenant, email, display_name, avatar, password_hash, status, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(),
                a.tenant(),
                a.email(),
                a.displayName(),
                a.avatar().orElse(null),
                a.passwordHash(),
                a.status().name(),
                a.createdAt().toEpochMilli(),
                a.updatedAt().toEpochMilli());
          } catch (SQLException e) {
            if (Jdbc.isDuplicate(e)) {
              c.rollback();
              return false;
            }
            throw e;
          }
          insertPermissions(c, a.id(), a.permissions());
          return true;
        });
  }

  @Override
  public Optional<Account> findByEmail(String tenant, String email) {
    return jdbc.tx(
        c ->
            one(c, "SELECT * FROM refauth_accounts WHERE tenant = ? AND email = ?", tenant, email));
  }

  @Override
  public Optional<Account> findById(String id) {
    return jdbc.tx(c -> one(c, "SELECT * FROM refauth_accounts WHERE id = ?", id));
  }

  @Override
  public void updatePasswordHash(String accountId, String passwordHash, Instant now) {
    jdbc.tx(
        c -> {
          invalidations.subjectChanged(c, accountId);
          Jdbc.update(
              c,
              "DELETE FROM refauth_reset_tokens WHERE account_id = ?",
              accountId); // every outstanding link dies with it
          Jdbc.update(
              c,
              "DELETE FROM refauth_devices WHERE account_id = ?",
              accountId); // and no browser is trusted from before
          return Jdbc.update(
              c,
              "UPDATE refauth_accounts SET password_hash = ?, updated_at = ? WHERE id = ?",
              passwordHash,
              now.toEpochMilli(),
              accountId);
        });
  }

  @Override
  public void rehashPassword(String accountId, String passwordHash, Instant now) {
    jdbc.tx(
        c ->
            Jdbc.update(
                c,
                "UPDATE refauth_accounts SET password_hash = ?, updated_at = ? WHERE id = ?",
                passwordHash,
                now.toEpochMilli(),
                accountId));
  }

  @Override
  public void setPermissions(String accountId, Set<String> permissions, Instant now) {
    jdbc.tx(
        c -> {
          Jdbc.update(c, "DELETE FROM refauth_account_permissions WHERE account_id = ?", accountId);
          insertPermissions(c, accountId, permissions);
          invalidations.subjectChanged(c, accountId);
          return Jdbc.update(
              c,
              "UPDATE refauth_accounts SET updated_at = ? WHERE id = ?",
              now.toEpochMilli(),
              accountId);
        });
  }

  @Override
  public void setStatus(String accountId, Account.Status status, Instant now) {
    jdbc.tx(
        c -> {
          invalidations.subjectChanged(c, accountId);
          return Jdbc.update(
              c,
              "UPDATE refauth_accounts SET status = ?, updated_at = ? WHERE id = ?",
              status.name(),
              now.toEpochMilli(),
              accountId);
        });
  }

  @Override
  public void createResetToken(String tokenHash, String accountId, Instant expiresAt) {
    jdbc.tx(
        c ->
            Jdbc.update(
                c,
                "INSERT INTO refauth_reset_tokens (token_hash, account_id, expires_at) VALUES (?, ?, ?)",
                tokenHash,
                accountId,
                expiresAt.toEpochMilli()));
  }

  @Override
  public Optional<String> resetTokenAccount(String tokenHash, Instant now) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT account_id FROM refauth_reset_tokens WHERE token_hash = ? AND used_at IS NULL"
                          + " AND expires_at > ?",
                      tokenHash,
                      now.toEpochMilli());
              ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
          }
        });
  }

  @Override
  public Optional<String> consumeResetToken(String tokenHash, Instant now) {
    return jdbc.tx(
        c -> {
          int used =
              Jdbc.update(
                  c,
                  "UPDATE refauth_reset_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
                  now.toEpochMilli(),
                  tokenHash,
                  now.toEpochMilli());
          if (used != 1) {
            return Optional.empty();
          }
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT account_id FROM refauth_reset_tokens WHERE token_hash = ?",
                      tokenHash);
              ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
          }
        });
  }

  @Override
  public void rememberDevice(String idHash, String accountId, Instant expiresAt, int keep) {
    jdbc.tx(
        c -> {
          Jdbc.update(
              c,
              "INSERT INTO refauth_devices (id_hash, account_id, expires_at) VALUES (?, ?, ?)",
              idHash,
              accountId,
              expiresAt.toEpochMilli());
          List<String> older = new ArrayList<>();
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT id_hash FROM refauth_devices WHERE account_id = ? ORDER BY expires_at DESC, id_hash",
                      accountId);
              ResultSet r = s.executeQuery()) {
            for (int i = 0; r.next(); i++) {
              if (i >= keep) {
                older.add(r.getString(1));
              }
            }
          }
          for (String hash : older) {
            Jdbc.update(c, "DELETE FROM refauth_devices WHERE id_hash = ?", hash);
          }
          return older.size();
        });
  }

  @Override
  public Optional<String> deviceAccount(String idHash, Instant now) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT account_id FROM refauth_devices WHERE id_hash = ? AND expires_at > ?",
                      idHash,
                      now.toEpochMilli());
              ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
          }
        });
  }

  @Override
  public Throttle throttle(String key, Instant now) {
    return jdbc.tx(c -> read(c, key, false).orElse(Throttle.none(now)));
  }

  @Override
  public Throttle updateThrottle(String key, Instant now, UnaryOperator<Throttle> change) {
    return jdbc.tx(
        c -> {
          Optional<Throttle> current = read(c, key, true);
          Throttle next = change.apply(current.orElse(Throttle.none(now)));
          if (current.equals(Optional.of(next))) {
            return next;
          }
          Long locked = next.lockedUntil().map(Instant::toEpochMilli).orElse(null);
          // two first failures at once: the loser's insert fails as a duplicate and is retried
          if (current.isEmpty()) {
            Jdbc.update(
                c,
                "INSERT INTO refauth_throttle (throttle_key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)",
                key,
                next.failures(),
                next.windowStart().toEpochMilli(),
                locked);
          } else {
            Jdbc.update(
                c,
                "UPDATE refauth_throttle SET failures = ?, window_start = ?, locked_until = ? WHERE throttle_key = ?",
                next.failures(),
                next.windowStart().toEpochMilli(),
                locked,
                key);
          }
          return next;
        });
  }

  @Override
  public void clearFailures(String key) {
    jdbc.tx(c -> Jdbc.update(c, "DELETE FROM refauth_throttle WHERE throttle_key = ?", key));
  }

  private static Optional<Throttle> read(Connection c, String key, boolean lock)
      throws SQLException {
    String sql =
        "SELECT failures, window_start, locked_until FROM refauth_throttle WHERE throttle_key = ?"
            + (lock ? " FOR UPDATE" : "");
    try (PreparedStatement s = Jdbc.prepare(c, sql, key);
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        return Optional.empty();
      }
      long locked = r.getLong(3);
      return Optional.of(
          new Throttle(
              r.getInt(1),
              Instant.ofEpochMilli(r.getLong(2)),
              r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(locked))));
    }
  }

  private static void insertPermissions(Connection c, String accountId, Set<String> permissions)
      throws SQLException {
    for (String p : permissions) {
      Jdbc.update(
          c,
          "INSERT INTO refauth_account_permissions (account_id, permission) VALUES (?, ?)",
          accountId,
          p);
    }
  }

  private static Optional<Account> one(Connection c, String sql, @Nullable Object... args)
      throws SQLException {
    try (PreparedStatement s = Jdbc.prepare(c, sql, args);
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        return Optional.empty();
      }
      String id = r.getString("id");
      Set<String> permissions = new HashSet<>();
      try (PreparedStatement p =
              Jdbc.prepare(
                  c,
                  "SELECT permission FROM refauth_account_permissions WHERE account_id = ?",
                  id);
          ResultSet pr = p.executeQuery()) {
        while (pr.next()) {
          permissions.add(pr.getString(1));
        }
      }
      return Optional.of(
          new Account(
              id,
              r.getString("tenant"),
              r.getString("email"),
              r.getString("display_name"),
              Optional.ofNullable(r.getString("avatar")),
              r.getString("password_hash"),
              Account.Status.valueOf(r.getString("status")),
              permissions,
              Instant.ofEpochMilli(r.getLong("created_at")),
              Instant.ofEpochMilli(r.getLong("updated_at"))));
    }
  }

  @Override
  public java.util.List<Account> list(String tenant, int offset, int limit) {
    if (offset < 0 || limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("offset must be >= 0 and limit from 1 to 1000");
    }
    return jdbc.tx(
        c -> {
          java.util.List<String> ids = new java.util.ArrayList<>();
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT id FROM refauth_accounts WHERE tenant = ? ORDER BY email LIMIT ? OFFSET ?",
                      tenant,
                      limit,
                      offset);
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              ids.add(r.getString(1));
            }
          }
          java.util.List<Account> out = new java.util.ArrayList<>();
          for (String id : ids) {
            one(c, "SELECT * FROM refauth_accounts WHERE id = ?", id).ifPresent(out::add);
          }
          return out;
        });
  }

  @Override
  public Optional<String> findExternal(String tenant, String issuer, String subject) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT account_id FROM refauth_external_identities WHERE tenant = ? AND issuer = ? AND subject = ?",
                      tenant,
                      issuer,
                      subject);
              ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
          }
        });
  }

  @Override
  public boolean linkExternal(
      String tenant, String issuer, String subject, String accountId, Instant now) {
    return jdbc.tx(
        c -> {
          try {
            Jdbc.update(
                c,
                "INSERT INTO refauth_external_identities (tenant, issuer, subject, account_id, linked_at) VALUES (?, ?, ?, ?, ?)",
                tenant,
                issuer,
                subject,
                accountId,
                now.toEpochMilli());
            return true;
          } catch (SQLException e) {
            if (Jdbc.isDuplicate(e)) {
              c.rollback();
              return false;
            }
            throw e;
          }
        });
  }
}
