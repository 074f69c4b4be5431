package dev.refauth.jdbc;

import javax.sql.DataSource;

final class PostgresAtRestTest extends AtRestContract {
  private static int n;

  @Override
  DataSource freshDatabase() {
    return Databases.postgres("at_rest_" + (++n));
  }
}
