package dev.refauth.jdbc;

import dev.refauth.core.AuthException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Transactions with retry on serialization failures and deadlocks; every failure becomes an {@link AuthException}. */
final class Jdbc {
  /** A unit of work in one transaction. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  <T> T tx(Work<T> work) {
    SQLException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      } catch (SQLException e) {
        last = e;
        if (!retryable(e)) {
          break;
        }
      }
    }
    throw new AuthException("the auth database failed: " + (last == null ? "?" : last.getSQLState() + " " + last.getClass().getSimpleName()), last);
  }

  static boolean isDuplicate(SQLException e) {
    return "23505".equals(e.getSQLState()) || e instanceof java.sql.SQLIntegrityConstraintViolationException;
  }

  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    // a duplicate key here is two nodes inserting the same counter at once: the retry finds the row
    return "40001".equals(state) || "40P01".equals(state) || isDuplicate(e);
  }

  static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
    return s;
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, args)) {
      return s.executeUpdate();
    }
  }
}
