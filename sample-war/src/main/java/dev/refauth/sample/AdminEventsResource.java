package dev.refauth.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthEventQuery;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.Authentication;
import dev.refauth.core.spi.AuthEventStore;
import dev.refauth.jaxrs.Authenticated;
import dev.refauth.jaxrs.CurrentUser;
import dev.refauth.jaxrs.RequiresPermission;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The security events of the caller's tenant, for those who may read the audit trail ({@code audit:read}): what the
 * standard provider keeps with {@code provider.events.keep=true} (web.xml), found through the guard the filter shares,
 * as {@link AdminUsersResource} finds the accounts.
 *
 * <p>{@code GET /api/admin/events?type=&account=&since=&limit=}: the latest events, newest first, as a JSON array (what
 * a Refine data provider's {@code getList} reads). {@code type} (repeatable) is an OWASP vocabulary name ({@code
 * authn_login_fail}) or an event name ({@code SIGN_IN_FAILED}); {@code account} an account id; {@code since} an ISO
 * instant (default: 24 hours ago); {@code limit} 1 to 1000 (default 100). Each event: {@code {id, at, type, event,
 * method, account?, client, request}}; no tenant (always the caller's), no email, no secret.
 *
 * <p>{@code GET /api/admin/events/counts?hours=N} (1 to 168, default 24): per hour, how many sign-ins ({@code
 * authn_login_success}), failed sign-ins ({@code authn_login_fail}: a wrong password, an unknown address, a refused
 * social identity; a refused second-step code only where the request names the tenant) and lockouts ({@code authn_login_lock}) there were, every hour present (zeros included), the last one the
 * current hour: {@code {bucketSeconds, from, to, series: [{start, signIns, failures, lockouts}]}}. A lockout is
 * counted apart from the failure that caused it.
 *
 * <p>The tenant is always the authenticated caller's, never one a parameter or header names. A bad parameter answers
 * 400 with a JSON error, never 500; without a kept trail both answer 404; a database that cannot answer, 503.
 */
@Path("admin/events")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminEventsResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int DEFAULT_LIMIT = 100;
  static final Duration DEFAULT_SINCE = Duration.ofHours(24);
  static final int MAX_HOURS = 168;
  private static final int MAX_ACCOUNT_LENGTH = 255;
  private static final int MAX_TYPES = 50;

  @GET
  @RequiresPermission("audit:read")
  public Response list(
      @CurrentUser Authentication caller,
      @QueryParam("type") List<String> types,
      @QueryParam("account") String account,
      @QueryParam("since") String since,
      @QueryParam("limit") String limit,
      @Context HttpServletRequest request) {
    Optional<AuthEventStore> store = store(request.getServletContext());
    if (store.isEmpty()) {
      return notKept();
    }
    Set<AuthEvent.Type> wanted = EnumSet.noneOf(AuthEvent.Type.class);
    if (types != null) {
      if (types.size() > MAX_TYPES) {
        return badRequest("At most " + MAX_TYPES + " types");
      }
      for (String name : types) {
        if (name == null || name.isBlank()) {
          continue; // the form's "all types"
        }
        Set<AuthEvent.Type> named = types(name.strip());
        if (named.isEmpty()) {
          return badRequest("Unknown event type: use a name such as authn_login_fail");
        }
        wanted.addAll(named);
      }
    }
    Instant now = Instant.now();
    Instant from;
    if (since == null || since.isBlank()) {
      from = now.minus(DEFAULT_SINCE);
    } else {
      try {
        from = Instant.parse(since.strip());
      } catch (DateTimeParseException e) {
        return badRequest("since must be an ISO instant, such as 2025-01-31T08:00:00Z");
      }
    }
    int max;
    if (limit == null || limit.isBlank()) {
      max = DEFAULT_LIMIT;
    } else {
      try {
        max = Integer.parseInt(limit.strip());
      } catch (NumberFormatException e) {
        max = 0;
      }
      if (max < 1 || max > AuthEventQuery.MAX_LIMIT) {
        return badRequest("limit must be from 1 to " + AuthEventQuery.MAX_LIMIT);
      }
    }
    AuthEventQuery query = AuthEventQuery.of(tenantOf(caller)).withTypes(wanted).withLimit(max);
    if (account != null && !account.isBlank()) {
      if (account.length() > MAX_ACCOUNT_LENGTH) {
        return badRequest("account must be an account id of at most 255 characters");
      }
      query = query.withSubject(account.strip());
    }
    if (from.isAfter(now)) {
      return json(200, List.of()); // nothing has happened after now yet
    }
    // to: a little after now, so that an event of this very millisecond is in
    query = query.between(from, now.plusSeconds(1));
    List<AuthEvent> found;
    try {
      found = store.get().find(query);
    } catch (AuthException e) {
      return unavailable();
    }
    List<Map<String, Object>> rows = new ArrayList<>(found.size());
    Map<String, Integer> seen = new HashMap<>();
    for (AuthEvent e : found) {
      Map<String, Object> row = new LinkedHashMap<>();
      String id = id(e);
      int n = seen.merge(id, 1, Integer::sum);
      row.put("id", n == 1 ? id : id + "-" + n);
      row.put("at", e.at().toString());
      row.put("type", e.type().vocabulary());
      row.put("event", e.type().name());
      row.put("method", e.method().label());
      e.subject().ifPresent(s -> row.put("account", s));
      row.put("client", e.address());
      row.put("request", e.requestId());
      rows.add(row);
    }
    return json(200, rows);
  }

  @GET
  @Path("counts")
  @RequiresPermission("audit:read")
  public Response counts(
      @CurrentUser Authentication caller,
      @QueryParam("hours") String hours,
      @Context HttpServletRequest request) {
    Optional<AuthEventStore> store = store(request.getServletContext());
    if (store.isEmpty()) {
      return notKept();
    }
    int n;
    if (hours == null || hours.isBlank()) {
      n = 24;
    } else {
      try {
        n = Integer.parseInt(hours.strip());
      } catch (NumberFormatException e) {
        n = 0;
      }
      if (n < 1 || n > MAX_HOURS) {
        return badRequest("hours must be from 1 to " + MAX_HOURS);
      }
    }
    Duration bucket = Duration.ofHours(1);
    // whole hours since the epoch (as the store's buckets), the last one the current hour
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(bucket);
    Instant from = to.minus(bucket.multipliedBy(n));
    List<AuthEventStore.Count> counts;
    try {
      counts = store.get().count(tenantOf(caller), from, to, bucket);
    } catch (AuthException e) {
      return unavailable();
    }
    Map<Instant, Map<AuthEvent.Type, Long>> byStart = new HashMap<>();
    for (AuthEventStore.Count c : counts) {
      byStart
          .computeIfAbsent(c.start(), s -> new EnumMap<>(AuthEvent.Type.class))
          .merge(c.type(), c.count(), Long::sum);
    }
    List<Map<String, Object>> series = new ArrayList<>(n);
    for (Instant start = from; start.isBefore(to); start = start.plus(bucket)) {
      Map<AuthEvent.Type, Long> of = byStart.getOrDefault(start, Map.of());
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("start", start.toString());
      point.put("signIns", of.getOrDefault(AuthEvent.Type.SIGNED_IN, 0L));
      point.put("failures", of.getOrDefault(AuthEvent.Type.SIGN_IN_FAILED, 0L));
      point.put("lockouts", of.getOrDefault(AuthEvent.Type.LOCKED_OUT, 0L));
      series.add(point);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("bucketSeconds", bucket.toSeconds());
    answer.put("from", from.toString());
    answer.put("to", to.toString());
    answer.put("series", series);
    return json(200, answer);
  }

  /** The types a name means: an event name ({@code SIGN_IN_FAILED}) or an OWASP vocabulary name (some share one). */
  static Set<AuthEvent.Type> types(String name) {
    Set<AuthEvent.Type> found = EnumSet.noneOf(AuthEvent.Type.class);
    for (AuthEvent.Type t : AuthEvent.Type.values()) {
      if (t.name().equals(name.toUpperCase(Locale.ROOT)) || t.vocabulary().equals(name)) {
        found.add(t);
      }
    }
    return found;
  }

  /**
   * The kept trail, if the provider keeps one: the standard provider {@code web.xml} configures, found through the
   * guard the filter shares in the servlet context.
   */
  static Optional<AuthEventStore> store(ServletContext context) {
    Object guard = context.getAttribute(AuthGuard.GUARD_ATTRIBUTE);
    return guard instanceof AuthGuard g
        ? g.provider().unwrap(AuthEventStore.class)
        : Optional.empty();
  }

  /** The caller's tenant, from the authenticated identity alone ({@code ""} in an application without tenants). */
  private static String tenantOf(Authentication caller) {
    return caller.identity().tenant().orElse("");
  }

  /** Stable for one event: its millisecond and a digest of what it says (never its tenant: always the caller's). */
  private static String id(AuthEvent e) {
    int digest =
        Objects.hash(e.type(), e.subject().orElse(""), e.address(), e.method(), e.requestId());
    return e.at().toEpochMilli() + "-" + String.format(Locale.ROOT, "%08x", digest);
  }

  private static Response notKept() {
    return error(
        404, "NotFound", "Security events are not kept here (provider.events.keep is off)");
  }

  private static Response unavailable() {
    return error(503, "ServiceUnavailable", "The security events cannot be read now");
  }

  private static Response badRequest(String message) {
    return error(400, "BadRequest", message);
  }

  private static Response error(int status, String name, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("name", name);
    error.put("message", message);
    error.put("statusCode", status);
    return json(status, Map.of("error", error));
  }

  private static Response json(int status, Object body) {
    try {
      return Response.status(status)
          .type(MediaType.APPLICATION_JSON)
          .header("Cache-Control", "no-store")
          .entity(JSON.writeValueAsString(body))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
