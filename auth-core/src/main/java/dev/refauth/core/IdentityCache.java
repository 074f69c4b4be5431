package dev.refauth.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.refauth.core.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Caches the outcome of authenticating a credential (identity and permissions) so that a request with a
 * credential seen before costs a hash and a lookup, not a provider call. Backed by Caffeine.
 *
 * <ul>
 *   <li>Keyed by a SHA-256 digest of the exact credential and its scope (the tenant header): only the
 *       same credential hits, and no bearer token is kept on the heap.
 *   <li>Bounded in size; an entry lives at most the configured TTL and never past the credential's own
 *       {@link Authentication#expiresAt()}.
 *   <li>Failures are not cached. Concurrent misses for the same credential cost one provider call. An entry
 *       whose load overlapped an invalidation is not kept: a logout or a permission change during a load never
 *       leaves a stale identity behind.
 *   <li>Invalidation by credential (logout), by subject (password or permission change, account
 *       disabled), or all; {@link InvalidationListener}s hear of each, so that a cluster can broadcast.
 * </ul>
 */
public final class IdentityCache {
  /** The prototype each thread's digest is cloned from (no provider lookup per thread). */
  private static final MessageDigest SHA_256;

  static {
    try {
      SHA_256 = MessageDigest.getInstance("SHA-256");
      SHA_256.clone(); // the JDK's is cloneable: fail at class load, not on a request
    } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Cache<Key, Entry> cache;
  private final Clock clock;
  private final Duration ttl;
  private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();

  /** Bumped before every invalidation: an entry loaded while one ran is not kept (what it read may be stale). */
  private final AtomicLong invalidations = new AtomicLong();

  /** Hears of every local invalidation, e.g. to broadcast it to other nodes. Must be fast and not throw. */
  public interface InvalidationListener {
    /** A credential was invalidated; {@code digest} is its SHA-256, base64url, never the credential. */
    default void credentialInvalidated(String digest) {}

    default void subjectInvalidated(String subject) {}

    default void allInvalidated() {}
  }

  /** Hit and miss counts, load time and size, for the application's metrics. */
  public record Stats(
      long hitCount,
      long missCount,
      double hitRate,
      long loadCount,
      double averageLoadPenaltyNanos,
      long evictionCount,
      long estimatedSize) {}

  /**
   * A credential's raw SHA-256 and its scope. The digest is uniformly distributed, so its first bytes are the
   * hash code: a hit costs one SHA-256, no encoding and no string.
   */
  private static final class Key {
    private final byte[] digest;
    private final String scope;
    private final int hash;

    Key(byte[] digest, String scope) {
      this.digest = digest;
      this.scope = scope;
      this.hash =
          ((digest[0] & 0xff) << 24
                      | (digest[1] & 0xff) << 16
                      | (digest[2] & 0xff) << 8
                      | (digest[3] & 0xff))
                  * 31
              + scope.hashCode();
    }

    boolean hasDigest(byte[] other) {
      return Arrays.equals(digest, other);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && hash == k.hash
          && Arrays.equals(digest, k.digest)
          && scope.equals(k.scope);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private record Entry(Authentication authentication, long expiresAtNanos) {}

  private IdentityCache(Builder b) {
    this.clock = b.clock;
    this.ttl = b.ttl;
    long ttlNanos = b.ttl.toNanos();
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(b.maximumSize)
            // maintenance (replaying reads into the eviction policy, expiry) on the calling thread,
            // amortized and
            // under a try-lock: handing it to the common pool woke a parked thread every few reads
            // (a futex call and,
            // on a busy core, a context switch), which made an average hit cost 0.57 us instead of
            // 0.37 us
            .executor(Runnable::run)
            .ticker(() -> nanos(clock))
            .expireAfter(
                new Expiry<Key, Entry>() {
                  @Override
                  public long expireAfterCreate(Key key, Entry value, long currentTime) {
                    return Math.max(0, Math.min(ttlNanos, value.expiresAtNanos() - currentTime));
                  }

                  @Override
                  public long expireAfterUpdate(
                      Key key, Entry value, long currentTime, long currentDuration) {
                    return expireAfterCreate(key, value, currentTime);
                  }

                  @Override
                  public long expireAfterRead(
                      Key key, Entry value, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .recordStats()
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cached authentication for {@code credential} in {@code scope}, or the loader's answer (cached
   * when present). Concurrent callers for the same key wait for one load.
   */
  public Optional<Authentication> get(
      String credential, String scope, Supplier<Optional<Authentication>> loader) {
    Key key = new Key(sha256(credential), scope == null ? "" : scope);
    long[] loadStarted = {-1};
    Entry e =
        cache.get(
            key,
            k -> {
              loadStarted[0] = invalidations.get();
              return loader
                  .get()
                  .map(
                      a ->
                          new Entry(
                              a,
                              a.expiresAt()
                                  .map(t -> t.toEpochMilli() * 1_000_000L)
                                  .orElse(Long.MAX_VALUE)))
                  .orElse(null);
            });
    if (e != null && loadStarted[0] >= 0 && invalidations.get() != loadStarted[0]) {
      cache
          .asMap()
          .remove(key, e); // a logout or a permission change ran while this loaded: not kept
    }
    return e == null ? Optional.empty() : Optional.of(e.authentication());
  }

  /** Forgets every entry of this credential (all scopes). */
  public void invalidateCredential(String credential) {
    String d = digest(credential);
    invalidateDigest(d);
    listeners.forEach(l -> l.credentialInvalidated(d));
  }

  /** Forgets entries by credential digest without telling listeners: for applying a remote node's invalidation. */
  public void invalidateDigest(String digest) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(digest);
    } catch (IllegalArgumentException notADigest) {
      return; // no credential has it
    }
    invalidations.incrementAndGet();
    cache.asMap().keySet().removeIf(k -> k.hasDigest(raw));
  }

  /** Forgets every entry of this subject (identity id). */
  public void invalidateSubject(String subject) {
    invalidateSubjectLocally(subject);
    listeners.forEach(l -> l.subjectInvalidated(subject));
  }

  /** Forgets a subject's entries without telling listeners: for applying a remote node's invalidation. */
  public void invalidateSubjectLocally(String subject) {
    invalidations.incrementAndGet();
    cache.asMap().values().removeIf(e -> e.authentication().identity().id().equals(subject));
  }

  public void invalidateAll() {
    invalidations.incrementAndGet();
    cache.invalidateAll();
    listeners.forEach(InvalidationListener::allInvalidated);
  }

  public void addListener(InvalidationListener listener) {
    listeners.add(Checks.notNull(listener, "listener"));
  }

  public Stats stats() {
    var s = cache.stats();
    return new Stats(
        s.hitCount(),
        s.missCount(),
        s.hitRate(),
        s.loadCount(),
        s.averageLoadPenalty(),
        s.evictionCount(),
        cache.estimatedSize());
  }

  /** Runs pending maintenance (expiry, eviction) now; for tests and metrics. */
  public void cleanUp() {
    cache.cleanUp();
  }

  public Duration ttl() {
    return ttl;
  }

  /**
   * SHA-256 of a credential, base64url without padding: the cache's key, and the form in which stores keep
   * opaque tokens, so a store's hash can evict a cache entry ({@link #invalidateDigest}).
   */
  public static String digest(String credential) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(credential));
  }

  private static byte[] sha256(String credential) {
    return DIGESTS.get().digest(credential.getBytes(StandardCharsets.UTF_8)); // digest() resets it
  }

  /** One SHA-256 per thread, reused: every request digests its credential, and a clone per call allocated its state. */
  private static final ThreadLocal<MessageDigest> DIGESTS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return (MessageDigest) SHA_256.clone();
            } catch (CloneNotSupportedException e) {
              throw new AuthException("SHA-256 is not cloneable", e);
            }
          });

  /** Now, on this cache's clock: the engine's one clock, which tests move. */
  Instant now() {
    return clock.instant();
  }

  private static long nanos(Clock clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public String toString() {
    return "IdentityCache" + Arrays.asList(ttl, cache.estimatedSize());
  }

  /** Builds an {@link IdentityCache}. */
  public static final class Builder {
    private long maximumSize = 100_000;
    private Duration ttl = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The most entries kept (default 100,000). */
    public Builder maximumSize(long maximumSize) {
      Checks.require(maximumSize >= 0, "maximumSize must not be negative");
      this.maximumSize = maximumSize;
      return this;
    }

    /** The longest an entry lives (default 60 s): the bound on staleness after a change not invalidated explicitly. */
    public Builder ttl(Duration ttl) {
      Checks.require(!ttl.isNegative(), "ttl must not be negative");
      this.ttl = ttl;
      return this;
    }

    /** The clock for expiry; tests pass a movable one. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    public IdentityCache build() {
      return new IdentityCache(this);
    }
  }
}
