package dev.refauth.jdbc;

import dev.refauth.core.IdentityCache;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * Tells every node that what it may have cached about a subject is stale: this node's identity caches at commit
 * (on every database: one node, or the one that made the change, sees it at once), and on PostgreSQL the others by
 * a {@code pg_notify} in the changing transaction, delivered on commit. Nothing for a change that rolled back.
 *
 * <p>On PostgreSQL each notice on {@link #CHANNEL} (its payload the subject, as ever, so that nodes of an older
 * version still evict) goes with one on {@link #SENT_CHANNEL} in the same transaction that says which node sent it
 * and when, by which the other nodes measure how late notices arrive. That one is a measurement only: nothing is
 * evicted, or decided, by it.
 */
final class Invalidations {
  /** The PostgreSQL channel; the payload is the subject (account id). */
  static final String CHANNEL = "refauth_invalidate";

  /**
   * The channel of the send times: the payload is the sending node's id, a space and the send time in epoch
   * milliseconds by the sender's clock (more fields may follow, after a space).
   */
  static final String SENT_CHANNEL = "refauth_invalidate_sent";

  /** The payload that means "everything". */
  static final String ALL = "*";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean postgres;
  private final List<IdentityCache> caches;
  private final String node;

  Invalidations(boolean postgres, List<IdentityCache> caches, String node) {
    this.postgres = postgres;
    this.caches = caches;
    this.node = node;
  }

  /** An id for one node's stores: random, so that a node knows its own notices. */
  static String newNodeId() {
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  /** The {@link #SENT_CHANNEL} payload of a notice {@code node} sends at {@code millis}. */
  static String sent(String node, long millis) {
    return node + " " + millis;
  }

  void subjectChanged(Connection c, String subject) throws SQLException {
    if (subject == null) {
      return;
    }
    Jdbc.afterCommit(() -> caches.forEach(cache -> cache.invalidateSubjectLocally(subject)));
    if (postgres) {
      try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?), pg_notify(?, ?)")) {
        s.setString(1, CHANNEL);
        s.setString(2, subject);
        s.setString(3, SENT_CHANNEL);
        s.setString(4, sent(node, System.currentTimeMillis()));
        s.execute();
      }
    }
  }
}
