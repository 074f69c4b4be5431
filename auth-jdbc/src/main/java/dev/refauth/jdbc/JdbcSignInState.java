package dev.refauth.jdbc;

import dev.refauth.accounts.AccountStore;
import dev.refauth.accounts.AccountStore.Throttle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The sign-in state of {@link JdbcAccountStore}: the remembered browsers ({@code refauth_devices}) and the throttle
 * counters ({@code refauth_throttle}, updated under a row lock).
 */
final class JdbcSignInState {
  private final Jdbc jdbc;

  JdbcSignInState(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** {@link AccountStore#rememberDevice}. */
  void rememberDevice(String idHash, String accountId, Instant expiresAt, int keep) {
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

  /** {@link AccountStore#deviceAccount}. */
  Optional<String> deviceAccount(String idHash, Instant now) {
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

  /** {@link AccountStore#throttle}. */
  Throttle throttle(String key, Instant now) {
    return jdbc.tx(c -> read(c, key, false).orElse(Throttle.none(now)));
  }

  /** {@link AccountStore#updateThrottle}. */
  Throttle updateThrottle(String key, Instant now, UnaryOperator<Throttle> change) {
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

  /** {@link AccountStore#clearFailures}. */
  void clearFailures(String key) {
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
}
