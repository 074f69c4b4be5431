package dev.refauth.jaxrs;

import dev.refauth.core.AuthError;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.Authentication;
import dev.refauth.core.Requirement;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/** Checks permissions after authentication; a refusal goes through the provider's {@code onError} (403, or logout). */
final class AuthorizationFilter implements ContainerRequestFilter {
  private final Requirement requirement;
  private final boolean deny;
  private final GuardSource guards;

  AuthorizationFilter(Requirement requirement, boolean deny, GuardSource guards) {
    this.requirement = requirement;
    this.deny = deny;
    this.guards = guards;
  }

  @Override
  public void filter(ContainerRequestContext ctx) {
    Object auth = ctx.getProperty(AuthGuard.AUTHENTICATION_ATTRIBUTE);
    boolean allowed = !deny && auth instanceof Authentication a && requirement.permits(a.permissions());
    if (allowed) {
      return;
    }
    AuthGuard guard = guards.guard(ctx);
    if (guard == null) {
      ctx.abortWith(GuardSource.misconfigured());
      return;
    }
    ctx.abortWith(Exchanges.toResponse(guard.onError(Exchanges.toAuthRequest(ctx), AuthError.forbidden())));
  }
}
