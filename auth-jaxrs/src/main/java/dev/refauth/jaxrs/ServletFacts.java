package dev.refauth.jaxrs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import org.jspecify.annotations.Nullable;

/**
 * What only the servlet container knows, read for the JAX-RS adapter when JAX-RS runs on one (Jersey or RESTEasy in
 * Jetty or Payara): the context path the application is deployed under and the peer's address, put on the request
 * as properties {@link Exchanges} reads. Registered by {@link AuthFeature} only when the servlet API is on the class
 * path, so that JAX-RS without a servlet container still loads this module.
 */
@PreMatching
final class ServletFacts implements ContainerRequestFilter {
  static final String CONTEXT_PATH = ServletFacts.class.getName() + ".contextPath";
  static final String REMOTE_ADDRESS = ServletFacts.class.getName() + ".remoteAddress";

  @Context private @Nullable HttpServletRequest request;

  @Override
  public void filter(ContainerRequestContext ctx) {
    if (request == null) {
      return;
    }
    ctx.setProperty(CONTEXT_PATH, request.getContextPath());
    String address = request.getRemoteAddr();
    if (address != null) {
      ctx.setProperty(REMOTE_ADDRESS, address);
    }
  }

  /** Whether the servlet API can be loaded where this module is. */
  static boolean available() {
    try {
      Class.forName(
          "jakarta.servlet.http.HttpServletRequest", false, ServletFacts.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
