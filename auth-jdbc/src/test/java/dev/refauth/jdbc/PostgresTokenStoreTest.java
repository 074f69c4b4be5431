package dev.refauth.jdbc;

import javax.sql.DataSource;

final class PostgresTokenStoreTest extends TokenStoreContract {
  private static int n;

  @Override
  DataSource freshDatabase() {
    return Databases.postgres("tokens_" + (++n));
  }
}
