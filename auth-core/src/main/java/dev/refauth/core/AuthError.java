package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Refine's {@code Error}: a {@code name}, a human {@code message} and, where known, the HTTP status it
 * stands for (Refine's {@code statusCode}).
 *
 * <p>Messages are shown to end users: keep them generic (the same text for an unknown user and a wrong
 * password) and free of secrets.
 */
public final class AuthError {
  private final String name;
  private final String message;
  private final int status;

  private AuthError(String name, String message, int status) {
    this.name = Checks.notBlank(name, "name");
    this.message = Checks.notNull(message, "message");
    Checks.require(
        status == 0 || (status >= 100 && status <= 599), "status %s is not an HTTP status", status);
    this.status = status;
  }

  /** An error without an HTTP status. */
  public static AuthError of(String name, String message) {
    return new AuthError(name, message, 0);
  }

  /** An error for an HTTP status, as Refine's {@code onError} receives it ({@code error.statusCode}). */
  public static AuthError of(String name, String message, int status) {
    return new AuthError(name, message, status);
  }

  /** {@code LoginError}, 401: the one answer for an unknown user, a wrong password or a locked account. */
  public static AuthError invalidCredentials() {
    return of("LoginError", "Invalid email or password", 401);
  }

  /** {@code Unauthorized}, 401: no valid credential. */
  public static AuthError unauthorized() {
    return of("Unauthorized", "Authentication required", 401);
  }

  /** {@code Forbidden}, 403: authenticated, but not allowed. */
  public static AuthError forbidden() {
    return of("Forbidden", "You don't have permission to perform this action", 403);
  }

  /** {@code NotSupported}, 501: an optional provider method that this provider does not implement. */
  public static AuthError notSupported(String method) {
    return of("NotSupported", "'" + method + "' is not supported", 501);
  }

  public String name() {
    return name;
  }

  public String message() {
    return message;
  }

  /** The HTTP status this error stands for, if known. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** A copy with the given HTTP status. */
  public AuthError withStatus(int status) {
    return new AuthError(name, message, status);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthError e
        && e.name.equals(name)
        && e.message.equals(message)
        && e.status == status;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, message, status);
  }

  @Override
  public String toString() {
    return "AuthError[" + name + ": " + message + (status == 0 ? "" : ", " + status) + "]";
  }
}
