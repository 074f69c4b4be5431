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
    LOGIN_SUCCESS, LOGIN_FAILURE, LOCKOUT, REGISTERED, REGISTER_EXISTING, RESET_REQUESTED, PASSWORD_CHANGED
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
