package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.internal.BoundedEventStore;
import dev.refauth.core.internal.CurrentRequest;
import dev.refauth.core.spi.AuthEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory event store, the query's rules, and the request id events carry. */
final class EventStoreTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private static AuthEvent at(AuthEvent.Type type, String subject, String tenant, Instant at) {
    return new AuthEvent(
        type, Optional.of(subject), tenant, "10.0.0.1", at, type.defaultMethod(), "");
  }

  @Test
  void find_isNewestFirst_oneTenantOnly_filtered_andLimited() {
    AuthEventStore store = AuthEventStore.inMemory(100);
    store.onEvent(at(AuthEvent.Type.SIGNED_IN, "a", "acme", T0));
    store.onEvent(at(AuthEvent.Type.SIGN_IN_FAILED, "a", "acme", T0.plusSeconds(1)));
    store.onEvent(at(AuthEvent.Type.SIGN_IN_FAILED, "b", "acme", T0.plusSeconds(2)));
    store.onEvent(at(AuthEvent.Type.SIGN_IN_FAILED, "g", "globex", T0.plusSeconds(3)));
    store.onEvent(at(AuthEvent.Type.SIGNED_IN, "n", "", T0.plusSeconds(4)));
    assertThat(store.find(AuthEventQuery.of("acme")))
        .extracting(e -> e.subject().orElseThrow())
        .containsExactly("b", "a", "a");
    assertThat(store.find(AuthEventQuery.of("")))
        .extracting(e -> e.subject().orElseThrow())
        .containsExactly("n");
    assertThat(store.find(AuthEventQuery.of("acme").withSubject("a")))
        .extracting(AuthEvent::type)
        .containsExactly(AuthEvent.Type.SIGN_IN_FAILED, AuthEvent.Type.SIGNED_IN);
    assertThat(store.find(AuthEventQuery.of("acme").withTypes(Set.of(AuthEvent.Type.SIGNED_IN))))
        .hasSize(1);
    assertThat(store.find(AuthEventQuery.of("acme").between(T0.plusSeconds(1), T0.plusSeconds(2))))
        .extracting(e -> e.subject().orElseThrow())
        .containsExactly("a"); // from inclusive, to exclusive
    assertThat(store.find(AuthEventQuery.of("acme").withLimit(1))).hasSize(1);
  }

  @Test
  void count_perBucketAndType_andPurge_andTheOldestGoFirst() {
    AuthEventStore store = AuthEventStore.inMemory(3);
    store.onEvent(at(AuthEvent.Type.SIGNED_IN, "a", "acme", T0.minusSeconds(10)));
    store.onEvent(at(AuthEvent.Type.SIGNED_IN, "a", "acme", T0));
    store.onEvent(at(AuthEvent.Type.SIGNED_IN, "a", "acme", T0.plusSeconds(3599)));
    store.onEvent(at(AuthEvent.Type.SIGN_IN_FAILED, "a", "acme", T0.plusSeconds(3600)));
    assertThat(
            store.count(
                "acme",
                T0.minus(Duration.ofHours(1)),
                T0.plus(Duration.ofHours(2)),
                Duration.ofHours(1)))
        .containsExactly(
            new AuthEventStore.Count(T0, AuthEvent.Type.SIGNED_IN, 2),
            new AuthEventStore.Count(T0.plusSeconds(3600), AuthEvent.Type.SIGN_IN_FAILED, 1));
    assertThat(store.count("globex", T0, T0.plusSeconds(7200), Duration.ofHours(1))).isEmpty();
    assertThat(store.purge(T0.plusSeconds(3600))).isEqualTo(2);
    assertThat(store.find(AuthEventQuery.of("acme"))).hasSize(1);
  }

  @Test
  void badQueries_failFast() {
    assertThatThrownBy(() -> AuthEventQuery.of("acme").withLimit(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthEventQuery.of("acme").withLimit(1001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthEventQuery.of("acme").between(T0, T0.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    AuthEventStore store = AuthEventStore.inMemory(1);
    assertThatThrownBy(() -> store.count("acme", T0, T0.plusSeconds(1), Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> store.count("acme", T0, T0.plus(Duration.ofDays(3650)), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRequestId_isTheHeadersWhenWellFormed_elseMadeUp_sharedByNestedScopes_andGoneAfter() {
    AuthRequest good =
        AuthRequest.builder("POST", "/auth/login").header("X-Request-Id", "abc-123_45.67").build();
    AuthRequest forged =
        AuthRequest.builder("POST", "/auth/login")
            .header("X-Request-Id", "abc\r\n{\"type\":\"x\"}")
            .build();
    CurrentRequest c = CurrentRequest.enter(good);
    try {
      assertThat(new AuthEvent(AuthEvent.Type.SIGNED_IN, Optional.empty(), "", "a", T0).requestId())
          .isEqualTo("abc-123_45.67");
    } finally {
      c.close();
    }
    CurrentRequest outer = CurrentRequest.enter(forged);
    String inner;
    try {
      CurrentRequest nested = CurrentRequest.enter(forged);
      try {
        inner = CurrentRequest.id();
      } finally {
        nested.close();
      }
      assertThat(inner).matches("[0-9a-f]{24}");
      assertThat(CurrentRequest.id()).isEqualTo(inner); // one request, one id
    } finally {
      outer.close();
    }
    assertThat(CurrentRequest.id()).isEmpty();
  }

  @Test
  void workHandedToAnotherThread_carriesTheRequestsId_andLeavesThatThreadClean() throws Exception {
    AuthRequest good =
        AuthRequest.builder("POST", "/auth/register")
            .header("X-Request-Id", "req-carried-01")
            .build();
    String[] seen = new String[2];
    Runnable task = () -> seen[0] = CurrentRequest.id();
    Runnable carried;
    CurrentRequest c = CurrentRequest.enter(good);
    try {
      carried = CurrentRequest.carrying(task);
    } finally {
      c.close();
    }
    Thread t =
        new Thread(
            () -> {
              carried.run();
              seen[1] = CurrentRequest.id();
            });
    t.start();
    t.join();
    assertThat(seen[0]).isEqualTo("req-carried-01");
    assertThat(seen[1]).as("after the task").isEmpty();
    assertThat(CurrentRequest.carrying(task))
        .as("outside a request: the task itself")
        .isSameAs(task);
  }

  @Test
  void aFloodOfOneKindFromOneClient_isKeptAtMostNAMinute_othersUntouched() {
    AuthEventStore store = AuthEventStore.inMemory(10_000);
    long[] nanos = {0};
    AuthEventStore bounded = new BoundedEventStore(store, 20, () -> nanos[0]);
    for (int i = 0; i < 500; i++) {
      bounded.onEvent(
          new AuthEvent(AuthEvent.Type.THROTTLED, Optional.empty(), "acme", "203.0.113.9", T0));
    }
    assertThat(store.find(AuthEventQuery.of("acme").withLimit(1000))).hasSize(20);
    // the controls: another client, another account, another type are kinds of their own
    bounded.onEvent(
        new AuthEvent(AuthEvent.Type.THROTTLED, Optional.empty(), "acme", "203.0.113.10", T0));
    bounded.onEvent(
        new AuthEvent(AuthEvent.Type.THROTTLED, Optional.of("ada"), "acme", "203.0.113.9", T0));
    bounded.onEvent(
        new AuthEvent(AuthEvent.Type.SIGN_IN_FAILED, Optional.empty(), "acme", "203.0.113.9", T0));
    assertThat(store.find(AuthEventQuery.of("acme").withLimit(1000))).hasSize(23);
    // a minute on, the same kind is kept again
    nanos[0] += Duration.ofSeconds(61).toNanos();
    bounded.onEvent(
        new AuthEvent(AuthEvent.Type.THROTTLED, Optional.empty(), "acme", "203.0.113.9", T0));
    assertThat(store.find(AuthEventQuery.of("acme").withLimit(1000))).hasSize(24);
    assertThatThrownBy(() -> AuthEventStore.keepingAtMost(0, store))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
