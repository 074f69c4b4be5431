package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts on the default store: embedded H2 in a file. */
final class H2AccountsTest extends AccountsContract {
  @TempDir Path dir;

  @Override
  DataSource freshDatabase() {
    return Databases.h2(dir);
  }

  @Test
  void restart_keepsEverything() throws Exception {
    register("keep@example.com", "a-good-long-passphrase");
    // a new process: new data source on the same file, migrations run again (no-op)
    JdbcStores reopened = JdbcStores.open(Databases.h2(dir));
    assertThat(reopened.accounts().findByEmail("acme", "keep@example.com")).isPresent();
  }
}
