package dev.refauth.servlet;

import dev.refauth.core.AuthException;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Collections;
import java.util.Map;

/**
 * Builds the guard of every {@link AuthenticatedFilter} declared with init-params while the application starts, and
 * fails the start (the deployment) when a setting is bad, naming it. Without it, a server that keeps an application
 * whose filter failed to start (Payara does) would serve that application without the filter. Declared in the
 * library's {@code web-fragment.xml}; a {@code metadata-complete} {@code web.xml} leaves it out, and each filter then
 * builds its guard when it starts, as before.
 */
public final class GuardStartup implements ServletContextListener {
  private static final String PREFIX = GuardStartup.class.getName() + ".";

  /** The context attribute that hands filter {@code filterName} its guard. */
  static String attribute(String filterName) {
    return PREFIX + filterName;
  }

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    for (Map.Entry<String, ? extends FilterRegistration> e :
        context.getFilterRegistrations().entrySet()) {
      FilterRegistration r = e.getValue();
      Map<String, String> params = r.getInitParameters();
      // a filter registered in code with its settings or guard in its constructor has no
      // init-params
      if (!AuthenticatedFilter.class.getName().equals(r.getClassName()) || params.isEmpty()) {
        continue;
      }
      try {
        context.setAttribute(
            attribute(e.getKey()), AuthenticatedFilter.build(params, true, e.getKey(), context));
      } catch (AuthException | IllegalArgumentException failed) {
        throw new IllegalStateException(
            "AuthenticatedFilter '" + e.getKey() + "': " + failed.getMessage(), failed);
      }
    }
  }

  /** Closes the guards no filter took (a filter that never started). */
  @Override
  public void contextDestroyed(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    for (String name : Collections.list(context.getAttributeNames())) {
      if (name.startsWith(PREFIX)
          && context.getAttribute(name) instanceof AuthenticatedFilter.Built built) {
        context.removeAttribute(name);
        built.guard().provider().close();
      }
    }
  }
}
