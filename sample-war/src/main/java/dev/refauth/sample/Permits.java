package dev.refauth.sample;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.Requirement;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A permission check for the sample's servlets, decided by the guard as {@code @RequiresPermission} is in JAX-RS, so
 * that a refusal is in the security trail too ({@code authz_fail}). The servlet then answers {@code sendError(403)},
 * which the filter routes through the provider's {@code onError}.
 */
final class Permits {
  private Permits() {}

  /** Whether the authenticated caller of {@code req} holds {@code permission}; false for an anonymous one. */
  static boolean granted(HttpServletRequest req, String permission) {
    if (!(req.getAttribute(AuthGuard.AUTHENTICATION_ATTRIBUTE) instanceof Authentication caller)) {
      return false;
    }
    if (req.getServletContext().getAttribute(AuthGuard.GUARD_ATTRIBUTE) instanceof AuthGuard guard
        && req.getAttribute(AuthGuard.REQUEST_ATTRIBUTE) instanceof AuthRequest request) {
      return guard
          .authorize(request, Requirement.permissions(Requirement.Logical.ALL, permission), caller)
          .proceeds();
    }
    return caller.permissions().implies(permission);
  }
}
