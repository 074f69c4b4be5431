package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Refine's {@code OnErrorResponse}: what an error means. {@code logout: true} ends the session (the
 * adapters run {@link AuthProvider#logout}, clear auth cookies and the transport session);
 * {@code redirectTo} is where a browser goes; {@code error} is what the user is told.
 */
public final class OnErrorResponse {
  private static final OnErrorResponse NONE =
      new OnErrorResponse(null, false, null, ResponseEffects.none());

  private final @Nullable String redirectTo;
  private final boolean logout;
  private final @Nullable AuthError error;
  private final ResponseEffects effects;

  private OnErrorResponse(
      @Nullable String redirectTo,
      boolean logout,
      @Nullable AuthError error,
      ResponseEffects effects) {
    this.redirectTo = redirectTo;
    this.logout = logout;
    this.error = error;
    this.effects = effects;
  }

  /** {@code {}}: the error does not concern authentication; pass it on unchanged. */
  /**
   * Refine's usual answer to an error: a 401 logs out and goes to {@code loginPath}, a 403 is reported and the user
   * stays signed in, anything else is left to the application.
   */
  public static OnErrorResponse standard(AuthError error, String loginPath) {
    int status = error.status().orElse(0);
    if (status == 401) {
      return logout(loginPath).withError(error);
    }
    return status == 403 ? of(error) : none();
  }

  public static OnErrorResponse none() {
    return NONE;
  }

  /** {@code {error}}: report the error, keep the user logged in. */
  public static OnErrorResponse of(AuthError error) {
    return new OnErrorResponse(null, false, Checks.notNull(error, "error"), ResponseEffects.none());
  }

  /** {@code {logout: true, redirectTo}}: end the session and send the user to {@code redirectTo}. */
  public static OnErrorResponse logout(String redirectTo) {
    return new OnErrorResponse(
        Checks.notBlank(redirectTo, "redirectTo"), true, null, ResponseEffects.none());
  }

  public OnErrorResponse withRedirectTo(String redirectTo) {
    return new OnErrorResponse(Checks.notBlank(redirectTo, "redirectTo"), logout, error, effects);
  }

  public OnErrorResponse withLogout(boolean logout) {
    return new OnErrorResponse(redirectTo, logout, error, effects);
  }

  public OnErrorResponse withError(AuthError error) {
    return new OnErrorResponse(redirectTo, logout, Checks.notNull(error, "error"), effects);
  }

  public OnErrorResponse withCookie(ResponseCookie cookie) {
    return withEffects(effects.withCookie(cookie));
  }

  public OnErrorResponse withEffects(ResponseEffects effects) {
    return new OnErrorResponse(redirectTo, logout, error, Checks.notNull(effects, "effects"));
  }

  public Optional<String> redirectTo() {
    return Optional.ofNullable(redirectTo);
  }

  public boolean isLogout() {
    return logout;
  }

  public Optional<AuthError> error() {
    return Optional.ofNullable(error);
  }

  public ResponseEffects effects() {
    return effects;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OnErrorResponse r
        && Objects.equals(r.redirectTo, redirectTo)
        && r.logout == logout
        && Objects.equals(r.error, error)
        && r.effects.equals(effects);
  }

  @Override
  public int hashCode() {
    return Objects.hash(redirectTo, logout, error, effects);
  }

  @Override
  public String toString() {
    return "OnErrorResponse[redirectTo="
        + redirectTo
        + ", logout="
        + logout
        + ", error="
        + error
        + "]";
  }
}
