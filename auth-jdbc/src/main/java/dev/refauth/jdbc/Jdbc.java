package dev.refauth.jdbc;

import dev.refauth.core.AuthException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Transactions with retry on serialization failures and deadlocks; every failure becomes an {@link AuthException}. */
final class Jdbc {
  /** A unit of work in one transaction. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** What to do once the current thread's transaction has committed (nothing if it rolls back). */
  private static final ThreadLocal<List<Runnable>> AFTER_COMMIT = new ThreadLocal<>();

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  <T> T tx(Work<T> work) {
    SQLException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      List<Runnable> afterCommit = new ArrayList<>();
      AFTER_COMMIT.set(afterCommit);
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          AFTER_COMMIT.remove();
          afterCommit.forEach(Runnable::run);
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
    AFTER_COMMIT.remove();
    throw new AuthException(
        "the auth database failed: "
            + (last == null ? "?" : last.getSQLState() + " " + last.getClass().getSimpleName()),
        last);
  }

  /** Runs {@code action} once the transaction running on this thread has committed; never if it rolls back. */
  static void afterCommit(Runnable action) {
    List<Runnable> pending = AFTER_COMMIT.get();
    if (pending == null) {
      throw new IllegalStateException("afterCommit outside a transaction");
    }
    pending.add(action);
  }

  static boolean isDuplicate(SQLException e) {
    return "23505".equals(e.getSQLState()) || e instanceof SQLIntegrityConstraintViolationException;
  }

  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    // a duplicate key here is two nodes inserting the same counter at once: the retry finds the row
    return "40001".equals(state) || "40P01".equals(state) || isDuplicate(e);
  }

  static PreparedStatement prepare(Connection c, String sql, @Nullable Object... args)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
    return s;
  }

  /** Whether the query finds a row. */
  static boolean exists(Connection c, String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, args);
        ResultSet r = s.executeQuery()) {
      return r.next();
    }
  }

  static int update(Connection c, String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, args)) {
      return s.executeUpdate();
    }
  }
}
