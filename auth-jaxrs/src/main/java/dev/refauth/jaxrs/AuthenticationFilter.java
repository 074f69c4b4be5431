package dev.refauth.jaxrs;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.Authentication;
import dev.refauth.core.Decision;
import dev.refauth.core.Requirement;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;

/**
 * Establishes who calls: reuses the authentication the servlet filter already made for this request, or
 * asks the guard (through the identity cache). Installs the {@link AuthSecurityContext}. Bound to every
 * resource method; only methods that need it are refused here.
 */
final class AuthenticationFilter implements ContainerRequestFilter {
  private final boolean required;
  private final GuardSource guards;

  AuthenticationFilter(boolean required, GuardSource guards) {
    this.required = required;
    this.guards = guards;
  }

  @Override
  public void filter(ContainerRequestContext ctx) {
    boolean secure = ctx.getSecurityContext() != null && ctx.getSecurityContext().isSecure();
    if (ctx.getProperty(AuthGuard.AUTHENTICATION_ATTRIBUTE) instanceof Authentication done) {
      ctx.setSecurityContext(new AuthSecurityContext(done, secure));
      return;
    }
    AuthGuard guard = guards.guard(ctx);
    if (guard == null) {
      if (required) {
        ctx.abortWith(GuardSource.misconfigured());
      }
      return;
    }
    Decision d = guard.authorize(Exchanges.toAuthRequest(ctx), required ? Requirement.authenticated() : Requirement.none());
    if (d.reply().isPresent()) {
      Response r = Exchanges.toResponse(d.reply().get());
      ctx.abortWith(r);
      return;
    }
    d.authentication().ifPresent(a -> {
      ctx.setProperty(AuthGuard.AUTHENTICATION_ATTRIBUTE, a);
      ctx.setSecurityContext(new AuthSecurityContext(a, secure));
    });
  }
}
