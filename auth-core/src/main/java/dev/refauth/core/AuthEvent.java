package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.CurrentRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Something security-relevant happened: a sign-in, a refused one, a lockout, a throttled attempt, a sign-out, a
 * renewed or reused session, a refused permission, a password change, a registration, a change of the second factor.
 * Delivered to every {@link dev.refauth.core.spi.AuthEventListener} (on a Jakarta EE server with {@code auth-cdi}, as a
 * CDI event: {@code void on(@Observes AuthEvent e)}); {@code auth-audit} writes each as one JSON line, {@code
 * auth-metrics} counts them, an {@link dev.refauth.core.spi.AuthEventStore} keeps them.
 *
 * <p>Carries no secret: no password, no token, no email address (a person is named by account id only, and an unknown
 * account not at all). Every text in it may have come from a client (a tenant header, an upstream provider's subject):
 * whoever writes it out escapes it.
 *
 * @param subject the account, when one is known
 * @param tenant the tenant, {@code ""} when the application has none
 * @param address the client's address (as the guard resolved it behind trusted proxies)
 * @param method how the person proved who they are, where that matters ({@link Method#NONE} elsewhere)
 * @param requestId the request the event happened in: a well-formed {@code X-Request-Id} the client or a proxy sent,
 *     else one made up for it; {@code ""} outside a request the guard handles
 */
public record AuthEvent(
    Type type,
    Optional<String> subject,
    String tenant,
    String address,
    Instant at,
    Method method,
    String requestId) {

  /**
   * What happened, each with its name in the OWASP logging vocabulary ({@link #vocabulary()}); where OWASP has no
   * word, one in its style.
   */
  public enum Type {
    SIGNED_IN("authn_login_success", Method.PASSWORD),
    SIGN_IN_FAILED("authn_login_fail", Method.PASSWORD),
    LOCKED_OUT("authn_login_lock", Method.PASSWORD),
    /** A sign-in or a current-password check refused unchecked: the client must wait. */
    THROTTLED("excess_rate_limit_exceeded", Method.PASSWORD),
    SIGNED_OUT("session_expired", Method.NONE),
    /** A refresh token was exchanged for a new one (a rotation). */
    SESSION_RENEWED("session_renewed", Method.REFRESH),
    /** A refresh token was used a second time: the whole family it belongs to has been ended. */
    TOKEN_REUSED("authn_token_reuse", Method.REFRESH),
    /** A refresh token or session past its expiry, revoked or unknown was offered. */
    SESSION_REFUSED("session_use_after_expire", Method.REFRESH),
    /** An authenticated caller was refused a permission or another tenant's resource (403). */
    ACCESS_DENIED("authz_fail", Method.NONE),
    PASSWORD_CHANGED("authn_password_change", Method.PASSWORD),
    /** A password change with a wrong current password (counted like a failed sign-in). */
    PASSWORD_CHANGE_FAILED("authn_password_change_fail", Method.PASSWORD),
    /** Someone asked for a reset link for an existing account. */
    RESET_REQUESTED("authn_password_reset_request", Method.NONE),
    REGISTERED("user_created", Method.NONE),
    /**
     * A registration that made no account: the address is taken or the tenant not open to it (one type for both, so
     * that the trail does not tell who has an account to whoever reads it).
     */
    REGISTRATION_REFUSED("user_created_fail", Method.NONE),
    /** An administrator invited someone: an account without a password, and a link to choose one. */
    INVITED("user_created", Method.NONE),
    /** A second factor was added to the account (an authenticator app confirmed, a passkey registered). */
    SECOND_FACTOR_ADDED("user_updated", Method.NONE),
    /** A second factor was removed from the account. */
    SECOND_FACTOR_REMOVED("user_updated", Method.NONE),
    /** A recovery code was used (the owner should know: it may not have been them). */
    RECOVERY_CODE_USED("authn_recovery_code_used", Method.NONE),
    /** New recovery codes were made; the old ones no longer work. */
    RECOVERY_CODES_RENEWED("user_updated", Method.NONE);

    private final String vocabulary;
    private final Method method;

    Type(String vocabulary, Method method) {
      this.vocabulary = vocabulary;
      this.method = method;
    }

    /** The OWASP logging vocabulary's name, such as {@code authn_login_fail}. */
    public String vocabulary() {
      return vocabulary;
    }

    /** The method an event of this type has when its source does not say. */
    public Method defaultMethod() {
      return method;
    }
  }

  /** How a person proved who they are. */
  public enum Method {
    PASSWORD,
    SOCIAL,
    PASSKEY,
    /** A code from an authenticator app, or a recovery code. */
    OTP,
    REFRESH,
    /** Another issuer's token, or a second factor. */
    TOKEN,
    NONE;

    /** Lower case, for a label or a log field. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * An event of the request this thread is handling for the guard: the type's {@linkplain Type#defaultMethod()
   * default method} and that request's id ({@code ""} outside one).
   */
  public AuthEvent(Type type, Optional<String> subject, String tenant, String address, Instant at) {
    this(type, subject, tenant, address, at, type.defaultMethod(), CurrentRequest.id());
  }

  /** What happened to {@code subject}'s account on {@code request} (its tenant, if it names one, and its address). */
  public static AuthEvent of(Type type, String subject, AuthRequest request, Instant at) {
    return of(type, subject, Optional.empty(), request, at);
  }

  /**
   * What happened to {@code who}'s account on {@code request}, in {@code tenant} (the account's, which a request that
   * names none, such as a browser's with its session cookie, does not tell), else the request's.
   */
  public static AuthEvent of(
      Type type, String subject, Optional<String> tenant, AuthRequest request, Instant at) {
    return new AuthEvent(
        type,
        Optional.of(Checks.notBlank(subject, "subject")),
        Checks.notNull(tenant, "tenant").or(request::tenant).orElse(""),
        request.remoteAddress(),
        at);
  }

  /** A copy with {@code method}. */
  public AuthEvent withMethod(Method method) {
    return new AuthEvent(type, subject, tenant, address, at, method, requestId);
  }

  public AuthEvent {
    Checks.notNull(type, "type");
    Checks.notNull(subject, "subject");
    Checks.notNull(tenant, "tenant");
    Checks.notNull(address, "address");
    Checks.notNull(at, "at");
    Checks.notNull(method, "method");
    Checks.notNull(requestId, "requestId");
  }
}
