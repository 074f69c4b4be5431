package dev.refauth.jdbc;

import dev.refauth.core.AuthException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Opens refauth's JDBC stores on a {@link DataSource}: migrates the schema with Flyway (its own history
 * table, {@code refauth_schema_history}, so it lives beside the application's tables), then hands out the
 * {@link JdbcAccountStore}, the {@link JdbcTokenStore} and the {@link JdbcLoginAttemptStore}. Works unchanged on embedded H2 and PostgreSQL.
 */
public final class JdbcStores {
  private final JdbcAccountStore accounts;
  private final JdbcTokenStore tokens;
  private final JdbcLoginAttemptStore loginAttempts;

  private JdbcStores(DataSource dataSource) {
    this.accounts = new JdbcAccountStore(dataSource);
    this.tokens = new JdbcTokenStore(dataSource);
    this.loginAttempts = new JdbcLoginAttemptStore(dataSource);
  }

  /**
   * Migrates and opens.
   *
   * @throws AuthException if the database cannot be reached or migrated (the application must not start)
   */
  public static JdbcStores open(DataSource dataSource) {
    try {
      Flyway.configure(JdbcStores.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:dev/refauth/jdbc/migration")
          .table("refauth_schema_history")
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new AuthException("the refauth schema could not be migrated: " + e.getMessage(), e);
    }
    return new JdbcStores(dataSource);
  }

  public JdbcAccountStore accounts() {
    return accounts;
  }

  public JdbcTokenStore tokens() {
    return tokens;
  }

  /** Social sign-in attempts, shared by every node. */
  public JdbcLoginAttemptStore loginAttempts() {
    return loginAttempts;
  }
}
