package dev.refauth.accounts;

import java.time.Instant;
import java.util.Optional;

/**
 * Something security-relevant happened. Carries no secret: no password, no token, and for an unknown
 * account no email either.
 *
 * @param accountId the account, when one is known
 */
public record AuditEvent(
    Type type, Optional<String> accountId, String tenant, String remoteAddress, Instant at) {

  public enum Type {
    LOGIN_SUCCESS,
    LOGIN_FAILURE,
    LOCKOUT,
    /** A sign-in (or a current-password check) refused unchecked: the client must wait. */
    LOGIN_THROTTLED,
    REGISTERED,
    REGISTER_EXISTING,
    /** A registration into a tenant that is not open to it. */
    REGISTER_REFUSED,
    /** An administrator invited someone: an account without a password, and a link to choose one. */
    INVITED,
    RESET_REQUESTED,
    PASSWORD_CHANGED,
    /** A signed-in password change with a wrong current password (counted like a failed sign-in). */
    PASSWORD_CHANGE_FAILURE,
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

    /**
     * Logs each event at INFO through {@link System.Logger}, one line each: every field is escaped (control characters,
     * line and paragraph separators as {@code \\uXXXX}, spaces as {@code _}), so no value can forge a line or a field.
     */
    static Listener log() {
      System.Logger log = System.getLogger("dev.refauth.audit");
      return e ->
          log.log(
              System.Logger.Level.INFO,
              "audit "
                  + e.type()
                  + " account="
                  + escape(e.accountId().orElse("-"))
                  + " tenant="
                  + (e.tenant().isEmpty() ? "-" : escape(e.tenant()))
                  + " address="
                  + escape(e.remoteAddress()));
    }

    /** {@code value} as one token of a log line. */
    private static String escape(String value) {
      StringBuilder b = new StringBuilder(value.length());
      value
          .codePoints()
          .forEach(
              c -> {
                if (c < 0x20
                    || (c >= 0x7f && c < 0xa0)
                    || c == 0x2028
                    || c == 0x2029
                    || c == '\\') {
                  b.append(String.format("\\u%04x", c));
                } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                  b.append('_');
                } else {
                  b.appendCodePoint(c);
                }
              });
      return b.toString();
    }
  }
}
