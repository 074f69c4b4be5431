package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * Something an application may want to react to: a sign-in, a refused one, a lockout, a sign-out, a password change,
 * a registration, a change of the second factor. Delivered to every {@link dev.refauth.core.spi.AuthEventListener} (on a Jakarta EE server with
 * {@code auth-cdi}, as a CDI event: {@code void on(@Observes AuthEvent e)}). Carries no secret: no password, no token,
 * and for an unknown account no email either.
 *
 * @param subject the account, when one is known
 * @param tenant the tenant, {@code ""} when the application has none
 * @param address the client's address (as the guard resolved it behind trusted proxies)
 */
public record AuthEvent(
    Type type, Optional<String> subject, String tenant, String address, Instant at) {

  /** What happened. */
  public enum Type {
    SIGNED_IN,
    SIGN_IN_FAILED,
    LOCKED_OUT,
    SIGNED_OUT,
    PASSWORD_CHANGED,
    REGISTERED,
    /** A second factor was added to the account (an authenticator app confirmed, a passkey registered). */
    SECOND_FACTOR_ADDED,
    /** A second factor was removed from the account. */
    SECOND_FACTOR_REMOVED,
    /** A recovery code was used (the owner should know: it may not have been them). */
    RECOVERY_CODE_USED,
    /** New recovery codes were made; the old ones no longer work. */
    RECOVERY_CODES_RENEWED
  }

  /** What happened to {@code subject}'s account on {@code request} (its tenant, if it names one, and its address). */
  public static AuthEvent of(Type type, String subject, AuthRequest request, Instant at) {
    return new AuthEvent(
        type,
        Optional.of(Checks.notBlank(subject, "subject")),
        request.tenant().orElse(""),
        request.remoteAddress(),
        at);
  }

  public AuthEvent {
    Checks.notNull(type, "type");
    Checks.notNull(subject, "subject");
    Checks.notNull(tenant, "tenant");
    Checks.notNull(address, "address");
    Checks.notNull(at, "at");
  }
}
