package dev.refauth.jdbc;

import dev.refauth.core.IdentityCache;
import dev.refauth.core.spi.AuthMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
 *
 * <p>With {@link AuthMetrics} that measure, it also listens on {@link Invalidations#SENT_CHANNEL} and reports how late
 * each notice from another node arrived ({@link AuthMetrics#noticeReceived}); a notice without a send time (from a node
 * of an older version) evicts as ever and is not measured.
 */
final class PgListener implements Runnable, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PgListener.class.getName());
  private static final int POLL_MILLIS = 250;
  private static final long PING_NANOS = 2_000_000_000L;

  private final DataSource dataSource;
  private final List<IdentityCache> caches;
  private final boolean keepCachesDuringOutage;
  private final AuthMetrics metrics;
  private final String node;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean listening;

  /** {@code node}: this node's id, so that its own notices are not measured. */
  PgListener(
      DataSource dataSource,
      List<IdentityCache> caches,
      boolean keepCachesDuringOutage,
      AuthMetrics metrics,
      String node) {
    this.dataSource = dataSource;
    this.caches = caches;
    this.keepCachesDuringOutage = keepCachesDuringOutage;
    this.metrics = metrics;
    this.node = node;
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
          if (!AuthMetrics.isNone(metrics)) {
            s.execute("LISTEN " + Invalidations.SENT_CHANNEL);
          }
        }
        flush("subscribed"); // whatever changed while nobody listened
        listening = true;
        backoff = 250;
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastPing = System.nanoTime();
        while (running) {
          PGNotification[] notes = pg.getNotifications(POLL_MILLIS);
          if (notes != null) {
            long received = System.currentTimeMillis();
            for (PGNotification n : notes) {
              if (Invalidations.SENT_CHANNEL.equals(n.getName())) {
                measure(n.getParameter(), received);
              } else {
                evict(n.getParameter());
              }
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

  private void measure(@Nullable String payload, long received) {
    Duration delay = delay(payload, node, received);
    if (delay != null) {
      try {
        metrics.noticeReceived(delay);
      } catch (RuntimeException e) { // a metrics failure is no lost connection: the caches stay
        LOG.log(System.Logger.Level.DEBUG, "noticeReceived failed: " + e.getClass().getName());
      }
    }
  }

  /**
   * How late a notice with this {@link Invalidations#SENT_CHANNEL} payload arrived at {@code received} (epoch
   * milliseconds by this node's clock): zero when the sender's clock is ahead; null when it is this node's own notice
   * ({@code node}) or the payload cannot be read. The time in the payload is used for nothing else.
   */
  static @Nullable Duration delay(@Nullable String payload, String node, long received) {
    if (payload == null || payload.length() > 200) {
      return null;
    }
    String[] fields = payload.split(" ", 3);
    if (fields.length < 2 || fields[0].isEmpty() || fields[0].equals(node)) {
      return null;
    }
    try {
      long millis = Math.subtractExact(received, Long.parseLong(fields[1]));
      return Duration.ofMillis(Math.max(0, millis));
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
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
