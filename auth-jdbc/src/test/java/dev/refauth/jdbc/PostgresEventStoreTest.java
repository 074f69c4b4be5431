package dev.refauth.jdbc;

import javax.sql.DataSource;

final class PostgresEventStoreTest extends AuthEventStoreContract {
  private static int n;

  @Override
  DataSource freshDatabase() {
    return Databases.postgres("events_" + (++n));
  }
}
