package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which stored {@link AuthEvent}s to find: always one tenant's, optionally one account's and some types', in a time
 * range ({@code from} inclusive, {@code to} exclusive), newest first, at most {@code limit}. Immutable.
 *
 * @param tenant the tenant ({@code ""} for an application without tenants); a query never spans tenants
 * @param types the types to find; empty for all
 * @param limit from 1 to {@value #MAX_LIMIT}
 */
public record AuthEventQuery(
    String tenant,
    Optional<String> subject,
    Set<AuthEvent.Type> types,
    Instant from,
    Instant to,
    int limit) {

  public static final int MAX_LIMIT = 1000;

  public AuthEventQuery {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(subject, "subject");
    Checks.notNull(types, "types");
    types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Checks.require(!to.isBefore(from), "to must not be before from");
    Checks.require(limit >= 1 && limit <= MAX_LIMIT, "limit must be from 1 to %s", MAX_LIMIT);
  }

  /** The latest 100 events of {@code tenant}, of every type and account. */
  public static AuthEventQuery of(String tenant) {
    return new AuthEventQuery(tenant, Optional.empty(), Set.of(), Instant.EPOCH, FAR, 100);
  }

  private static final Instant FAR = Instant.parse("9999-12-31T23:59:59Z");

  public AuthEventQuery withSubject(String subject) {
    return new AuthEventQuery(
        tenant, Optional.of(Checks.notBlank(subject, "subject")), types, from, to, limit);
  }

  public AuthEventQuery withTypes(Set<AuthEvent.Type> types) {
    return new AuthEventQuery(tenant, subject, types, from, to, limit);
  }

  public AuthEventQuery between(Instant from, Instant to) {
    return new AuthEventQuery(tenant, subject, types, from, to, limit);
  }

  public AuthEventQuery withLimit(int limit) {
    return new AuthEventQuery(tenant, subject, types, from, to, limit);
  }

  /** Whether {@code e} is one this query finds (limit aside). */
  public boolean matches(AuthEvent e) {
    return e.tenant().equals(tenant)
        && (subject.isEmpty() || subject.equals(e.subject()))
        && (types.isEmpty() || types.contains(e.type()))
        && !e.at().isBefore(from)
        && e.at().isBefore(to);
  }
}
