package dev.refauth.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The two databases every store test runs on: a file-based H2 (the default) and a real PostgreSQL. */
final class Databases {
  private static EmbeddedPostgres postgres;

  private Databases() {}

  static DataSource h2(Path dir) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(
        "jdbc:h2:file:"
            + dir.resolve("refauth").toAbsolutePath()
            + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    return ds;
  }

  /** A fresh PostgreSQL database (one server per test JVM, one database per call). */
  static synchronized DataSource postgres(String name) {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        postgres.close();
                      } catch (IOException ignored) {
                        // shutting down
                      }
                    }));
      }
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name);
        s.execute("CREATE DATABASE " + name);
      }
      return postgres.getDatabase("postgres", name);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("embedded PostgreSQL did not start", e);
    }
  }

  /**
   * The stores without their scheduled purge: tests drive time with a clock, the purge runs on the real one (it is
   * driven by hand in {@code AtRestContract}).
   */
  static JdbcStores stores(DataSource ds) {
    return JdbcStores.open(
        ds, JdbcStores.Options.defaults().withPurge(java.time.Duration.ZERO, 1_000));
  }

  /** Accounts of these ids in tenant acme (email {@code <id>@example.com}, no password), made at {@code now}. */
  static void accounts(JdbcStores stores, java.time.Instant now, String... ids) {
    for (String id : ids) {
      stores
          .accounts()
          .create(
              new dev.refauth.accounts.Account(
                  id,
                  "acme",
                  id + "@example.com",
                  id,
                  java.util.Optional.empty(),
                  "!none",
                  dev.refauth.accounts.Account.Status.ACTIVE,
                  java.util.Set.of(),
                  now,
                  now));
    }
  }

  static int count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        var r = s.executeQuery(sql)) {
      r.next();
      return r.getInt(1);
    }
  }
}
