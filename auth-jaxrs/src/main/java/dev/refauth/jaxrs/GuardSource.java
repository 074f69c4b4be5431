package dev.refauth.jaxrs;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.adapter.HttpReply;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Response;
import org.jspecify.annotations.Nullable;

/**
 * Where the JAX-RS layer finds the application's one {@link AuthGuard}: the request property the servlet
 * filter sets, else the guard given to {@link AuthFeature}, else the application property
 * {@link AuthGuard#GUARD_ATTRIBUTE}.
 */
final class GuardSource {
  private static final System.Logger LOG = System.getLogger(AuthFeature.class.getName());
  private final @Nullable AuthGuard configured;
  private final Configuration configuration;
  private final ServletFacts.@Nullable Holder servlet;

  GuardSource(
      @Nullable AuthGuard configured,
      Configuration configuration,
      ServletFacts.@Nullable Holder servlet) {
    this.configured = configured;
    this.configuration = configuration;
    this.servlet = servlet;
  }

  /** The request as the guard sees it. */
  AuthRequest request(ContainerRequestContext ctx) {
    return Exchanges.toAuthRequest(ctx, servlet);
  }

  @Nullable AuthGuard guard(ContainerRequestContext ctx) {
    if (ctx.getProperty(AuthGuard.GUARD_ATTRIBUTE) instanceof AuthGuard g) {
      return g;
    }
    return known();
  }

  /**
   * The guard known before any request: the one given to the feature, else the application's property; null when
   * only a servlet filter in front will tell, request by request.
   */
  @Nullable AuthGuard known() {
    if (configured != null) {
      return configured;
    }
    return configuration.getProperty(AuthGuard.GUARD_ATTRIBUTE) instanceof AuthGuard g ? g : null;
  }

  /** Fail closed when no guard can be found: a deployment error, not the caller's. */
  static Response misconfigured() {
    LOG.log(
        System.Logger.Level.ERROR,
        "no AuthGuard for a protected JAX-RS resource: declare AuthenticatedFilter, "
            + "or register new AuthFeature(guard)");
    return Exchanges.toResponse(HttpReply.error(500, "ServerError", "Something went wrong"));
  }
}
