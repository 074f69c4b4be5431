package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthEvent.Method;
import dev.refauth.core.AuthEvent.Type;
import dev.refauth.core.AuthEventQuery;
import dev.refauth.core.AuthException;
import dev.refauth.core.spi.AuthEventStore;
import dev.refauth.core.spi.AuthEventStore.Count;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC event store keeps the {@link AuthEventStore} rules on a real database, and agrees with the in-memory
 * reference where both apply; extended once per database.
 */
abstract class AuthEventStoreContract {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private DataSource db;
  private JdbcStores stores;
  private AuthEventStore store;

  abstract DataSource freshDatabase();

  @BeforeEach
  void open() {
    db = freshDatabase();
    stores = Databases.stores(db);
    store = stores.events();
  }

  @AfterEach
  void close() {
    stores.close();
  }

  static AuthEvent event(Type type, String subject, String tenant, Instant at) {
    return new AuthEvent(
        type,
        subject.isEmpty() ? Optional.empty() : Optional.of(subject),
        tenant,
        "203.0.113.7",
        at,
        type.defaultMethod(),
        "req-" + at.toEpochMilli());
  }

  /** The events into the store under test and into the in-memory reference. */
  private AuthEventStore both(AuthEvent... events) {
    AuthEventStore reference = AuthEventStore.inMemory(1_000);
    for (AuthEvent e : events) {
      store.onEvent(e);
      reference.onEvent(e);
    }
    return reference;
  }

  @Test
  void appendedEvents_areFound_newestFirst_withEveryField() {
    AuthEvent signedIn =
        new AuthEvent(
            Type.SIGNED_IN,
            Optional.of("alice"),
            "acme",
            "2001:db8::1",
            T0,
            Method.PASSKEY,
            "0f9e8d7c");
    AuthEvent failed = event(Type.SIGN_IN_FAILED, "", "acme", T0.plusSeconds(1));
    AuthEvent signedOut = event(Type.SIGNED_OUT, "alice", "acme", T0.plusSeconds(2));
    AuthEvent sameMillisFirst = event(Type.ACCESS_DENIED, "bob", "acme", T0.plusSeconds(3));
    AuthEvent sameMillisSecond = event(Type.THROTTLED, "bob", "acme", T0.plusSeconds(3));
    for (AuthEvent e : List.of(signedIn, failed, signedOut, sameMillisFirst, sameMillisSecond)) {
      store.onEvent(e);
    }

    assertThat(store.find(AuthEventQuery.of("acme")))
        .as("newest first; of one millisecond, the later appended first")
        .containsExactly(sameMillisSecond, sameMillisFirst, signedOut, failed, signedIn);
    assertThat(store.find(AuthEventQuery.of("acme").withSubject("alice")).get(1))
        .as("every field back, the method and the request id too")
        .isEqualTo(signedIn);
    assertThat(store.find(AuthEventQuery.of("acme").withTypes(Set.of(Type.SIGN_IN_FAILED))))
        .singleElement()
        .satisfies(e -> assertThat(e.subject()).as("no account").isEmpty());
  }

  @Test
  void filters_bySubject_types_timeRange_andLimit_asTheReferenceDoes() {
    List<AuthEvent> events = new ArrayList<>();
    Type[] types = {Type.SIGNED_IN, Type.SIGN_IN_FAILED, Type.LOCKED_OUT, Type.SESSION_RENEWED};
    String[] subjects = {"alice", "bob", ""};
    for (int i = 0; i < 24; i++) {
      events.add(
          event(types[i % types.length], subjects[i % subjects.length], "acme", T0.plusSeconds(i)));
    }
    events.add(event(Type.SIGNED_IN, "alice", "globex", T0.plusMillis(500)));
    AuthEventStore reference = both(events.toArray(AuthEvent[]::new));

    AuthEventQuery all = AuthEventQuery.of("acme");
    List<AuthEventQuery> queries =
        List.of(
            all,
            all.withSubject("alice"),
            all.withSubject("nobody"),
            all.withTypes(Set.of(Type.SIGNED_IN, Type.LOCKED_OUT)),
            all.withTypes(Set.of(Type.TOKEN_REUSED)),
            all.withSubject("bob").withTypes(Set.of(Type.SIGN_IN_FAILED)),
            all.between(T0.plusSeconds(5), T0.plusSeconds(9)),
            all.between(T0.plusSeconds(5), T0.plusSeconds(5)),
            all.between(T0.plusMillis(4_999), T0.plusMillis(5_001)),
            all.between(T0.plusNanos(5_000_000_001L), T0.plusSeconds(9).plusNanos(1)),
            all.withLimit(1),
            all.withLimit(7).withSubject("alice"),
            all.withLimit(AuthEventQuery.MAX_LIMIT));
    for (AuthEventQuery q : queries) {
      assertThat(store.find(q)).as("%s", q).isEqualTo(reference.find(q));
    }

    assertThat(store.find(all.between(T0.plusSeconds(5), T0.plusSeconds(9))))
        .as("from inclusive, to exclusive")
        .extracting(AuthEvent::at)
        .containsExactly(
            T0.plusSeconds(8), T0.plusSeconds(7), T0.plusSeconds(6), T0.plusSeconds(5));
    assertThat(store.find(all.withLimit(3)))
        .extracting(AuthEvent::at)
        .containsExactly(T0.plusSeconds(23), T0.plusSeconds(22), T0.plusSeconds(21));
    assertThat(store.find(all.withSubject("alice")))
        .hasSize(8)
        .allSatisfy(e -> assertThat(e.subject()).contains("alice"));
    assertThat(store.find(all.withTypes(Set.of(Type.SIGNED_IN, Type.LOCKED_OUT))))
        .hasSize(12)
        .allSatisfy(e -> assertThat(e.type()).isIn(Type.SIGNED_IN, Type.LOCKED_OUT));
  }

  @Test
  void aTenantsEvents_areNeverFoundForAnother_andTheEmptyTenantIsOneOfItsOwn() {
    both(
        event(Type.SIGNED_IN, "alice", "acme", T0),
        event(Type.SIGNED_IN, "alice", "globex", T0.plusSeconds(1)),
        event(Type.SIGNED_IN, "alice", "", T0.plusSeconds(2)),
        event(Type.SIGNED_IN, "alice", "ACME", T0.plusSeconds(3)),
        event(Type.SIGNED_IN, "alice", "acme ", T0.plusSeconds(4)));

    assertThat(store.find(AuthEventQuery.of("acme")))
        .singleElement()
        .extracting(AuthEvent::tenant)
        .isEqualTo("acme");
    assertThat(store.find(AuthEventQuery.of("")))
        .singleElement()
        .extracting(AuthEvent::tenant)
        .isEqualTo("");
    assertThat(store.find(AuthEventQuery.of("globex").withSubject("alice")))
        .singleElement()
        .extracting(AuthEvent::tenant)
        .isEqualTo("globex");
    assertThat(store.find(AuthEventQuery.of("initech"))).isEmpty();
    assertThat(store.count("", T0, T0.plusSeconds(60), Duration.ofMinutes(1)))
        .containsExactly(new Count(T0, Type.SIGNED_IN, 1));
    assertThat(store.count("initech", T0, T0.plusSeconds(60), Duration.ofMinutes(1))).isEmpty();
  }

  @Test
  void counts_perBucketAndType_withEventsAtTheEdges_asTheReferenceDoes() {
    Instant hour = T0; // 10:00, a bucket's start
    AuthEventStore reference =
        both(
            event(Type.SIGNED_IN, "alice", "acme", hour.minusMillis(1)), // before `from`
            event(Type.SIGNED_IN, "alice", "acme", hour), // the first millisecond of 10:00
            event(Type.SIGNED_IN, "bob", "acme", hour.plusSeconds(1_800)),
            event(Type.SIGN_IN_FAILED, "", "acme", hour.plusSeconds(3_600).minusMillis(1)),
            event(Type.SIGNED_IN, "alice", "acme", hour.plusSeconds(3_600)), // 11:00
            event(Type.LOCKED_OUT, "carol", "acme", hour.plusSeconds(3 * 3_600 - 1)),
            event(Type.SIGNED_IN, "carol", "acme", hour.plusSeconds(3 * 3_600)), // `to`: out
            event(Type.SIGNED_IN, "dave", "globex", hour.plusSeconds(60)));

    List<Count> counts =
        store.count("acme", hour, hour.plusSeconds(3 * 3_600), Duration.ofHours(1));
    assertThat(counts)
        .containsExactly(
            new Count(hour, Type.SIGNED_IN, 2),
            new Count(hour, Type.SIGN_IN_FAILED, 1),
            new Count(hour.plusSeconds(3_600), Type.SIGNED_IN, 1),
            new Count(hour.plusSeconds(2 * 3_600), Type.LOCKED_OUT, 1));
    assertThat(counts)
        .isEqualTo(reference.count("acme", hour, hour.plusSeconds(3 * 3_600), Duration.ofHours(1)));

    Instant halfPast = hour.plusSeconds(1_800);
    assertThat(store.count("acme", halfPast, halfPast.plusSeconds(3_600), Duration.ofHours(1)))
        .as("buckets start at multiples of the bucket since the epoch, not at `from`")
        .containsExactly(
            new Count(hour, Type.SIGNED_IN, 1),
            new Count(hour, Type.SIGN_IN_FAILED, 1),
            new Count(hour.plusSeconds(3_600), Type.SIGNED_IN, 1));
    for (Duration bucket :
        List.of(Duration.ofSeconds(1), Duration.ofMinutes(7), Duration.ofDays(1))) {
      Instant from = hour.minus(Duration.ofDays(1));
      Instant to = hour.plus(Duration.ofDays(1));
      if (Duration.between(from, to).dividedBy(bucket) <= 10_000) {
        assertThat(store.count("acme", from, to, bucket))
            .as("%s", bucket)
            .isEqualTo(reference.count("acme", from, to, bucket));
      }
    }
    assertThatThrownBy(() -> store.count("acme", hour, hour, Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void counts_beforeTheEpoch_inTheirBuckets() {
    Instant before = Instant.parse("1969-12-31T23:30:00Z");
    AuthEventStore reference =
        both(
            event(Type.SIGNED_IN, "alice", "acme", before),
            event(Type.SIGNED_IN, "alice", "acme", Instant.EPOCH.minusMillis(1)),
            event(Type.SIGNED_IN, "alice", "acme", Instant.EPOCH));
    Instant from = Instant.parse("1969-12-31T20:00:00Z");
    assertThat(store.count("acme", from, Instant.EPOCH.plusSeconds(7_200), Duration.ofHours(1)))
        .containsExactly(
            new Count(Instant.parse("1969-12-31T23:00:00Z"), Type.SIGNED_IN, 2),
            new Count(Instant.EPOCH, Type.SIGNED_IN, 1))
        .isEqualTo(
            reference.count("acme", from, Instant.EPOCH.plusSeconds(7_200), Duration.ofHours(1)));
  }

  @Test
  void purge_deletesOnlyOlderEvents_ofEveryTenant_andSaysHowMany() {
    both(
        event(Type.SIGNED_IN, "alice", "acme", T0.minus(Duration.ofDays(2))),
        event(Type.SIGNED_IN, "alice", "globex", T0.minus(Duration.ofDays(1))),
        event(Type.SIGNED_IN, "alice", "", T0.minusMillis(1)),
        event(Type.SIGNED_OUT, "alice", "acme", T0),
        event(Type.SIGNED_IN, "bob", "acme", T0.plusSeconds(1)));

    assertThat(store.purge(T0)).isEqualTo(3);
    assertThat(store.purge(T0)).as("nothing more").isZero();
    assertThat(store.find(AuthEventQuery.of("acme")))
        .extracting(AuthEvent::at)
        .containsExactly(T0.plusSeconds(1), T0);
    assertThat(store.find(AuthEventQuery.of("globex"))).isEmpty();
  }

  @Test
  void anExplicitPurge_deletesEveryOlderEvent_inAsManyBatchesAsItTakes() throws Exception {
    try (JdbcStores small =
        JdbcStores.open(db, JdbcStores.Options.defaults().withPurge(Duration.ZERO, 2))) {
      for (int i = 0; i < 7; i++) {
        small.events().onEvent(event(Type.SIGNED_IN, "alice", "acme", T0.minusSeconds(i + 1)));
      }
      small.events().onEvent(event(Type.SIGNED_IN, "alice", "acme", T0));
      assertThat(small.events().purge(T0)).isEqualTo(7);
      assertThat(Databases.count(db, "SELECT COUNT(*) FROM refauth_events")).isEqualTo(1);
    }
  }

  @Test
  void hostileText_isStoredWithoutError_andReadBackExactly_orCutToItsColumn() throws Exception {
    String longText = "x".repeat(10_000);
    String emoji = "\uD83D\uDE00".repeat(200);
    List<String> exact =
        List.of(
            "line one\r\nline two\nthree\r",
            "O'Brien \"quoted\" `back` \\ % _ ;",
            "x'; DROP TABLE refauth_events; --",
            "\"); DELETE FROM refauth_events WHERE (\"1\"=\"1",
            "\u00fcn\u00efc\u00f8d\u00e9 \uD83D\uDE00 \u202Eright-to-left",
            "\t<script>alert(1)</script>");
    Instant at = T0;
    for (String text : exact) {
      at = at.plusSeconds(1);
      AuthEvent e =
          new AuthEvent(
              Type.SIGN_IN_FAILED,
              Optional.of(text),
              "acme",
              text.length() <= 100 ? text : "?",
              at,
              Method.PASSWORD,
              text.length() <= 64 ? text : "?");
      store.onEvent(e);
      assertThat(store.find(AuthEventQuery.of("acme").withSubject(text)))
          .as("%s", text)
          .containsExactly(e);
      AuthEvent inTenant = event(Type.SIGNED_IN, "alice", text, at);
      store.onEvent(inTenant);
      assertThat(store.find(AuthEventQuery.of(text))).as("%s", text).containsExactly(inTenant);
    }

    store.onEvent(
        new AuthEvent(
            Type.SIGNED_IN,
            Optional.of(longText),
            longText,
            longText,
            T0,
            Method.SOCIAL,
            longText));
    AuthEvent cut =
        store.find(AuthEventQuery.of(longText).withSubject(longText)).stream()
            .findFirst()
            .orElseThrow(() -> new AssertionError("the over-long event, found by its own values"));
    assertThat(cut.subject().orElseThrow())
        .hasSize(JdbcEventStore.SUBJECT_LENGTH)
        .startsWith("x".repeat(JdbcEventStore.SUBJECT_LENGTH - 1))
        .endsWith("…");
    assertThat(cut.tenant()).hasSize(JdbcEventStore.TENANT_LENGTH).endsWith("…");
    assertThat(cut.address()).hasSize(JdbcEventStore.ADDRESS_LENGTH);
    assertThat(cut.requestId()).hasSize(JdbcEventStore.REQUEST_ID_LENGTH);
    assertThat(store.find(AuthEventQuery.of("x".repeat(JdbcEventStore.TENANT_LENGTH))))
        .as("a cut tenant is not a whole one of the column's length")
        .isEmpty();

    store.onEvent(event(Type.SIGNED_IN, emoji, "acme", T0.minusSeconds(1)));
    String cutEmoji =
        store.find(AuthEventQuery.of("acme").withSubject(emoji)).get(0).subject().orElseThrow();
    assertThat(cutEmoji).hasSizeLessThanOrEqualTo(JdbcEventStore.SUBJECT_LENGTH).endsWith("…");
    assertThat(new String(cutEmoji.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .as("no surrogate pair split")
        .isEqualTo(cutEmoji);

    AuthEvent withNul =
        new AuthEvent(
            Type.SIGN_IN_FAILED,
            Optional.of("eve\u0000admin"),
            "ac\u0000me",
            "198.51.100.1\u0000",
            T0.minusSeconds(2),
            Method.PASSWORD,
            "r\u0000");
    store.onEvent(withNul);
    assertThat(store.find(AuthEventQuery.of("ac\u0000me").withSubject("eve\u0000admin")))
        .as("stored and found, NUL replaced")
        .containsExactly(
            new AuthEvent(
                Type.SIGN_IN_FAILED,
                Optional.of("eve\uFFFDadmin"),
                "ac\uFFFDme",
                "198.51.100.1\uFFFD",
                T0.minusSeconds(2),
                Method.PASSWORD,
                "r\uFFFD"));
    assertThat(store.find(AuthEventQuery.of("ac\uFFFDme"))).hasSize(1);
    assertThat(Databases.count(db, "SELECT COUNT(*) FROM refauth_events"))
        .as("every one stored, the table still there")
        .isEqualTo(2 * exact.size() + 3);
  }

  @Test
  void appending_withTheDatabaseDown_neverThrows_whileReadingSaysUnavailable() throws Exception {
    AuthEvent e = event(Type.SIGNED_IN, "alice", "acme", T0);
    for (Throwable failure :
        List.of(
            new SQLException("connection refused", "08001"),
            new IllegalStateException("the pool is closed"))) {
      DataSource down =
          (DataSource)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {DataSource.class},
                  (proxy, method, args) -> {
                    throw failure;
                  });
      JdbcEventStore unavailable = new JdbcEventStore(new Jdbc(down), 1_000);
      assertThatCode(() -> unavailable.onEvent(e)).doesNotThrowAnyException();
      if (failure instanceof SQLException) {
        assertThatThrownBy(() -> unavailable.find(AuthEventQuery.of("acme")))
            .isInstanceOf(AuthException.class)
            .hasMessageStartingWith("the auth database failed");
        assertThatThrownBy(
                () -> unavailable.count("acme", T0, T0.plusSeconds(1), Duration.ofSeconds(1)))
            .isInstanceOf(AuthException.class);
        assertThatThrownBy(() -> unavailable.purge(T0)).isInstanceOf(AuthException.class);
      }
    }

    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE refauth_events"); // the database answers, the insert fails
    }
    assertThatCode(() -> store.onEvent(e)).doesNotThrowAnyException();
    assertThatThrownBy(() -> store.find(AuthEventQuery.of("acme")))
        .isInstanceOf(AuthException.class)
        .hasMessageStartingWith("the auth database failed")
        .hasMessageNotContaining("acme");
  }

  @Test
  void rowsOfAnUnknownTypeOrMethod_areSkipped_byFindAndCount() throws Exception {
    store.onEvent(event(Type.SIGNED_IN, "alice", "acme", T0));
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      long later = T0.plusSeconds(10).toEpochMilli();
      s.execute(
          "INSERT INTO refauth_events (at_ms, event_type, tenant, subject, address, method, request_id)"
              + " VALUES ("
              + later
              + ", 'QUANTUM_SIGN_IN', 'acme', 'alice', '203.0.113.7', 'PASSWORD', 'r1')");
      s.execute(
          "INSERT INTO refauth_events (at_ms, event_type, tenant, subject, address, method, request_id)"
              + " VALUES ("
              + (later + 1)
              + ", 'SIGNED_IN', 'acme', 'alice', '203.0.113.7', 'TELEPATHY', 'r2')");
    }

    assertThat(store.find(AuthEventQuery.of("acme")))
        .singleElement()
        .extracting(AuthEvent::at)
        .isEqualTo(T0);
    assertThat(store.find(AuthEventQuery.of("acme").withLimit(1)))
        .as("the limit counts what is found, not the rows skipped")
        .hasSize(1);
    assertThat(store.find(AuthEventQuery.of("acme").withSubject("alice"))).hasSize(1);
    assertThat(store.count("acme", T0, T0.plusSeconds(60), Duration.ofMinutes(1)))
        .containsExactly(new Count(T0, Type.SIGNED_IN, 1));
    assertThat(store.purge(T0.plusSeconds(60))).as("they go with the purge").isEqualTo(3);
  }

  @Test
  void thePurgeOfTheStores_deletesEventsPastTheirRetention_andKeepsYoungerOnes() throws Exception {
    Instant now = T0;
    try (JdbcStores retaining =
        JdbcStores.open(
            db,
            JdbcStores.Options.defaults()
                .withPurge(Duration.ZERO, 2)
                .withEventRetention(Duration.ofDays(7)))) {
      AuthEventStore events = retaining.events();
      for (int i = 0; i < 5; i++) {
        events.onEvent(event(Type.SIGNED_IN, "alice", "acme", now.minus(Duration.ofDays(8 + i))));
      }
      events.onEvent(
          event(Type.SIGNED_OUT, "alice", "globex", now.minus(Duration.ofDays(7)).minusMillis(1)));
      events.onEvent(event(Type.SIGNED_OUT, "alice", "acme", now.minus(Duration.ofDays(7))));
      events.onEvent(event(Type.SIGNED_IN, "alice", "acme", now.minus(Duration.ofDays(6))));
      events.onEvent(event(Type.SIGNED_IN, "alice", "acme", now));

      assertThat(retaining.purge(now)).as("in batches of 2").containsEntry(JdbcEventStore.TABLE, 6);
      assertThat(events.find(AuthEventQuery.of("acme")))
          .extracting(AuthEvent::at)
          .containsExactly(now, now.minus(Duration.ofDays(6)), now.minus(Duration.ofDays(7)));
      assertThat(retaining.purge(now)).containsEntry(JdbcEventStore.TABLE, 0);
    }

    store.onEvent(event(Type.SIGNED_IN, "alice", "acme", now.minus(Duration.ofDays(31))));
    store.onEvent(event(Type.SIGNED_IN, "alice", "acme", now.minus(Duration.ofDays(29))));
    assertThat(stores.purge(now)).as("30 days by default").containsEntry(JdbcEventStore.TABLE, 1);

    try (JdbcStores forever =
        JdbcStores.open(
            db,
            JdbcStores.Options.defaults()
                .withPurge(Duration.ZERO, 2)
                .withEventRetention(Duration.ofSeconds(Long.MAX_VALUE)))) {
      assertThat(forever.purge(now))
          .as("a retention longer than there is time")
          .containsEntry(JdbcEventStore.TABLE, 0);
    }
    assertThat(store.find(AuthEventQuery.of("acme"))).hasSize(4);
  }

  @Test
  void theScheduledPurge_deletesEventsPastTheirRetention() throws Exception {
    try (JdbcStores scheduled =
        JdbcStores.open(
            db,
            JdbcStores.Options.defaults()
                .withPurge(Duration.ofSeconds(1), 100)
                .withEventRetention(Duration.ofHours(1)))) {
      Instant now = Instant.now();
      scheduled.events().onEvent(event(Type.SIGNED_IN, "alice", "acme", now.minusSeconds(7_300)));
      scheduled.events().onEvent(event(Type.SIGNED_IN, "alice", "acme", now));
      for (int i = 0;
          i < 300 && Databases.count(db, "SELECT COUNT(*) FROM refauth_events") != 1;
          i++) {
        Thread.sleep(100);
      }
      assertThat(scheduled.events().find(AuthEventQuery.of("acme")))
          .extracting(AuthEvent::at)
          .containsExactly(Instant.ofEpochMilli(now.toEpochMilli()));
    }
  }
}
