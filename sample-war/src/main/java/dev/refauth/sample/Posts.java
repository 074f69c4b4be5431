package dev.refauth.sample;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The sample's posts, kept per tenant: every query is scoped, so another tenant's post does not exist. */
final class Posts {
  record Post(long id, String title) {}

  private static final Map<String, Map<Long, Post>> BY_TENANT = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();

  static {
    add("acme", "Hello, refauth");
    add("acme", "Refine on Jakarta EE");
    add("globex", "Globex quarterly plans");
  }

  private Posts() {}

  static List<Post> list(String tenant) {
    return List.copyOf(posts(tenant).values());
  }

  static Optional<Post> find(String tenant, long id) {
    return Optional.ofNullable(posts(tenant).get(id));
  }

  static Post add(String tenant, String title) {
    Post p = new Post(IDS.incrementAndGet(), title);
    posts(tenant).put(p.id(), p);
    return p;
  }

  static boolean remove(String tenant, long id) {
    return posts(tenant).remove(id) != null;
  }

  private static Map<Long, Post> posts(String tenant) {
    return BY_TENANT.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>());
  }
}
