package dev.refauth.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthEventQuery;
import dev.refauth.core.spi.AuthEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link AuthEventStore#keepingAtMost}: at most {@code perMinute} events of one kind (type, client address, account or
 * none) kept per minute from the first; the rest are not written. Reads go to the store as they are.
 */
public final class BoundedEventStore implements AuthEventStore {
  private final AuthEventStore store;
  private final int perMinute;
  private final Cache<String, AtomicInteger> counts;

  public BoundedEventStore(AuthEventStore store, int perMinute, Ticker ticker) {
    this.store = store;
    this.perMinute = perMinute;
    this.counts =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .ticker(ticker)
            .build();
  }

  @Override
  public void onEvent(AuthEvent event) {
    String kind = event.type().name() + '\n' + event.address() + '\n' + event.subject().orElse("");
    AtomicInteger n = counts.get(kind, k -> new AtomicInteger());
    if (n.incrementAndGet() <= perMinute) {
      store.onEvent(event);
    }
  }

  @Override
  public List<AuthEvent> find(AuthEventQuery query) {
    return store.find(query);
  }

  @Override
  public List<Count> count(String tenant, Instant from, Instant to, Duration bucket) {
    return store.count(tenant, from, to, bucket);
  }

  @Override
  public int purge(Instant before) {
    return store.purge(before);
  }
}
