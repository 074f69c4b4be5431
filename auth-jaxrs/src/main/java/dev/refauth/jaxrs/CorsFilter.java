package dev.refauth.jaxrs;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.ResponseEffects;
import dev.refauth.core.adapter.Decision;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * The guard's CORS for a JAX-RS application that no servlet filter stands in front of: a preflight is answered
 * before resource matching (so before any authentication), and every answer, a refusal included, carries the
 * headers the guard gives. Behind {@code AuthenticatedFilter}, which has done it already, it does nothing.
 */
@PreMatching
final class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final String EFFECTS = CorsFilter.class.getName() + ".effects";
  private final GuardSource guards;

  CorsFilter(GuardSource guards) {
    this.guards = guards;
  }

  @Override
  public void filter(ContainerRequestContext ctx) {
    AuthGuard guard = guards.guard(ctx);
    if (guard == null || ctx.getProperty(AuthGuard.CORS_ATTRIBUTE) != null) {
      return;
    }
    Decision d = guard.crossOrigin(guards.request(ctx));
    if (d.reply().isPresent()) {
      ctx.abortWith(Exchanges.toResponse(d.reply().get()));
      return;
    }
    if (!d.effects().isEmpty()) { // none for a request from no allowed origin: nothing to keep
      ctx.setProperty(EFFECTS, d.effects());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(EFFECTS) instanceof ResponseEffects effects) {
      effects.headers().forEach(response.getHeaders()::putSingle);
    }
  }
}
