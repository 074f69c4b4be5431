package dev.refauth.jdbc;

import javax.sql.DataSource;

final class PostgresPasskeyStoreTest extends PasskeyStoreContract {
  private static int n;

  @Override
  DataSource freshDatabase() {
    return Databases.postgres("passkeys_" + (++n));
  }
}
