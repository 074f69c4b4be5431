package dev.refauth.jaxrs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What only the servlet container knows, read for the JAX-RS adapter when JAX-RS runs on one (Jersey or RESTEasy in
 * Jetty or Payara): the context path the application is deployed under and the peer's address, put on the request
 * as properties {@link Exchanges} reads. Registered by {@link AuthFeature} only when the servlet API is on the class
 * path, so that JAX-RS without a servlet container still loads this module.
 */
@PreMatching
final class ServletFacts implements ContainerRequestFilter {
  static final String FACTS = ServletFacts.class.getName();

  /** What the servlet container told about one request. */
  record Facts(String contextPath, Optional<String> remoteAddress) {
    /** Without a servlet container: the root, no address. */
    static final Facts NONE = new Facts("", Optional.empty());
  }

  @Context private @Nullable HttpServletRequest request;

  /** The application's context path: the same for every request, so asked once. */
  private volatile @Nullable String contextPath;

  @Override
  public void filter(ContainerRequestContext ctx) {
    HttpServletRequest r = request;
    if (r == null) {
      return;
    }
    String path = contextPath;
    if (path == null) {
      path = r.getContextPath();
      contextPath = path;
    }
    ctx.setProperty(FACTS, new Facts(path, Optional.ofNullable(r.getRemoteAddr())));
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
