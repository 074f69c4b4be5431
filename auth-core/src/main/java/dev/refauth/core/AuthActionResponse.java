package dev.refauth.core;

import dev.refauth.core.internal.AuthJson;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.Urls;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Refine's {@code AuthActionResponse}, the answer of {@code login}, {@code logout}, {@code register},
 * {@code forgotPassword} and {@code updatePassword}.
 *
 * <p>JSON ({@link AuthJson}): {@code success}, {@code redirectTo}, {@code error}, {@code successNotification},
 * then every entry of {@link #data()} at the top level (Refine's {@code [key: string]: unknown}), such as
 * {@code accessToken}, {@code token} and {@code expiresIn}.
 *
 * <p>Immutable; the {@code with} methods return copies.
 */
public final class AuthActionResponse {
  private static final Set<String> RESERVED =
      Set.of("success", "redirectTo", "error", "successNotification", "message");

  private final boolean success;
  private final @Nullable String redirectTo;
  private final @Nullable AuthError error;
  private final @Nullable Notification successNotification;
  private final Map<String, Object> data;
  private final ResponseEffects effects;
  private final @Nullable URI exitTo;

  private AuthActionResponse(
      boolean success,
      @Nullable String redirectTo,
      @Nullable AuthError error,
      @Nullable Notification notification,
      Map<String, Object> data,
      ResponseEffects effects) {
    this(success, redirectTo, error, notification, data, effects, null);
  }

  private AuthActionResponse(
      boolean success,
      @Nullable String redirectTo,
      @Nullable AuthError error,
      @Nullable Notification notification,
      Map<String, Object> data,
      ResponseEffects effects,
      @Nullable URI exitTo) {
    this.exitTo = exitTo;
    this.success = success;
    this.redirectTo = redirectTo;
    this.error = error;
    this.successNotification = notification;
    this.data = data;
    this.effects = effects;
  }

  /** {@code {success: true}}. */
  public static AuthActionResponse success() {
    return new AuthActionResponse(true, null, null, null, Map.of(), ResponseEffects.none());
  }

  /** {@code {success: true, redirectTo}}. */
  public static AuthActionResponse success(String redirectTo) {
    return success().withRedirectTo(redirectTo);
  }

  /** {@code {success: false, error}}. */
  /**
   * A sign-in that succeeded, as Refine shows one: to {@code /}, with the "Login successful" notification. Add the
   * tokens with {@link #withAccessToken}.
   */
  public static AuthActionResponse signedIn() {
    return success("/")
        .withSuccessNotification(Notification.of("Login successful", "Welcome back!"));
  }

  /**
   * A copy carrying an access token as Refine's clients read it: {@code accessToken}, {@code token} (the same, for
   * clients that read that name) and {@code expiresIn} in seconds.
   */
  public AuthActionResponse withAccessToken(String token, Duration expiresIn) {
    return with("accessToken", token).with("token", token).with("expiresIn", expiresIn.toSeconds());
  }

  public static AuthActionResponse failure(AuthError error) {
    return new AuthActionResponse(
        false, null, Checks.notNull(error, "error"), null, Map.of(), ResponseEffects.none());
  }

  /**
   * {@code {success: false, error: TooManyAttempts}}, status 429, with {@code Retry-After}: the answer to a client that
   * must wait ({@link UserDirectory.SignIn.Throttled}), the same whoever the account is.
   */
  public static AuthActionResponse tooManyAttempts(Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    String wait =
        seconds == 1
            ? "1 second."
            : seconds < 120 ? seconds + " seconds." : (seconds + 59) / 60 + " minutes.";
    return failure(AuthError.of("TooManyAttempts", "Too many attempts. Try again in " + wait, 429))
        .withEffects(ResponseEffects.none().withHeader("Retry-After", Long.toString(seconds)));
  }

  /** The well-formed answer of an optional method a provider does not implement: a 501 {@code NotSupported} failure. */
  public static AuthActionResponse unsupported(String method) {
    return failure(AuthError.notSupported(method));
  }

  public AuthActionResponse withRedirectTo(String redirectTo) {
    return new AuthActionResponse(
        success,
        Checks.notBlank(redirectTo, "redirectTo"),
        error,
        successNotification,
        data,
        effects,
        exitTo);
  }

  /** A copy without {@code redirectTo}. */
  AuthActionResponse withoutRedirectTo() {
    return new AuthActionResponse(success, null, error, successNotification, data, effects, exitTo);
  }

  public AuthActionResponse withSuccessNotification(Notification notification) {
    return new AuthActionResponse(
        success,
        redirectTo,
        error,
        Checks.notNull(notification, "notification"),
        data,
        effects,
        exitTo);
  }

  /**
   * A copy that, as a sign-out's answer, sends the browser out of the application to {@code url}: an identity
   * provider's end-session endpoint, which the provider knows from its configuration, never from the request. The auth
   * API writes it as the absolute {@code redirectTo} of a successful {@code logout} (a form post: a 303 to it); any
   * other answer ignores it. Only an https URL, or http on localhost, is accepted.
   *
   * @throws IllegalArgumentException for any other URL
   */
  public AuthActionResponse withExitTo(URI url) {
    Checks.notNull(url, "url");
    Checks.require(
        Urls.httpsOrLocal(url.toString(), true).isPresent(),
        "an exit must be an https URL (or http on localhost): %s",
        url);
    return new AuthActionResponse(
        success, redirectTo, error, successNotification, data, effects, url);
  }

  /** Where a successful sign-out sends the browser out of the application ({@link #withExitTo}). */
  public Optional<URI> exitTo() {
    return Optional.ofNullable(exitTo);
  }

  /**
   * A copy with one more entry of extra data, written at the top level of the JSON.
   *
   * @throws IllegalArgumentException if {@code key} is one of Refine's own field names
   */
  public AuthActionResponse with(String key, Object value) {
    Checks.notBlank(key, "key");
    Checks.notNull(value, "value");
    Checks.require(!RESERVED.contains(key), "'%s' is a field of AuthActionResponse itself", key);
    Map<String, Object> copy = new LinkedHashMap<>(data);
    copy.put(key, value);
    return new AuthActionResponse(
        success,
        redirectTo,
        error,
        successNotification,
        Collections.unmodifiableMap(copy),
        effects,
        exitTo);
  }

  /** A copy that also sets or clears this cookie. */
  public AuthActionResponse withCookie(ResponseCookie cookie) {
    return withEffects(effects.withCookie(cookie));
  }

  public AuthActionResponse withEffects(ResponseEffects effects) {
    return new AuthActionResponse(
        success,
        redirectTo,
        error,
        successNotification,
        data,
        Checks.notNull(effects, "effects"),
        exitTo);
  }

  public boolean isSuccess() {
    return success;
  }

  public Optional<String> redirectTo() {
    return Optional.ofNullable(redirectTo);
  }

  public Optional<AuthError> error() {
    return Optional.ofNullable(error);
  }

  public Optional<Notification> successNotification() {
    return Optional.ofNullable(successNotification);
  }

  /** Extra data, in insertion order. */
  public Map<String, Object> data() {
    return data;
  }

  /** One entry of extra data. */
  public Optional<Object> data(String key) {
    return Optional.ofNullable(data.get(key));
  }

  public ResponseEffects effects() {
    return effects;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthActionResponse r
        && r.success == success
        && Objects.equals(r.redirectTo, redirectTo)
        && Objects.equals(r.error, error)
        && Objects.equals(r.successNotification, successNotification)
        && r.data.equals(data)
        && r.effects.equals(effects)
        && Objects.equals(r.exitTo, exitTo);
  }

  @Override
  public int hashCode() {
    return Objects.hash(success, redirectTo, error, successNotification, data, effects, exitTo);
  }

  /** Never shows data values: they are often tokens. */
  @Override
  public String toString() {
    return "AuthActionResponse[success="
        + success
        + ", redirectTo="
        + redirectTo
        + ", error="
        + error
        + ", data="
        + data.keySet()
        + "]";
  }
}
