package dev.refauth.jdbc;

import dev.refauth.mfa.SecondFactorStore;
import dev.refauth.mfa.Totp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Second factors in the database. Each use is one conditional {@code UPDATE} or {@code DELETE}: of two nodes given the
 * same code at once, exactly one sees a row change. Rows go with their account ({@code ON DELETE CASCADE}).
 */
final class JdbcSecondFactorStore implements SecondFactorStore {
  private final Jdbc jdbc;

  JdbcSecondFactorStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public Optional<TotpEnrolment> totp(String accountId) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT sealed_secret, confirmed, last_used_step, since FROM refauth_totp"
                          + " WHERE account_id = ?",
                      accountId);
              ResultSet r = s.executeQuery()) {
            return r.next()
                ? Optional.of(
                    new TotpEnrolment(
                        r.getString(1),
                        r.getBoolean(2),
                        r.getLong(3),
                        Instant.ofEpochMilli(r.getLong(4))))
                : Optional.empty();
          }
        });
  }

  @Override
  public boolean beginTotp(String accountId, String sealedSecret, Instant now) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT confirmed FROM refauth_totp WHERE account_id = ? FOR UPDATE",
                      accountId);
              ResultSet r = s.executeQuery()) {
            if (r.next() && r.getBoolean(1)) {
              return false; // a confirmed one stays: it is removed first
            }
          }
          // an unconfirmed one is replaced (two at once: one insert fails as a duplicate, and the
          // transaction is run again)
          Jdbc.update(c, "DELETE FROM refauth_totp WHERE account_id = ?", accountId);
          Jdbc.update(
              c,
              "INSERT INTO refauth_totp (account_id, sealed_secret, confirmed, last_used_step, since)"
                  + " VALUES (?, ?, FALSE, ?, ?)",
              accountId,
              sealedSecret,
              Totp.NONE_USED,
              now.toEpochMilli());
          return true;
        });
  }

  @Override
  public boolean confirmTotp(
      String accountId, long step, Set<String> recoveryDigests, Instant now) {
    return jdbc.tx(
        c -> {
          int changed =
              Jdbc.update(
                  c,
                  "UPDATE refauth_totp SET confirmed = TRUE, last_used_step = ?, since = ?"
                      + " WHERE account_id = ? AND confirmed = FALSE",
                  step,
                  now.toEpochMilli(),
                  accountId);
          if (changed == 0) {
            return false;
          }
          replace(c, accountId, recoveryDigests);
          return true;
        });
  }

  @Override
  public boolean useStep(String accountId, long step) {
    return jdbc.tx(
            c ->
                Jdbc.update(
                    c,
                    "UPDATE refauth_totp SET last_used_step = ?"
                        + " WHERE account_id = ? AND confirmed = TRUE AND last_used_step < ?",
                    step,
                    accountId,
                    step))
        == 1;
  }

  @Override
  public boolean useRecoveryCode(String accountId, String digest, Instant now) {
    return jdbc.tx(
            c ->
                Jdbc.update(
                    c,
                    "DELETE FROM refauth_recovery_codes WHERE account_id = ? AND digest = ?",
                    accountId,
                    digest))
        == 1;
  }

  @Override
  public boolean hasRecoveryCode(String accountId, String digest) {
    return jdbc.tx(
        c ->
            Jdbc.exists(
                c,
                "SELECT 1 FROM refauth_recovery_codes WHERE account_id = ? AND digest = ?",
                accountId,
                digest));
  }

  @Override
  public void replaceRecoveryCodes(String accountId, Set<String> digests, Instant now) {
    jdbc.tx(
        c -> {
          replace(c, accountId, digests);
          return 0;
        });
  }

  @Override
  public int recoveryCodesLeft(String accountId) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT COUNT(*) FROM refauth_recovery_codes WHERE account_id = ?",
                      accountId);
              ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
          }
        });
  }

  @Override
  public void remove(String accountId) {
    jdbc.tx(
        c -> {
          Jdbc.update(c, "DELETE FROM refauth_recovery_codes WHERE account_id = ?", accountId);
          Jdbc.update(c, "DELETE FROM refauth_totp WHERE account_id = ?", accountId);
          Jdbc.update(c, "DELETE FROM refauth_mfa_pending WHERE account_id = ?", accountId);
          return 0;
        });
  }

  @Override
  public void createPending(String digest, PendingSignIn p) {
    jdbc.tx(
        c ->
            Jdbc.update(
                c,
                "INSERT INTO refauth_mfa_pending (digest, account_id, tenant, remember, expires_at,"
                    + " tries_left, step_up) VALUES (?, ?, ?, ?, ?, ?, ?)",
                digest,
                p.accountId(),
                p.tenant().orElse(null),
                p.remember(),
                p.expires().toEpochMilli(),
                p.triesLeft(),
                p.stepUp()));
  }

  @Override
  public Optional<PendingSignIn> spendTry(String digest, Instant now) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT account_id, tenant, remember, expires_at, tries_left, step_up FROM"
                          + " refauth_mfa_pending WHERE digest = ? AND expires_at > ? AND tries_left > 0"
                          + " FOR UPDATE",
                      digest,
                      now.toEpochMilli());
              ResultSet r = s.executeQuery()) {
            if (!r.next()) {
              return Optional.<PendingSignIn>empty();
            }
            PendingSignIn p =
                new PendingSignIn(
                    r.getString(1),
                    Optional.ofNullable(r.getString(2)),
                    r.getBoolean(3),
                    Instant.ofEpochMilli(r.getLong(4)),
                    r.getInt(5),
                    r.getBoolean(6));
            // conditional: of two nodes spending the last try at once, one changes the row
            int changed =
                Jdbc.update(
                    c,
                    "UPDATE refauth_mfa_pending SET tries_left = tries_left - 1"
                        + " WHERE digest = ? AND tries_left = ?",
                    digest,
                    p.triesLeft());
            return changed == 1 ? Optional.of(p) : Optional.<PendingSignIn>empty();
          }
        });
  }

  @Override
  public boolean finishPending(String digest) {
    return jdbc.tx(c -> Jdbc.update(c, "DELETE FROM refauth_mfa_pending WHERE digest = ?", digest))
        == 1;
  }

  @Override
  public void finishStepUps(String accountId) {
    jdbc.tx(
        c ->
            Jdbc.update(
                c,
                "DELETE FROM refauth_mfa_pending WHERE account_id = ? AND step_up = ?",
                accountId,
                true));
  }

  @Override
  public Failures failures(String accountId, Counter counter) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT failures, last_failure FROM "
                          + table(counter)
                          + " WHERE account_id = ?",
                      accountId);
              ResultSet r = s.executeQuery()) {
            return r.next()
                ? new Failures(r.getInt(1), Instant.ofEpochMilli(r.getLong(2)))
                : new Failures(0, Instant.EPOCH);
          }
        });
  }

  @Override
  public void recordFailure(String accountId, Counter counter, Instant now) {
    jdbc.tx(
        c -> {
          int changed =
              Jdbc.update(
                  c,
                  "UPDATE "
                      + table(counter)
                      + " SET failures = failures + 1, last_failure = ?"
                      + " WHERE account_id = ?",
                  now.toEpochMilli(),
                  accountId);
          if (changed == 0) {
            // two at once: one insert fails as a duplicate, and the transaction is run again
            Jdbc.update(
                c,
                "INSERT INTO "
                    + table(counter)
                    + " (account_id, failures, last_failure) VALUES (?, 1, ?)",
                accountId,
                now.toEpochMilli());
          }
          return 0;
        });
  }

  @Override
  public void clearFailures(String accountId, Counter counter) {
    jdbc.tx(
        c -> Jdbc.update(c, "DELETE FROM " + table(counter) + " WHERE account_id = ?", accountId));
  }

  /** Each purpose's counters in a table of their own (the names are constants, never input). */
  private static String table(Counter counter) {
    return counter == Counter.SIGN_IN ? "refauth_mfa_failures" : "refauth_mfa_change_failures";
  }

  private static void replace(Connection c, String accountId, Set<String> digests)
      throws SQLException {
    Jdbc.update(c, "DELETE FROM refauth_recovery_codes WHERE account_id = ?", accountId);
    for (String d : digests) {
      Jdbc.update(
          c, "INSERT INTO refauth_recovery_codes (account_id, digest) VALUES (?, ?)", accountId, d);
    }
  }
}
