package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Refine's {@code CheckResponse}: {@code authenticated}, {@code redirectTo}, {@code logout}, {@code error}.
 *
 * <p>Server side, an authenticated answer should carry the {@link Authentication} (identity and
 * permissions) so that one call decides a request. A bare {@link #authenticated()} is allowed, as in
 * Refine; the engine then asks {@link AuthProvider#getIdentity} and {@link AuthProvider#getPermissions}.
 * The authentication is not part of the JSON.
 */
public final class CheckResponse {
  private final boolean authenticated;
  private final @Nullable String redirectTo;
  private final boolean logout;
  private final @Nullable AuthError error;
  private final @Nullable Authentication authentication;
  private final ResponseEffects effects;

  private CheckResponse(
      boolean authenticated,
      @Nullable String redirectTo,
      boolean logout,
      @Nullable AuthError error,
      @Nullable Authentication authentication,
      ResponseEffects effects) {
    this.authenticated = authenticated;
    this.redirectTo = redirectTo;
    this.logout = logout;
    this.error = error;
    this.authentication = authentication;
    this.effects = effects;
  }

  /** Authenticated, with identity and permissions: the answer a server-side provider should give. */
  public static CheckResponse authenticated(Authentication authentication) {
    return new CheckResponse(
        true,
        null,
        false,
        null,
        Checks.notNull(authentication, "authentication"),
        ResponseEffects.none());
  }

  /** Authenticated, identity to be asked of {@link AuthProvider#getIdentity}. */
  public static CheckResponse authenticated() {
    return new CheckResponse(true, null, false, null, null, ResponseEffects.none());
  }

  /** {@code {authenticated: false}}. */
  public static CheckResponse unauthenticated() {
    return new CheckResponse(false, null, false, null, null, ResponseEffects.none());
  }

  /** {@code {authenticated: false, redirectTo}}. */
  public static CheckResponse unauthenticated(String redirectTo) {
    return unauthenticated().withRedirectTo(redirectTo);
  }

  public CheckResponse withRedirectTo(String redirectTo) {
    return new CheckResponse(
        authenticated,
        Checks.notBlank(redirectTo, "redirectTo"),
        logout,
        error,
        authentication,
        effects);
  }

  /** Asks the client to log out (clear its credentials). Only meaningful when unauthenticated. */
  public CheckResponse withLogout(boolean logout) {
    return new CheckResponse(authenticated, redirectTo, logout, error, authentication, effects);
  }

  public CheckResponse withError(AuthError error) {
    return new CheckResponse(
        authenticated, redirectTo, logout, Checks.notNull(error, "error"), authentication, effects);
  }

  public CheckResponse withCookie(ResponseCookie cookie) {
    return withEffects(effects.withCookie(cookie));
  }

  public CheckResponse withEffects(ResponseEffects effects) {
    return new CheckResponse(
        authenticated,
        redirectTo,
        logout,
        error,
        authentication,
        Checks.notNull(effects, "effects"));
  }

  public boolean isAuthenticated() {
    return authenticated;
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

  /** Who is authenticated, when the provider said so in this response. */
  public Optional<Authentication> authentication() {
    return Optional.ofNullable(authentication);
  }

  public ResponseEffects effects() {
    return effects;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckResponse r
        && r.authenticated == authenticated
        && Objects.equals(r.redirectTo, redirectTo)
        && r.logout == logout
        && Objects.equals(r.error, error)
        && Objects.equals(r.authentication, authentication)
        && r.effects.equals(effects);
  }

  @Override
  public int hashCode() {
    return Objects.hash(authenticated, redirectTo, logout, error, authentication, effects);
  }

  @Override
  public String toString() {
    return "CheckResponse[authenticated="
        + authenticated
        + ", redirectTo="
        + redirectTo
        + ", logout="
        + logout
        + ", error="
        + error
        + "]";
  }
}
