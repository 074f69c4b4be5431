package dev.refauth.core.internal;

import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthEventQuery;
import dev.refauth.core.spi.AuthEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link AuthEventStore#inMemory}: a bounded queue, oldest dropped first. */
public final class InMemoryEventStore implements AuthEventStore {
  private final int capacity;
  private final Deque<AuthEvent> events = new ArrayDeque<>();

  public InMemoryEventStore(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized void onEvent(AuthEvent event) {
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(event);
  }

  @Override
  public synchronized List<AuthEvent> find(AuthEventQuery query) {
    List<AuthEvent> out = new ArrayList<>();
    for (AuthEvent e : events) {
      if (query.matches(e)) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparing(AuthEvent::at).reversed());
    return List.copyOf(out.subList(0, Math.min(out.size(), query.limit())));
  }

  @Override
  public synchronized List<Count> count(String tenant, Instant from, Instant to, Duration bucket) {
    AuthEventStore.checkCount(tenant, from, to, bucket);
    long size = bucket.toMillis();
    Map<Long, Map<AuthEvent.Type, Long>> buckets = new TreeMap<>();
    for (AuthEvent e : events) {
      if (e.tenant().equals(tenant) && !e.at().isBefore(from) && e.at().isBefore(to)) {
        long start = Math.floorDiv(e.at().toEpochMilli(), size) * size;
        buckets.computeIfAbsent(start, k -> new TreeMap<>()).merge(e.type(), 1L, Long::sum);
      }
    }
    List<Count> out = new ArrayList<>();
    buckets.forEach(
        (start, byType) ->
            byType.forEach((type, n) -> out.add(new Count(Instant.ofEpochMilli(start), type, n))));
    return List.copyOf(out);
  }

  @Override
  public synchronized int purge(Instant before) {
    int n = 0;
    for (Iterator<AuthEvent> i = events.iterator(); i.hasNext(); ) {
      if (i.next().at().isBefore(before)) {
        i.remove();
        n++;
      }
    }
    return n;
  }
}
