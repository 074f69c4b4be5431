package dev.refauth.jdbc;

import dev.refauth.accounts.Account;
import dev.refauth.accounts.AccountStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * {@link AccountStore} on JDBC (H2, PostgreSQL). One account per tenant and email by a unique constraint;
 * reset tokens consumed by a conditional update; throttle counters updated under a row lock. Get one from
 * {@link JdbcStores}, which migrates the schema first.
 */
final class JdbcAccountStore implements AccountStore {
  private final Jdbc jdbc;
  private final Invalidations invalidations;
  private final JdbcSignInState signInState;

  JdbcAccountStore(DataSource dataSource, Invalidations invalidations) {
    this.jdbc = new Jdbc(dataSource);
    this.invalidations = invalidations;
    this.signInState = new JdbcSignInState(jdbc);
  }

  @Override
  public boolean create(Account a) {
    return jdbc.tx(
        c -> {
          try {
            AccountRows.insert(c, a);
          } catch (SQLException e) {
            if (Jdbc.isDuplicate(e)) {
              c.rollback();
              return false;
            }
            throw e;
          }
          AccountRows.insertPermissions(c, a.id(), a.permissions());
          return true;
        });
  }

  @Override
  public Optional<Account> findByEmail(String tenant, String email) {
    return jdbc.tx(
        c ->
            AccountRows.one(
                c, "SELECT * FROM refauth_accounts WHERE tenant = ? AND email = ?", tenant, email));
  }

  @Override
  public Optional<Account> findById(String id) {
    return jdbc.tx(c -> AccountRows.one(c, "SELECT * FROM refauth_accounts WHERE id = ?", id));
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
          AccountRows.insertPermissions(c, accountId, permissions);
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
    signInState.rememberDevice(idHash, accountId, expiresAt, keep);
  }

  @Override
  public Optional<String> deviceAccount(String idHash, Instant now) {
    return signInState.deviceAccount(idHash, now);
  }

  @Override
  public Throttle throttle(String key, Instant now) {
    return signInState.throttle(key, now);
  }

  @Override
  public Throttle updateThrottle(String key, Instant now, UnaryOperator<Throttle> change) {
    return signInState.updateThrottle(key, now, change);
  }

  @Override
  public void clearFailures(String key) {
    signInState.clearFailures(key);
  }

  @Override
  public List<Account> list(String tenant, int offset, int limit) {
    if (offset < 0 || limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("offset must be >= 0 and limit from 1 to 1000");
    }
    return jdbc.tx(
        c -> {
          List<String> ids = new ArrayList<>();
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
          List<Account> out = new ArrayList<>();
          for (String id : ids) {
            AccountRows.one(c, "SELECT * FROM refauth_accounts WHERE id = ?", id)
                .ifPresent(out::add);
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
