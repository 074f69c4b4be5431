package dev.refauth.jaxrs;

import dev.refauth.core.internal.ClassLoading;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What only the servlet container knows, for the JAX-RS adapter when JAX-RS runs on one (Jersey or RESTEasy in Jetty
 * or Payara): the context path the application is deployed under and the peer's address. The runtime makes this
 * provider's instance and injects its request into it (a proxy to the request being served); it is known to the
 * adapter's {@link Holder} from the start, and the adapter reads a fact only when the guard asks for it. A filter only so
 * that the runtime makes it: a post-matching one that does nothing (a pre-matching filter costs every request a
 * measurable share of its throughput, see docs/performance.md).
 * Registered by {@link AuthFeature} only when the servlet API is on the class path, so that JAX-RS without a servlet
 * container still loads this module.
 */
final class ServletFacts implements ContainerRequestFilter {
  /** Where the adapter's filters find the instance the runtime made. */
  static final class Holder {
    private volatile @Nullable ServletFacts facts;

    @Nullable ServletFacts facts() {
      return facts;
    }
  }

  @Context private @Nullable HttpServletRequest request;

  /**
   * Made by {@link AuthFeature} and registered as an instance (the runtime still injects its request proxy, and no
   * runtime has to reach the constructor of a class that is not public: RESTEasy cannot); announces itself to the
   * feature's {@link Holder}.
   */
  ServletFacts(Holder holder) {
    holder.facts = this;
  }

  /** The application's context path: the same for every request, so asked once. */
  private volatile @Nullable String contextPath;

  @Override
  public void filter(ContainerRequestContext ctx) {
    // nothing per request: the facts are read when the guard asks
  }

  /** The context path, {@code ""} at the root or without a servlet request. */
  String contextPath() {
    String path = contextPath;
    if (path == null) {
      HttpServletRequest r = request;
      if (r == null) {
        return "";
      }
      path = Objects.requireNonNullElse(r.getContextPath(), "");
      contextPath = path;
    }
    return path;
  }

  /** The peer's address of the request being served on this thread; {@code ""} when unknown. */
  String remoteAddress() {
    HttpServletRequest r = request;
    if (r == null) {
      return "";
    }
    try {
      return Objects.requireNonNullElse(r.getRemoteAddr(), "");
    } catch (IllegalStateException outsideRequest) {
      return "";
    }
  }

  /** Whether the servlet API can be loaded where this module is. */
  static boolean available() {
    return ClassLoading.present("jakarta.servlet.http.HttpServletRequest", ServletFacts.class);
  }
}
