package dev.refauth.core.adapter;

import dev.refauth.core.Authentication;
import dev.refauth.core.ResponseEffects;
import dev.refauth.core.internal.Checks;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the core decided for one request: go on (with the caller's {@link Authentication}, if any), or
 * answer with an {@link HttpReply} instead of the application. An adapter turns it into its transport's answer as
 * it is. Immutable.
 */
public final class Decision {
  private final @Nullable Authentication authentication;
  private final @Nullable HttpReply reply;
  private final ResponseEffects effects;
  private final @Nullable String csrfToken;

  private Decision(
      @Nullable Authentication authentication,
      @Nullable HttpReply reply,
      ResponseEffects effects,
      @Nullable String csrfToken) {
    this.authentication = authentication;
    this.reply = reply;
    this.effects = effects;
    this.csrfToken = csrfToken;
  }

  /** Go on to the application, anonymous, with these effects on the answer. */
  public static Decision proceed(ResponseEffects effects) {
    return Checks.notNull(effects, "effects").isEmpty()
        ? ANONYMOUS
        : new Decision(null, null, effects, null);
  }

  private static final Decision ANONYMOUS = new Decision(null, null, ResponseEffects.none(), null);

  /** Go on to the application as this caller, with these effects on the answer. */
  public static Decision proceed(Authentication authentication, ResponseEffects effects) {
    return new Decision(
        Checks.notNull(authentication, "authentication"),
        null,
        Checks.notNull(effects, "effects"),
        null);
  }

  /** Answer with this reply instead of the application. */
  public static Decision reply(HttpReply reply) {
    return new Decision(null, Checks.notNull(reply, "reply"), ResponseEffects.none(), null);
  }

  /** A copy carrying the anti-CSRF token for the forms of the page this request renders. */
  public Decision withCsrfToken(String token) {
    return new Decision(authentication, reply, effects, Checks.notBlank(token, "token"));
  }

  /** A copy whose answer also carries {@code more}: the application's when it proceeds, else the reply's. */
  public Decision withEffects(ResponseEffects more) {
    if (more.isEmpty()) {
      return this;
    }
    return reply != null
        ? new Decision(null, reply.withEffects(more), effects, null)
        : new Decision(authentication, null, effects.and(more), csrfToken);
  }

  /**
   * The anti-CSRF token for forms in the page this request renders (a hidden {@code _csrf} field): the
   * browser's, or the new one whose cookie {@link #effects()} sets; empty for a non-browser client without one.
   */
  public Optional<String> csrfToken() {
    return Optional.ofNullable(csrfToken);
  }

  /** Whether the request goes on to the application. */
  public boolean proceeds() {
    return reply == null;
  }

  /** Who the caller is, when the request proceeds and the caller is authenticated. */
  public Optional<Authentication> authentication() {
    return Optional.ofNullable(authentication);
  }

  /** The answer to send instead of the application's, when the request does not proceed. */
  public Optional<HttpReply> reply() {
    return Optional.ofNullable(reply);
  }

  /** Cookies and headers the provider asked for while checking a request that proceeds (a renewed session, say). */
  public ResponseEffects effects() {
    return effects;
  }

  @Override
  public String toString() {
    return proceeds() ? "Decision[proceed " + authentication + "]" : "Decision[" + reply + "]";
  }
}
