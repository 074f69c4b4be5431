package dev.refauth.core;

import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception of refauth: misconfiguration (a bad setting, a provider that cannot be
 * found) and infrastructure failure (a store that cannot be reached).
 *
 * <p>Wrong credentials, expired tokens and missing permissions are never exceptions: they are response
 * values ({@link AuthActionResponse#failure(AuthError)}, {@link CheckResponse#unauthenticated()}).
 */
public class AuthException extends RuntimeException {

  /**
   * @param message what is wrong, naming the setting or component at fault; never a secret
   */
  public AuthException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, naming the setting or component at fault; never a secret
   * @param cause the underlying failure
   */
  public AuthException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
