package dev.refauth.servlet;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.PathRules;
import dev.refauth.core.ResponseEffects;
import dev.refauth.core.Tenant;
import dev.refauth.core.adapter.Decision;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The guard's decision on a servlet request, taken one way for every servlet-side entry point: {@link
 * AuthenticatedFilter}, and a Jakarta Security mechanism that runs before it (the {@code auth-cdi} module's). A
 * refusal is written back; otherwise the response gets the decision's cookies and headers and the request its
 * attributes, and the decision is left on the request so that the filter does not decide twice.
 */
public final class ServletGuard {
  /** Request attribute: the decision already taken on this request. */
  static final String DECIDED_ATTRIBUTE = ServletGuard.class.getName() + ".decided";

  /** Request attribute: the container was told who calls. */
  private static final String CONTAINER_ATTRIBUTE = ServletGuard.class.getName() + ".container";

  /** Servlet context attribute: where the {@code /auth} API is ({@code /auth/}), set by the filter. */
  static final String API_PREFIX_ATTRIBUTE = ServletGuard.class.getName() + ".apiPrefix";

  private ServletGuard() {}

  /** A decision on one request: for the {@code /auth} API (which decides for itself), or the guard's. */
  record Decided(
      AuthGuard guard, String rawPath, boolean api, AuthRequest request, Decision decision) {
    /** Whether this decision is the one the guard would take on {@code request} now (same guard, path, dispatch). */
    boolean holdsFor(AuthGuard current, HttpServletRequest request) {
      return guard == current
          && request.getDispatcherType() == DispatcherType.REQUEST
          && Exchanges.rawPath(request).filter(rawPath::equals).isPresent();
    }
  }

  /** The decision already taken on this request by this guard, if it still holds. */
  private static Optional<Decided> earlier(AuthGuard guard, HttpServletRequest request) {
    return request.getAttribute(DECIDED_ATTRIBUTE) instanceof Decided d
            && d.holdsFor(guard, request)
        ? Optional.of(d)
        : Optional.empty();
  }

  /** What an entry point does next. */
  public enum Outcome {
    /** The answer is written (a refusal, a redirect to the login page, a 400 for an ambiguous path). */
    ANSWERED,
    /** The request goes on, with this caller (its {@link Authentication} in the request's attributes). */
    AUTHENTICATED,
    /** The request goes on without a caller: a public path, or the {@code /auth} API. */
    ANONYMOUS
  }

  /**
   * Decides on {@code request} with the guard the application's {@link AuthenticatedFilter} built; 503 when there
   * is none (the filter is not declared, or did not start).
   */
  public static Outcome decide(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ServletContext context = request.getServletContext();
    if (!(context.getAttribute(AuthGuard.GUARD_ATTRIBUTE) instanceof AuthGuard guard)
        || !(context.getAttribute(API_PREFIX_ATTRIBUTE) instanceof String apiPrefix)) {
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      return Outcome.ANSWERED;
    }
    if (response.isCommitted() && earlier(guard, request).isEmpty()) {
      return Outcome.ANSWERED; // nothing can be written any more, and nothing may go on
    }
    Optional<Decided> d = decide(guard, apiPrefix, request, response);
    if (d.isEmpty()) {
      return Outcome.ANSWERED;
    }
    request.setAttribute(DECIDED_ATTRIBUTE, d.get()); // for the filter, which runs after
    return d.get().decision().authentication().isPresent()
        ? Outcome.AUTHENTICATED
        : Outcome.ANONYMOUS;
  }

  /**
   * Notes that the container was told who calls on this request (a Jakarta Security mechanism's {@code
   * notifyContainerAboutLogin}): the filter then leaves the request as the container made it, so that the container's
   * own checks (EJB {@code @RolesAllowed}) see its caller.
   */
  public static void containerKnowsCaller(HttpServletRequest request) {
    request.setAttribute(CONTAINER_ATTRIBUTE, Boolean.TRUE);
  }

  static boolean containerKnowsCallerOf(HttpServletRequest request) {
    return Boolean.TRUE.equals(request.getAttribute(CONTAINER_ATTRIBUTE));
  }

  /** The caller {@link #decide} found, if any. */
  public static Optional<Authentication> authentication(HttpServletRequest request) {
    return request.getAttribute(AuthGuard.AUTHENTICATION_ATTRIBUTE) instanceof Authentication a
        ? Optional.of(a)
        : Optional.empty();
  }

  /**
   * The decision on {@code request}: the one this guard already took on it (asked again in the same request, or by the
   * filter after a mechanism), else a new one. Empty when the answer is written.
   */
  static Optional<Decided> decide(
      AuthGuard guard, String apiPrefix, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<Decided> earlier = earlier(guard, request);
    if (earlier.isPresent()) {
      return earlier;
    }
    Optional<String> path = Exchanges.rawPath(request);
    if (path.isEmpty()) {
      Exchanges.writeUnread(Exchanges.ambiguousPath(), request, response);
      return Optional.empty();
    }
    String rawPath = path.get();
    AuthRequest authRequest = Exchanges.toAuthRequest(request, rawPath);
    if (rawPath.startsWith(apiPrefix) && PathRules.decode(rawPath).isPresent()) {
      return Optional.of(
          new Decided(guard, rawPath, true, authRequest, Decision.proceed(ResponseEffects.none())));
    }
    String formCsrf = isUnsafeForm(request) ? request.getParameter("_csrf") : null;
    if (formCsrf != null) {
      authRequest = authRequest.withFormCsrfToken(formCsrf);
    }
    Decision decision = guard.authorize(authRequest);
    if (decision.reply().isPresent()) {
      Exchanges.writeUnread(decision.reply().get(), request, response);
      return Optional.empty();
    }
    Exchanges.applyCookies(decision.effects().cookies(), response);
    decision.effects().headers().forEach(response::setHeader);
    request.setAttribute(AuthGuard.GUARD_ATTRIBUTE, guard);
    request.setAttribute(AuthGuard.CORS_ATTRIBUTE, Boolean.TRUE);
    decision.csrfToken().ifPresent(token -> request.setAttribute(AuthGuard.CSRF_ATTRIBUTE, token));
    if (decision.authentication().isPresent()) {
      Authentication auth = decision.authentication().get();
      request.setAttribute(AuthGuard.AUTHENTICATION_ATTRIBUTE, auth);
      request.setAttribute(AuthGuard.REQUEST_ATTRIBUTE, authRequest);
      request.setAttribute(AuthenticatedFilter.IDENTITY_ATTRIBUTE, identityMap(auth));
      auth.identity()
          .tenant()
          .ifPresent(t -> request.setAttribute(Tenant.class.getName(), new Tenant(t)));
    }
    return Optional.of(new Decided(guard, rawPath, false, authRequest, decision));
  }

  private static boolean isUnsafeForm(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
        && !"GET".equals(request.getMethod())
        && !"HEAD".equals(request.getMethod());
  }

  private static Map<String, Object> identityMap(Authentication auth) {
    Map<String, Object> m = auth.identity().toMap();
    m.put("permissions", auth.permissions().asStrings());
    return Collections.unmodifiableMap(m);
  }
}
