package dev.refauth.jdbc;

import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

final class InMemoryPasskeyStoreTest extends PasskeyStoreContract {
  @Override
  @Nullable DataSource freshDatabase() {
    return null;
  }
}
