package dev.refauth.jaxrs;

import dev.refauth.core.AuthError;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.Decision;
import dev.refauth.core.Requirement;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * A resource method's whole rule in one filter: who calls, then what they may do. It reuses the authentication
 * the servlet filter already made for this request, or asks the guard (through the identity cache) for one
 * decision on the method's requirement, permissions included. Installs the {@link AuthSecurityContext}.
 * Refusals are the guard's: unauthenticated as the provider says (401, or a redirect for a browser), not
 * permitted through the provider's {@code onError} (403, or logout). Bound to every resource method; methods
 * without a rule only get the caller's identity when the request carries one.
 */
final class GuardFilter implements ContainerRequestFilter {
  private final Rules.Rule rule;
  /** What the guard is asked: a denied method still tells an anonymous caller to authenticate first. */
  private final Requirement asked;
  private final GuardSource guards;

  GuardFilter(Rules.Rule rule, GuardSource guards) {
    this.rule = rule;
    this.asked = rule.deny() ? Requirement.authenticated() : rule.requirement();
    this.guards = guards;
  }

  @Override
  public void filter(ContainerRequestContext ctx) {
    Authentication auth;
    AuthRequest request = null;
    if (ctx.getProperty(AuthGuard.AUTHENTICATION_ATTRIBUTE) instanceof Authentication done) {
      auth = done;
    } else {
      AuthGuard guard = guards.guard(ctx);
      if (guard == null) {
        if (asked.needsAuthentication()) {
          ctx.abortWith(GuardSource.misconfigured());
        }
        return;
      }
      request = Exchanges.toAuthRequest(ctx);
      Decision d = guard.authorize(request, asked);
      if (d.reply().isPresent()) {
        ctx.abortWith(Exchanges.toResponse(d.reply().get()));
        return;
      }
      if (d.authentication().isEmpty()) {
        return;
      }
      auth = d.authentication().get();
      ctx.setProperty(AuthGuard.AUTHENTICATION_ATTRIBUTE, auth);
    }
    if (rule.deny() || !rule.requirement().permits(auth.permissions())) {
      forbidden(ctx, request);
      return;
    }
    ctx.setSecurityContext(new AuthSecurityContext(auth, ctx.getSecurityContext() != null && ctx.getSecurityContext().isSecure()));
  }

  private void forbidden(ContainerRequestContext ctx, AuthRequest built) {
    AuthGuard guard = guards.guard(ctx);
    if (guard == null) {
      ctx.abortWith(GuardSource.misconfigured());
      return;
    }
    AuthRequest request = built != null ? built : Exchanges.toAuthRequest(ctx);
    ctx.abortWith(Exchanges.toResponse(guard.onError(request, AuthError.forbidden())));
  }
}
