package dev.refauth.jdbc;

import dev.refauth.accounts.Account;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Account} and its rows: one in {@code refauth_accounts}, one a permission in
 * {@code refauth_account_permissions}. Every method runs in the caller's transaction.
 */
final class AccountRows {
  private AccountRows() {}

  /** Inserts the account's rows; a duplicate tenant and email fails as the constraint's {@link SQLException}. */
  static void insert(Connection c, Account a) throws SQLException {
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
  }

  static void insertPermissions(Connection c, String accountId, Set<String> permissions)
      throws SQLException {
    for (String p : permissions) {
      Jdbc.update(
          c,
          "INSERT INTO refauth_account_permissions (account_id, permission) VALUES (?, ?)",
          accountId,
          p);
    }
  }

  /** The account of the first row {@code sql} selects from {@code refauth_accounts}, with its permissions. */
  static Optional<Account> one(Connection c, String sql, @Nullable Object... args)
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
}
