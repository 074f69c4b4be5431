package dev.refauth.launcher;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The sample's database, as a server would provide it: the pool the launcher binds under the name the WAR's
 * {@code web.xml} refers to ({@code java:comp/env/jdbc/refauth}). An H2 file in the data folder, or the shared
 * database of {@value SampleLauncher#JDBC_URL_PROPERTY} (PostgreSQL for several nodes). Waits at most 2 s for a
 * connection, so that a database outage answers 503 quickly instead of holding requests.
 */
final class SampleDatabase implements AutoCloseable {
  private final HikariDataSource pool;

  private SampleDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Opens the pool (lazily: no connection is made before the first use).
   *
   * @throws IllegalArgumentException if the JDBC URL is neither PostgreSQL nor H2
   */
  static SampleDatabase open(Path data) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("refauth-sample");
    c.setMaximumPoolSize(10);
    c.setConnectionTimeout(2_000);
    c.setValidationTimeout(1_000);
    // connections are made when the application asks, not here: a bad setting fails its start, not
    // this one
    c.setInitializationFailTimeout(-1);
    String url = setting(SampleLauncher.JDBC_URL_PROPERTY, "REFAUTH_JDBC_URL");
    if (url == null) {
      c.setJdbcUrl(
          "jdbc:h2:file:"
              + data.resolve("refauth").toAbsolutePath()
              + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
      c.setDriverClassName("org.h2.Driver");
      return new SampleDatabase(new HikariDataSource(c));
    }
    if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException(
          SampleLauncher.JDBC_URL_PROPERTY + " must be a jdbc:postgresql: (or jdbc:h2:) URL");
    }
    c.setJdbcUrl(url);
    c.setDriverClassName(
        url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "org.h2.Driver");
    String user = setting(SampleLauncher.JDBC_USER_PROPERTY, "REFAUTH_JDBC_USER");
    if (user != null) {
      c.setUsername(user);
    }
    String password = setting(SampleLauncher.JDBC_PASSWORD_PROPERTY, "REFAUTH_JDBC_PASSWORD");
    if (password != null) {
      c.setPassword(password);
    }
    return new SampleDatabase(new HikariDataSource(c));
  }

  DataSource dataSource() {
    return pool;
  }

  /** Closes the pool; an embedded H2 is shut down first, so that its file is free for the next start in this JVM. */
  @Override
  public void close() {
    if (pool.getJdbcUrl().startsWith("jdbc:h2:")) {
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        // closing anyway
      }
    }
    pool.close();
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v.strip();
  }
}
