package dev.refauth.jdbc;

import javax.sql.DataSource;

final class PostgresSecondFactorStoreTest extends SecondFactorStoreContract {
  private static int n;

  @Override
  DataSource freshDatabase() {
    return Databases.postgres("second_factor_" + (++n));
  }
}
