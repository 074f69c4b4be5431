package dev.refauth.cdi;

import java.io.Serial;

/**
 * A call to a CDI bean method that {@code @RolesAllowed} (or {@code @DenyAll}) keeps from this caller: thrown before
 * the method runs. {@link #signedIn()} tells a caller without the permission (answer 403) from a request without a
 * caller (answer 401); the message names neither the caller nor the roles.
 */
public final class AccessDenied extends SecurityException {
  @Serial private static final long serialVersionUID = 1L;

  private final boolean signedIn;

  AccessDenied(boolean signedIn) {
    super(signedIn ? "not permitted" : "not signed in");
    this.signedIn = signedIn;
  }

  /** Whether a caller was signed in (and lacks the permission), rather than nobody. */
  public boolean signedIn() {
    return signedIn;
  }
}
