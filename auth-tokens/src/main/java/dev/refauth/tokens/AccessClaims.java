package dev.refauth.tokens;

import dev.refauth.core.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an access token says of its holder, for {@link JwtCodec#issue(AccessClaims)}: the subject, and the
 * tenant and session it belongs to when it has them. The codec adds the rest ({@code iss}, {@code aud},
 * {@code jti}, {@code iat}, {@code exp}).
 *
 * <pre>{@code
 * codec.issue(AccessClaims.of("user-1").withTenant("acme").withSessionId(familyId));
 * }</pre>
 *
 * @param subject {@code sub}
 * @param tenant the {@code tid} claim, if any
 * @param sessionId the {@code sid} claim (refresh family or session), if any
 * @param authTime the {@code auth_time} claim: when the sign-in was made (refreshed tokens keep it), if known
 * @param amr the {@code amr} claim (RFC 8176: how the holder signed in, {@code pwd}, {@code otp}, {@code mfa}), left
 *     out when empty
 * @param groups the holder's permissions when the token was issued: the {@code groups} claim of a codec with the
 *     MicroProfile JWT profile ({@link JwtCodec.Builder#microProfile}), ignored otherwise
 * @param principal the {@code upn} claim of that profile (an email), the subject when empty
 */
public record AccessClaims(
    String subject,
    Optional<String> tenant,
    Optional<String> sessionId,
    List<String> amr,
    Optional<Instant> authTime,
    List<String> groups,
    Optional<String> principal) {
  public AccessClaims {
    Checks.notNull(subject, "subject");
    Checks.notNull(tenant, "tenant");
    Checks.notNull(sessionId, "sessionId");
    amr = List.copyOf(amr);
    Checks.notNull(authTime, "authTime");
    groups = List.copyOf(groups);
    Checks.notNull(principal, "principal");
  }

  /** Claims without the MicroProfile profile's {@code groups} and {@code upn}. */
  public AccessClaims(
      String subject,
      Optional<String> tenant,
      Optional<String> sessionId,
      List<String> amr,
      Optional<Instant> authTime) {
    this(subject, tenant, sessionId, amr, authTime, List.of(), Optional.empty());
  }

  /** These claims with the MicroProfile profile's {@code groups} and {@code upn}. */
  public AccessClaims withGroups(List<String> groups, Optional<String> principal) {
    return new AccessClaims(subject, tenant, sessionId, amr, authTime, groups, principal);
  }

  /** Claims of {@code subject} alone: no tenant, no session. */
  public static AccessClaims of(String subject) {
    return new AccessClaims(
        subject, Optional.empty(), Optional.empty(), List.of(), Optional.empty());
  }

  /** These claims with the {@code tid} claim {@code tenant}. */
  public AccessClaims withTenant(String tenant) {
    return new AccessClaims(
        subject,
        Optional.of(Checks.notNull(tenant, "tenant")),
        sessionId,
        amr,
        authTime,
        groups,
        principal);
  }

  /** These claims with the {@code sid} claim {@code sessionId}. */
  public AccessClaims withSessionId(String sessionId) {
    return new AccessClaims(
        subject,
        tenant,
        Optional.of(Checks.notNull(sessionId, "sessionId")),
        amr,
        authTime,
        groups,
        principal);
  }

  /** These claims with the {@code amr} claim {@code methods}. */
  public AccessClaims withAmr(List<String> methods) {
    return new AccessClaims(subject, tenant, sessionId, methods, authTime, groups, principal);
  }
}
