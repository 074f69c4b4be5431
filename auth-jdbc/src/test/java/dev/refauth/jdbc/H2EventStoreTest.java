package dev.refauth.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

final class H2EventStoreTest extends AuthEventStoreContract {
  @TempDir Path dir;

  @Override
  DataSource freshDatabase() {
    return Databases.h2(dir);
  }
}
