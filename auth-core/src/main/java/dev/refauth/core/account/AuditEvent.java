package dev.refauth.core.account;

import java.time.Instant;
import java.util.Optional;

/**
 * Something security-relevant happened. Carries no secret: no password, no token, and for an unknown
 * account no email either.
 *
 * @param accountId the account, when one is known
 */
public record AuditEvent(Type type, Optional<String> accountId, String tenant, String remoteAddress, Instant at) {

  public enum Type {
    LOGIN_SUCCESS, LOGIN_FAILURE, LOCKOUT, REGISTERED, REGISTER_EXISTING, RESET_REQUESTED, PASSWORD_CHANGED,
    /** Signed in through a social provider (already linked). */
    SOCIAL_LOGIN,
    /** A social identity was linked to an existing account (verified email, linking allowed). */
    SOCIAL_LINKED,
    /** A new account was created from a social identity. */
    SOCIAL_REGISTERED,
    /** A social identity matched no account and could not be linked or registered. */
    SOCIAL_REFUSED
  }

  /** Receives audit events; the default writes them to the log. Must not throw. */
  public interface Listener {
    void onEvent(AuditEvent event);

    /** Logs each event at INFO through {@link System.Logger}. */
    static Listener log() {
      System.Logger log = System.getLogger("dev.refauth.audit");
      return e -> log.log(System.Logger.Level.INFO, "audit " + e.type() + " account=" + e.accountId().orElse("-")
          + " tenant=" + (e.tenant().isEmpty() ? "-" : e.tenant()) + " address=" + e.remoteAddress());
    }
  }
}
