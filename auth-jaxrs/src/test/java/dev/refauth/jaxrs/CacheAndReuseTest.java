package dev.refauth.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.IdentityCache;
import dev.refauth.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The identity cache over HTTP: hits, TTL with a movable clock, invalidation, one load for concurrent misses; and reuse of the servlet filter's result. */
final class CacheAndReuseTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T00:00:00Z"));
  private CountingProvider provider;
  private AuthGuard guard;
  private JerseyServer server;

  private void start(boolean behindFilter, IdentityCache cache) throws Exception {
    provider =
        new CountingProvider(
            dev.refauth.accounts.InMemoryAuthProvider.builder()
                .hasher(dev.refauth.accounts.PasswordHasher.argon2id(1024, 1, 1))
                .clock(clock)
                .secureCookies(false)
                .user("admin@example.com", "demo-admin-pass", "Ada Admin", "admin", "posts:*")
                .user("user@example.com", "demo-user-pass", "Uma User", "posts:read")
                .build());
    guard = AuthGuard.builder(provider).identityCache(cache).build();
    server = new JerseyServer(guard, behindFilter, Map.of());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String token(String email, String password) {
    return (String)
        provider
            .login(
                AuthParams.of(Map.of("email", email, "password", password)),
                AuthRequest.builder("POST", "/").build())
            .data("accessToken")
            .orElseThrow();
  }

  private int get(String token) throws Exception {
    return server.get("/api/posts", "Authorization", "Bearer " + token).statusCode();
  }

  @Test
  void hit_thenTtlExpiryWithTheClock() throws Exception {
    start(false, IdentityCache.builder().clock(clock).ttl(Duration.ofSeconds(60)).build());
    String t = token("user@example.com", "demo-user-pass");
    assertThat(get(t)).isEqualTo(200);
    assertThat(get(t)).isEqualTo(200);
    assertThat(provider.checks).hasValue(1);
    clock.advance(Duration.ofSeconds(59));
    assertThat(get(t)).isEqualTo(200);
    assertThat(provider.checks).as("still within TTL").hasValue(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(get(t)).isEqualTo(200);
    assertThat(provider.checks).as("TTL passed").hasValue(2);
    assertThat(guard.cache().stats().hitCount()).isEqualTo(2);
  }

  @Test
  void neverCachedBeyondTheCredentialsExpiry() throws Exception {
    start(false, IdentityCache.builder().clock(clock).ttl(Duration.ofDays(1)).build());
    String t = token("user@example.com", "demo-user-pass"); // the in-memory token lives 1 h
    assertThat(get(t)).isEqualTo(200);
    clock.advance(Duration.ofMinutes(59));
    assertThat(get(t)).isEqualTo(200);
    assertThat(provider.checks).hasValue(1);
    clock.advance(Duration.ofMinutes(2));
    assertThat(get(t)).isEqualTo(401);
  }

  @Test
  void failuresAreNotCached() throws Exception {
    start(false, IdentityCache.builder().clock(clock).build());
    for (int i = 0; i < 3; i++) {
      assertThat(get("forged-token")).isEqualTo(401);
    }
    assertThat(provider.checks).hasValue(3);
    assertThat(guard.cache().stats().estimatedSize()).isZero();
  }

  @Test
  void invalidation_byCredential_andBySubject() throws Exception {
    start(false, IdentityCache.builder().clock(clock).build());
    String a1 = token("user@example.com", "demo-user-pass");
    String a2 = token("user@example.com", "demo-user-pass");
    String b = token("admin@example.com", "demo-admin-pass");
    get(a1);
    get(a2);
    get(b);
    assertThat(provider.checks).hasValue(3);
    guard.cache().invalidateCredential(a1);
    get(a1);
    get(a2);
    get(b);
    assertThat(provider.checks).as("only a1 was reloaded").hasValue(4);
    guard.cache().invalidateSubject("user@example.com");
    get(a1);
    get(a2);
    get(b);
    assertThat(provider.checks)
        .as("both of the user's entries reloaded, the admin's kept")
        .hasValue(6);
  }

  @Test
  void invalidation_listenersHearOfIt() throws Exception {
    start(false, IdentityCache.builder().clock(clock).build());
    List<String> heard = new ArrayList<>();
    guard
        .cache()
        .addListener(
            new IdentityCache.InvalidationListener() {
              @Override
              public void subjectInvalidated(String subject) {
                heard.add("subject:" + subject);
              }

              @Override
              public void credentialInvalidated(String digest) {
                heard.add("digest:" + digest.length());
              }
            });
    guard.cache().invalidateSubject("user@example.com");
    guard.cache().invalidateCredential("some-token");
    assertThat(heard).containsExactly("subject:user@example.com", "digest:43");
  }

  @Test
  void concurrentMisses_oneProviderCall() throws Exception {
    start(false, IdentityCache.builder().clock(clock).build());
    String t = token("user@example.com", "demo-user-pass");
    provider.checkDelayMillis = 300;
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return get(t);
                }));
      }
      go.countDown();
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(provider.checks).hasValue(1);
  }

  @Test
  void behindTheServletFilter_noDoubleCheck() throws Exception {
    // a cache that keeps nothing: every check shows up in the count
    start(true, IdentityCache.builder().maximumSize(0).build());
    String t = token("user@example.com", "demo-user-pass");
    HttpResponse<String> r = server.get("/api/me", "Authorization", "Bearer " + t);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(provider.checks).as("the servlet filter checked; JAX-RS reused it").hasValue(1);
    HttpResponse<String> forbidden =
        server.get("/api/cls/admin", "Authorization", "Bearer " + t, "Accept", "application/json");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(provider.checks).hasValue(2);
    assertThat(server.get("/api/posts", "Accept", "application/json").statusCode()).isEqualTo(401);
  }
}
