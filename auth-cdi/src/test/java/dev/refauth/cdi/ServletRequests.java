package dev.refauth.cdi;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.Authentication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;

/**
 * The servlet request of a test's current request, as the filter would have marked it: its authentication attribute
 * is {@link #current}; with {@link #outsideWeb}, reading it throws as Weld's does outside a servlet request.
 */
@ApplicationScoped
public class ServletRequests {
  /** The caller the filter decided for the current (test) request; null for an anonymous one. */
  static @Nullable Authentication current;

  /** Whether the current request is no servlet request (a timer, an asynchronous method). */
  static boolean outsideWeb;

  @Produces
  @RequestScoped
  HttpServletRequest request() {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            HttpServletRequest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) -> {
              if (outsideWeb) {
                throw new IllegalStateException("no servlet request here"); // as Weld's
              }
              return method.getName().equals("getAttribute")
                      && AuthGuard.AUTHENTICATION_ATTRIBUTE.equals(args[0])
                  ? current
                  : null;
            });
  }
}
