package dev.refauth.jdbc;

import dev.refauth.passkeys.Passkey;
import dev.refauth.passkeys.PasskeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Passkeys in the database. A ceremony is taken by one {@code DELETE}, a use recorded by one conditional {@code
 * UPDATE}: of two nodes given the same answer at once, exactly one sees a row change. Rows go with their account.
 */
final class JdbcPasskeyStore implements PasskeyStore {
  private static final String COLUMNS =
      "id, account_id, tenant, name, credential_data, sign_count, backup_eligible, created_at, last_used_at";

  private final Jdbc jdbc;

  JdbcPasskeyStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Passkey> passkeys(String accountId) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT "
                          + COLUMNS
                          + " FROM refauth_passkeys WHERE account_id = ? ORDER BY created_at, id",
                      accountId);
              ResultSet r = s.executeQuery()) {
            List<Passkey> out = new ArrayList<>();
            while (r.next()) {
              out.add(passkey(r));
            }
            return out;
          }
        });
  }

  @Override
  public Optional<Passkey> passkey(String id) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(c, "SELECT " + COLUMNS + " FROM refauth_passkeys WHERE id = ?", id);
              ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(passkey(r)) : Optional.<Passkey>empty();
          }
        });
  }

  @Override
  public boolean add(Passkey p) {
    return jdbc.tx(
        c -> {
          try (PreparedStatement s =
                  Jdbc.prepare(c, "SELECT 1 FROM refauth_passkeys WHERE id = ?", p.id());
              ResultSet r = s.executeQuery()) {
            if (r.next()) {
              return false;
            }
          }
          Jdbc.update(
              c,
              "INSERT INTO refauth_passkeys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              p.id(),
              p.accountId(),
              p.tenant().orElse(null),
              p.name(),
              p.credentialData(),
              p.signCount(),
              p.backupEligible(),
              p.createdAt().toEpochMilli(),
              p.lastUsedAt().map(Instant::toEpochMilli).orElse(null));
          return true;
        });
  }

  @Override
  public boolean rename(String accountId, String id, String name) {
    return jdbc.tx(
            c ->
                Jdbc.update(
                    c,
                    "UPDATE refauth_passkeys SET name = ? WHERE id = ? AND account_id = ?",
                    name,
                    id,
                    accountId))
        == 1;
  }

  @Override
  public boolean remove(String accountId, String id) {
    return jdbc.tx(
            c ->
                Jdbc.update(
                    c,
                    "DELETE FROM refauth_passkeys WHERE id = ? AND account_id = ?",
                    id,
                    accountId))
        == 1;
  }

  @Override
  public boolean used(String id, long seen, long signCount, Instant now) {
    return jdbc.tx(
            c ->
                Jdbc.update(
                    c,
                    "UPDATE refauth_passkeys SET sign_count = ?, last_used_at = ?"
                        + " WHERE id = ? AND sign_count = ?",
                    signCount,
                    now.toEpochMilli(),
                    id,
                    seen))
        == 1;
  }

  @Override
  public void begin(String digest, Ceremony ceremony) {
    jdbc.tx(
        c ->
            Jdbc.update(
                c,
                "INSERT INTO refauth_passkey_ceremonies (digest, kind, account_id, tenant, challenge, remember,"
                    + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                digest,
                ceremony.kind().name(),
                ceremony.accountId().orElse(null),
                ceremony.tenant().orElse(null),
                ceremony.challenge(),
                ceremony.remember(),
                ceremony.expires().toEpochMilli()));
  }

  @Override
  public Optional<Ceremony> take(String digest, Instant now) {
    return jdbc.tx(
        c -> {
          Optional<Ceremony> found;
          try (PreparedStatement s =
                  Jdbc.prepare(
                      c,
                      "SELECT kind, account_id, tenant, challenge, remember, expires_at"
                          + " FROM refauth_passkey_ceremonies WHERE digest = ?",
                      digest);
              ResultSet r = s.executeQuery()) {
            found =
                r.next()
                    ? Optional.of(
                        new Ceremony(
                            Kind.valueOf(r.getString(1)),
                            Optional.ofNullable(r.getString(2)),
                            Optional.ofNullable(r.getString(3)),
                            r.getString(4),
                            r.getBoolean(5),
                            Instant.ofEpochMilli(r.getLong(6))))
                    : Optional.empty();
          }
          // the delete decides: of two nodes taking it at once, one deletes the row
          int deleted =
              Jdbc.update(c, "DELETE FROM refauth_passkey_ceremonies WHERE digest = ?", digest);
          return found.filter(x -> deleted == 1 && now.isBefore(x.expires()));
        });
  }

  private static Passkey passkey(ResultSet r) throws SQLException {
    long lastUsed = r.getLong(9);
    boolean never = r.wasNull();
    return new Passkey(
        r.getString(1),
        r.getString(2),
        Optional.ofNullable(r.getString(3)),
        r.getString(4),
        r.getString(5),
        r.getLong(6),
        r.getBoolean(7),
        Instant.ofEpochMilli(r.getLong(8)),
        never ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastUsed)));
  }
}
