package dev.refauth.jdbc;

import dev.refauth.core.IdentityCache;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on {@link Invalidations#CHANNEL} with one connection of its own and evicts what the notices
 * name from this node's identity caches, within a poll interval (250 ms). When the connection drops it
 * flushes the caches (a missed notice must not leave stale entries: the node then serves nothing from
 * memory that the database could not confirm, unless told to keep them), reconnects with backoff,
 * listens again and flushes once more.
 */
final class PgListener implements Runnable, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PgListener.class.getName());
  private static final int POLL_MILLIS = 250;
  private static final long PING_NANOS = 2_000_000_000L;

  private final DataSource dataSource;
  private final List<IdentityCache> caches;
  private final boolean keepCachesDuringOutage;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean listening;

  PgListener(DataSource dataSource, List<IdentityCache> caches, boolean keepCachesDuringOutage) {
    this.dataSource = dataSource;
    this.caches = caches;
    this.keepCachesDuringOutage = keepCachesDuringOutage;
    this.thread = new Thread(this, "refauth-pg-listener");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether the listener is subscribed now (for health checks). */
  boolean listening() {
    return listening;
  }

  @Override
  public void run() {
    long backoff = 250;
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + Invalidations.CHANNEL);
        }
        flush("subscribed"); // whatever changed while nobody listened
        listening = true;
        backoff = 250;
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastPing = System.nanoTime();
        while (running) {
          PGNotification[] notes = pg.getNotifications(POLL_MILLIS);
          if (notes != null) {
            for (PGNotification n : notes) {
              evict(n.getParameter());
            }
          }
          if (System.nanoTime() - lastPing > PING_NANOS) {
            try (Statement s = c.createStatement()) {
              s.execute("SELECT 1"); // a dead socket shows up here even when no notice comes
            }
            lastPing = System.nanoTime();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          break;
        }
        if (listening || backoff == 250) {
          LOG.log(
              System.Logger.Level.WARNING,
              "refauth invalidation listener lost its connection ("
                  + e.getClass().getSimpleName()
                  + "); "
                  + (keepCachesDuringOutage ? "keeping" : "flushing")
                  + " the identity caches, retrying");
        }
        listening = false;
        if (!keepCachesDuringOutage) {
          flush(null);
        }
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
    listening = false;
  }

  private void evict(String subject) {
    if (Invalidations.ALL.equals(subject)) {
      flush(null);
    } else if (subject != null && !subject.isEmpty()) {
      caches.forEach(cache -> cache.invalidateSubjectLocally(subject));
    }
  }

  private void flush(@Nullable String why) {
    caches.forEach(IdentityCache::invalidateAll);
    if (why != null) {
      LOG.log(System.Logger.Level.DEBUG, "identity caches flushed: " + why);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
