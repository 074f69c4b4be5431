package dev.refauth.jdbc;

import dev.refauth.core.IdentityCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Tells every node that what it may have cached about a subject is stale: this node's identity caches at commit
 * (on every database: one node, or the one that made the change, sees it at once), and on PostgreSQL the others by
 * a {@code pg_notify} in the changing transaction, delivered on commit. Nothing for a change that rolled back.
 */
final class Invalidations {
  /** The PostgreSQL channel; the payload is the subject (account id). */
  static final String CHANNEL = "refauth_invalidate";

  /** The payload that means "everything". */
  static final String ALL = "*";

  private final boolean postgres;
  private final List<IdentityCache> caches;

  Invalidations(boolean postgres, List<IdentityCache> caches) {
    this.postgres = postgres;
    this.caches = caches;
  }

  void subjectChanged(Connection c, String subject) throws SQLException {
    if (subject == null) {
      return;
    }
    Jdbc.afterCommit(() -> caches.forEach(cache -> cache.invalidateSubjectLocally(subject)));
    if (postgres) {
      try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        s.setString(1, CHANNEL);
        s.setString(2, subject);
        s.execute();
      }
    }
  }
}
