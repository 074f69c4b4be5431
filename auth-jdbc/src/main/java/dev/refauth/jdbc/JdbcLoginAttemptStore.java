package dev.refauth.jdbc;

import dev.refauth.social.LoginAttempt;
import dev.refauth.social.LoginAttemptStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Social sign-in attempts in the database, so that a callback may land on any node. A consume is one
 * {@code DELETE}: of two concurrent callbacks with the same state, exactly one gets the attempt. Expired
 * attempts are purged as new ones are saved.
 */
final class JdbcLoginAttemptStore implements LoginAttemptStore {
  private final Jdbc jdbc;

  JdbcLoginAttemptStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public void save(String stateHash, LoginAttempt a) {
    jdbc.tx(
        c ->
            Jdbc.update(
                c,
                "INSERT INTO refauth_login_attempts (state_hash, provider, browser_hash, return_to, tenant, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)",
                stateHash,
                a.provider(),
                a.browserHash(),
                a.to().orElse(null),
                a.tenant().orElse(null),
                a.expiresAt().toEpochMilli())); // expired attempts go with the scheduled purge
  }

  @Override
  public Optional<LoginAttempt> consume(String stateHash, Instant now) {
    return jdbc.tx(
        c -> {
          Optional<LoginAttempt> found;
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT * FROM refauth_login_attempts WHERE state_hash = ? FOR UPDATE",
                      stateHash);
              ResultSet r = s.executeQuery()) {
            found =
                r.next()
                    ? Optional.of(
                        new LoginAttempt(
                            r.getString("provider"),
                            r.getString("browser_hash"),
                            Optional.ofNullable(r.getString("return_to")),
                            Optional.ofNullable(r.getString("tenant")),
                            Instant.ofEpochMilli(r.getLong("expires_at"))))
                    : Optional.empty();
          }
          if (found.isEmpty()
              || Jdbc.update(
                      c, "DELETE FROM refauth_login_attempts WHERE state_hash = ?", stateHash)
                  != 1) {
            return Optional.<LoginAttempt>empty();
          }
          return found.filter(a -> a.expiresAt().isAfter(now));
        });
  }
}
