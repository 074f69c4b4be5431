package dev.refauth.social;

/**
 * Why one social sign-in failed, for the log (never for the user, who gets a generic answer).
 * {@code unavailable}: the provider could not be reached (503) rather than refused (401).
 */
final class SocialLoginException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean unavailable;

  SocialLoginException(String reason, boolean unavailable) {
    super(reason, null, false, false);
    this.unavailable = unavailable;
  }

  boolean unavailable() {
    return unavailable;
  }
}
