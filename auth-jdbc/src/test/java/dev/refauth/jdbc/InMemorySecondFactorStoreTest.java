package dev.refauth.jdbc;

import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

final class InMemorySecondFactorStoreTest extends SecondFactorStoreContract {
  @Override
  @Nullable DataSource freshDatabase() {
    return null;
  }
}
