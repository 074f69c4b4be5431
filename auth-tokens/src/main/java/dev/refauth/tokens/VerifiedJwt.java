package dev.refauth.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An access token that passed every check: signature, algorithm, type {@code at+jwt}, issuer, audience,
 * time and required claims.
 *
 * @param subject {@code sub}
 * @param jwtId {@code jti}
 * @param tenant the {@code tid} claim, if any
 * @param sessionId the {@code sid} claim: the refresh family or session the token belongs to, if any
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 * @param authTime {@code auth_time}: when the sign-in the token comes from was made, if it says
 * @param amr {@code amr}: how that sign-in was made (RFC 8176), empty when it does not say
 */
public record VerifiedJwt(
    String subject,
    String jwtId,
    Optional<String> tenant,
    Optional<String> sessionId,
    Instant issuedAt,
    Instant expiresAt,
    Optional<Instant> authTime,
    List<String> amr) {
  public VerifiedJwt {
    amr = List.copyOf(amr);
  }
}
