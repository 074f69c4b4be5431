package dev.refauth.jdbc;

import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthEventQuery;
import dev.refauth.core.spi.AuthEventStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuthEventStore} on JDBC (H2, PostgreSQL): one row per event in {@value #TABLE}. Get one from {@link
 * JdbcStores#events()}.
 *
 * <p>Every text of an event may have come from a client, so each is bound as a parameter (never spliced into SQL),
 * NUL and unpaired surrogates (which PostgreSQL cannot store) become U+FFFD, and a text longer than its column is cut
 * to it, ending in "…" (so that a cut value never equals a whole one of the column's length without it); a query's
 * tenant and subject are treated the same way, so that they find what was stored for them. Instants are kept in
 * milliseconds. A row of a type or method this version does not know (written by a newer one) is never found nor
 * counted.
 */
final class JdbcEventStore implements AuthEventStore {
  static final String TABLE = "refauth_events";
  static final int TENANT_LENGTH = 64;
  static final int SUBJECT_LENGTH = 255;
  static final int ADDRESS_LENGTH = 100;
  static final int REQUEST_ID_LENGTH = 64;

  private static final System.Logger LOG = System.getLogger(JdbcEventStore.class.getName());
  private static final String COLUMNS =
      "at_ms, event_type, tenant, subject, address, method, request_id";

  private final Jdbc jdbc;
  private final int batch;

  /** Purges {@code batch} rows per transaction. */
  JdbcEventStore(Jdbc jdbc, int batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** Inserts the event; when that fails, logs the failure's class and drops the event. Never throws. */
  @Override
  public void onEvent(AuthEvent event) {
    try {
      jdbc.tx(
          c ->
              Jdbc.update(
                  c,
                  "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                  event.at().toEpochMilli(),
                  event.type().name(),
                  fit(event.tenant(), TENANT_LENGTH),
                  event.subject().map(s -> fit(s, SUBJECT_LENGTH)).orElse(null),
                  fit(event.address(), ADDRESS_LENGTH),
                  event.method().name(),
                  fit(event.requestId(), REQUEST_ID_LENGTH)));
    } catch (RuntimeException e) {
      Throwable cause = e.getCause();
      LOG.log(
          System.Logger.Level.WARNING,
          "an auth event was dropped: "
              + e.getClass().getName()
              + (cause == null ? "" : " (" + cause.getClass().getName() + ")"));
    }
  }

  @Override
  public List<AuthEvent> find(AuthEventQuery query) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE tenant = ?");
    args.add(fit(query.tenant(), TENANT_LENGTH));
    if (query.subject().isPresent()) {
      sql.append(" AND subject = ?");
      args.add(fit(query.subject().get(), SUBJECT_LENGTH));
    }
    sql.append(" AND event_type IN ").append(names(types(query.types()), args));
    sql.append(" AND method IN ").append(names(EnumSet.allOf(AuthEvent.Method.class), args));
    sql.append(
        " AND at_ms >= ? AND at_ms < ? ORDER BY at_ms DESC, id DESC FETCH FIRST ? ROWS ONLY");
    args.add(millis(query.from()));
    args.add(millis(query.to()));
    args.add(query.limit());
    return jdbc.tx(
        c -> {
          List<AuthEvent> found = new ArrayList<>();
          try (PreparedStatement s = Jdbc.prepare(c, sql.toString(), args.toArray());
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              event(r).ifPresent(found::add);
            }
          }
          return List.copyOf(found);
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Counted in SQL; a bucket is {@code floor(at_ms / bucket)}, also before the epoch.
   */
  @Override
  public List<Count> count(String tenant, Instant from, Instant to, Duration bucket) {
    AuthEventStore.checkCount(tenant, from, to, bucket);
    long size = bucket.toMillis();
    List<Object> args = new ArrayList<>(List.of(size, size));
    StringBuilder sql =
        new StringBuilder(
            "SELECT k, event_type, COUNT(*) FROM (SELECT CASE WHEN at_ms >= 0 THEN at_ms / ?"
                + " ELSE (at_ms + 1) / ? - 1 END AS k, event_type FROM "
                + TABLE
                + " WHERE tenant = ?");
    args.add(fit(tenant, TENANT_LENGTH));
    sql.append(" AND event_type IN ").append(names(EnumSet.allOf(AuthEvent.Type.class), args));
    sql.append(" AND method IN ").append(names(EnumSet.allOf(AuthEvent.Method.class), args));
    sql.append(" AND at_ms >= ? AND at_ms < ?) x GROUP BY k, event_type");
    args.add(millis(from));
    args.add(millis(to));
    return jdbc.tx(
        c -> {
          List<Count> counts = new ArrayList<>();
          try (PreparedStatement s = Jdbc.prepare(c, sql.toString(), args.toArray());
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              long start = r.getLong(1) * size;
              long n = r.getLong(3);
              parse(AuthEvent.Type.class, r.getString(2))
                  .ifPresent(t -> counts.add(new Count(Instant.ofEpochMilli(start), t, n)));
            }
          }
          counts.sort(Comparator.comparing(Count::start).thenComparing(Count::type));
          return List.copyOf(counts);
        });
  }

  /** Deletes the events before {@code before}, {@code batch} rows per transaction, as many as there are. */
  @Override
  public int purge(Instant before) {
    return purge(jdbc, millis(before), batch, Integer.MAX_VALUE);
  }

  /** Deletes the events before {@code beforeMillis}, at most {@code maxBatches} transactions of {@code batch} rows. */
  static int purge(Jdbc jdbc, long beforeMillis, int batch, int maxBatches) {
    return Purge.delete(jdbc, TABLE, "id", "at_ms < ?", batch, maxBatches, beforeMillis);
  }

  private static Optional<AuthEvent> event(ResultSet r) throws SQLException {
    Optional<AuthEvent.Type> type = parse(AuthEvent.Type.class, r.getString("event_type"));
    Optional<AuthEvent.Method> method = parse(AuthEvent.Method.class, r.getString("method"));
    if (type.isEmpty() || method.isEmpty()) {
      return Optional.empty(); // written by a newer version: not this one's to show
    }
    return Optional.of(
        new AuthEvent(
            type.get(),
            Optional.ofNullable(r.getString("subject")),
            text(r.getString("tenant")),
            text(r.getString("address")),
            Instant.ofEpochMilli(r.getLong("at_ms")),
            method.get(),
            text(r.getString("request_id"))));
  }

  private static String text(@Nullable String value) {
    return value == null ? "" : value;
  }

  private static <E extends Enum<E>> Optional<E> parse(Class<E> type, @Nullable String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static EnumSet<AuthEvent.Type> types(Collection<AuthEvent.Type> types) {
    return types.isEmpty() ? EnumSet.allOf(AuthEvent.Type.class) : EnumSet.copyOf(types);
  }

  /** {@code (?, ?, …)} for the names of {@code values}, which it adds to {@code args}. */
  private static String names(Collection<? extends Enum<?>> values, List<Object> args) {
    StringBuilder marks = new StringBuilder("(");
    for (Enum<?> v : values) {
      marks.append(marks.length() == 1 ? "?" : ", ?");
      args.add(v.name());
    }
    return marks.append(")").toString();
  }

  /**
   * The first millisecond not before {@code at}: with instants kept in milliseconds, {@code at_ms >= millis(from)} and
   * {@code at_ms < millis(to)} hold exactly when the event read back is in {@code [from, to)}. Saturates far from now.
   */
  static long millis(Instant at) {
    try {
      long ms = at.toEpochMilli(); // rounds down
      return at.getNano() % 1_000_000 == 0 ? ms : Math.addExact(ms, 1);
    } catch (ArithmeticException e) {
      return at.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * {@code value} as its column can keep it: NUL and unpaired surrogates replaced by U+FFFD, and, when longer than
   * {@code length}, cut (never inside a surrogate pair) to end in "…" within {@code length}.
   */
  static String fit(String value, int length) {
    StringBuilder b = new StringBuilder(Math.min(value.length(), length + 1));
    for (int i = 0; i < value.length() && b.length() <= length; i++) {
      char ch = value.charAt(i);
      if (Character.isHighSurrogate(ch)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        b.append(ch).append(value.charAt(++i));
      } else if (ch == '\u0000' || Character.isSurrogate(ch)) {
        b.append('\uFFFD');
      } else {
        b.append(ch);
      }
    }
    if (b.length() <= length) {
      return b.toString();
    }
    int cut = length - 1;
    if (Character.isLowSurrogate(b.charAt(cut))) {
      cut--; // the pair would be split: keep neither half
    }
    return b.substring(0, cut) + "…";
  }
}
