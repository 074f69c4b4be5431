package dev.refauth.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the core decided for one request: go on (with the caller's {@link Authentication}, if any), or
 * answer with an {@link HttpReply} instead of the application.
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

  static Decision proceed(
      Optional<Authentication> authentication,
      ResponseEffects effects,
      @Nullable String csrfToken) {
    return new Decision(authentication.orElse(null), null, effects, csrfToken);
  }

  static Decision reply(HttpReply reply) {
    return new Decision(null, reply, ResponseEffects.none(), null);
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
