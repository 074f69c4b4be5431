package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * Something an application may want to react to: a sign-in, a refused one, a lockout, a sign-out, a password change,
 * a registration. Delivered to every {@link dev.refauth.core.spi.AuthEventListener} (on a Jakarta EE server with
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
    REGISTERED
  }

  public AuthEvent {
    Checks.notNull(type, "type");
    Checks.notNull(subject, "subject");
    Checks.notNull(tenant, "tenant");
    Checks.notNull(address, "address");
    Checks.notNull(at, "at");
  }
}
