package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class IdentityCacheTest {
  private static Authentication auth(int i) {
    return Authentication.of(
        Identity.builder("user-" + i)
            .name("User Number " + i)
            .email("user" + i + "@example.com")
            .tenant("acme")
            .build(),
        Permissions.of("posts:read", "posts:write", "users:" + (i % 10)));
  }

  @Test
  void sameCredentialHits_otherScopeMisses() {
    IdentityCache cache = IdentityCache.builder().build();
    AtomicInteger loads = new AtomicInteger();
    var a = auth(1);
    assertThat(
            cache.get(
                "token",
                "",
                () -> {
                  loads.incrementAndGet();
                  return Optional.of(a);
                }))
        .contains(a);
    assertThat(
            cache.get(
                "token",
                "",
                () -> {
                  loads.incrementAndGet();
                  return Optional.of(a);
                }))
        .contains(a);
    assertThat(loads).hasValue(1);
    cache.get(
        "token",
        "other-tenant",
        () -> {
          loads.incrementAndGet();
          return Optional.empty();
        });
    cache.get(
        "token2",
        "",
        () -> {
          loads.incrementAndGet();
          return Optional.empty();
        });
    cache.get(
        "toke",
        "",
        () -> {
          loads.incrementAndGet();
          return Optional.empty();
        });
    assertThat(loads).hasValue(4);
  }

  /**
   * A permission change (or a logout) while a load is in flight: the loaded, now stale identity is not kept, so the
   * next request loads again. For each kind of invalidation, beside the control without one.
   */
  @Test
  void invalidationDuringALoad_leavesNoStaleEntry() throws Exception {
    for (String kind : new String[] {"none", "subject", "credential", "all"}) {
      IdentityCache cache = IdentityCache.builder().build();
      AtomicInteger loads = new AtomicInteger();
      CountDownLatch loading = new CountDownLatch(1);
      CountDownLatch changed = new CountDownLatch(1);
      var stale = auth(7);
      Thread request =
          new Thread(
              () ->
                  cache.get(
                      "t",
                      "",
                      () -> {
                        loads.incrementAndGet();
                        loading.countDown();
                        try {
                          changed.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return Optional.of(stale);
                      }));
      request.start();
      loading.await();
      switch (kind) {
        case "subject" -> cache.invalidateSubject("user-7");
        case "credential" -> cache.invalidateCredential("t");
        case "all" -> cache.invalidateAll();
        default -> {}
      }
      changed.countDown();
      request.join();
      cache.get(
          "t",
          "",
          () -> {
            loads.incrementAndGet();
            return Optional.of(auth(7));
          });
      assertThat(loads).as(kind).hasValue(kind.equals("none") ? 1 : 2);
    }
  }

  @Test
  void expiresWithTheCredential() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    TestClock clock = new TestClock(start);
    IdentityCache cache = IdentityCache.builder().clock(clock).ttl(Duration.ofHours(1)).build();
    var a = auth(1).withExpiresAt(start.plusSeconds(30));
    AtomicInteger loads = new AtomicInteger();
    cache.get(
        "t",
        "",
        () -> {
          loads.incrementAndGet();
          return Optional.of(a);
        });
    clock.set(start.plusSeconds(29));
    cache.get(
        "t",
        "",
        () -> {
          loads.incrementAndGet();
          return Optional.of(a);
        });
    assertThat(loads).hasValue(1);
    clock.set(start.plusSeconds(31));
    cache.get(
        "t",
        "",
        () -> {
          loads.incrementAndGet();
          return Optional.of(a);
        });
    assertThat(loads).hasValue(2);
  }
}
