package dev.refauth.jaxrs;

import dev.refauth.core.AuthError;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.Requirement;
import dev.refauth.core.adapter.Decision;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import org.jspecify.annotations.Nullable;

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
    if (ctx.getProperty(AuthGuard.AUTHENTICATION_ATTRIBUTE) instanceof Authentication done) {
      // the servlet filter established who calls (against its path rules): the guard decides this
      // method's own rule for that caller
      AuthGuard guard = guards.guard(ctx);
      if (rule.deny() || guard == null) {
        forbidden(ctx, guards, guard, null);
        return;
      }
      Decision d = guard.authorize(guards.request(ctx), rule.requirement(), done);
      if (d.reply().isPresent()) {
        Exchanges.drainSmallBody(ctx);
        ctx.abortWith(Exchanges.toResponse(d.reply().get()));
      } else {
        install(ctx, done);
      }
      return;
    }
    AuthGuard guard = guards.guard(ctx);
    if (guard == null) {
      if (asked.needsAuthentication()) {
        ctx.abortWith(GuardSource.misconfigured());
      }
      return;
    }
    AuthRequest request = guards.request(ctx);
    Decision d =
        guard.authorize(
            request, asked); // the permissions too, unless the method is denied outright
    if (d.reply().isPresent()) {
      Exchanges.drainSmallBody(ctx);
      ctx.abortWith(Exchanges.toResponse(d.reply().get()));
      return;
    }
    if (d.authentication().isEmpty()) {
      return;
    }
    Authentication auth = d.authentication().get();
    ctx.setProperty(AuthGuard.AUTHENTICATION_ATTRIBUTE, auth);
    ctx.setProperty(AuthGuard.REQUEST_ATTRIBUTE, request);
    if (rule.deny()) {
      forbidden(ctx, guards, guard, request);
      return;
    }
    install(ctx, auth);
  }

  private static void install(ContainerRequestContext ctx, Authentication auth) {
    ctx.setSecurityContext(
        new AuthSecurityContext(
            auth, ctx.getSecurityContext() != null && ctx.getSecurityContext().isSecure()));
  }

  /** Refused through the provider's {@code onError}; {@code built} is the request already translated, if any. */
  private static void forbidden(
      ContainerRequestContext ctx,
      GuardSource guards,
      @Nullable AuthGuard guard,
      @Nullable AuthRequest built) {
    if (guard == null) {
      ctx.abortWith(GuardSource.misconfigured());
      return;
    }
    AuthRequest request = built != null ? built : guards.request(ctx);
    Exchanges.drainSmallBody(ctx);
    ctx.abortWith(Exchanges.toResponse(guard.onError(request, AuthError.forbidden())));
  }
}
