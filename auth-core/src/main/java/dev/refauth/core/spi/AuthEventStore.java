package dev.refauth.core.spi;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthEventQuery;
import dev.refauth.core.internal.BoundedEventStore;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.InMemoryEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps {@link AuthEvent}s for administrators to look at: appended as they happen (it is an {@link AuthEventListener}:
 * a provider that offers one through {@link dev.refauth.core.AuthProvider#unwrap} gets the guard's events too), found
 * by tenant, account, type and time, counted per time bucket for a chart, and purged after a retention period. {@code
 * auth-jdbc} keeps them in the database; {@link #inMemory} keeps the latest in memory.
 *
 * <p>Appending must not throw (a failure is logged and the event dropped, never the sign-in); reading and purging
 * throw {@link dev.refauth.core.AuthException} when the store is unavailable.
 */
public interface AuthEventStore extends AuthEventListener {

  /** The events {@code query} finds, newest first. */
  List<AuthEvent> find(AuthEventQuery query);

  /**
   * How many events of each type {@code tenant} had per {@code bucket} from {@code from} (inclusive) to {@code to}
   * (exclusive); buckets start at multiples of {@code bucket} since the epoch, and a bucket without events is absent.
   */
  List<Count> count(String tenant, Instant from, Instant to, Duration bucket);

  /** Deletes the events before {@code before}; answers how many. */
  int purge(Instant before);

  /** The number of events of one type in one time bucket. */
  record Count(Instant start, AuthEvent.Type type, long count) {
    public Count {
      Checks.notNull(start, "start");
      Checks.notNull(type, "type");
      Checks.require(count >= 0, "count must not be negative");
    }
  }

  /** The latest {@code capacity} events, in memory: for tests and a single node without a database. */
  static AuthEventStore inMemory(int capacity) {
    Checks.require(
        capacity >= 1 && capacity <= 10_000_000, "capacity must be from 1 to 10,000,000");
    return new InMemoryEventStore(capacity);
  }

  /**
   * {@code store}, writing at most {@code perMinute} events of one kind a minute: the same type from the same client
   * address about the same account (or about none). A refused attempt is answered cheaply (a throttled sign-in, an
   * unknown refresh token) and each would otherwise be a row, so that a flood from one client could fill the table
   * until the retention ends; past the limit, such events are still heard by every other listener (the JSON lines,
   * the metrics count them all), only not kept. Reads go to {@code store}.
   */
  static AuthEventStore keepingAtMost(int perMinute, AuthEventStore store) {
    Checks.require(perMinute >= 1 && perMinute <= 100_000, "perMinute must be from 1 to 100,000");
    return new BoundedEventStore(Checks.notNull(store, "store"), perMinute, Ticker.systemTicker());
  }

  /** Checks {@code bucket} and the range for {@link #count}. */
  static void checkCount(String tenant, Instant from, Instant to, Duration bucket) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Checks.require(!to.isBefore(from), "to must not be before from");
    Checks.require(
        bucket.compareTo(Duration.ofSeconds(1)) >= 0, "bucket must be at least one second");
    Checks.require(
        Duration.between(from, to).dividedBy(bucket) <= 10_000,
        "at most 10,000 buckets in one count");
  }
}
