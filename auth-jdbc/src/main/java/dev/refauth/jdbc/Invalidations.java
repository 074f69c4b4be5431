package dev.refauth.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Tells every node that what it may have cached about a subject is stale: on PostgreSQL a
 * {@code pg_notify} in the changing transaction, so that it is delivered on commit and never for a change
 * that rolled back. Elsewhere (H2: one node) nothing to send.
 */
final class Invalidations {
  /** The PostgreSQL channel; the payload is the subject (account id). */
  static final String CHANNEL = "refauth_invalidate";
  /** The payload that means "everything". */
  static final String ALL = "*";

  private final boolean postgres;

  Invalidations(boolean postgres) {
    this.postgres = postgres;
  }

  boolean postgres() {
    return postgres;
  }

  void subjectChanged(Connection c, String subject) throws SQLException {
    if (postgres && subject != null) {
      try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        s.setString(1, CHANNEL);
        s.setString(2, subject);
        s.execute();
      }
    }
  }
}
