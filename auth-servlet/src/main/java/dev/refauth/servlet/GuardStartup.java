package dev.refauth.servlet;

import dev.refauth.core.AuthException;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds the guard of every {@link AuthenticatedFilter} the application declares (in {@code web.xml}, a fragment or an
 * annotation) while the application starts, and fails the start (the deployment) when a setting is bad, naming it.
 * Without it, a server that keeps an application whose filter failed to start (Payara does) would serve that
 * application without the filter. A {@link ServletContainerInitializer} (so {@code metadata-complete} does not turn it
 * off): it notes the declared filters and their init-params, and its listener builds their guards once naming and
 * resources are ready. A filter registered in code later (from a listener) builds its guard when it starts, as before.
 */
public final class GuardStartup implements ServletContainerInitializer {
  private static final String PREFIX = GuardStartup.class.getName() + ".";

  /** The context attribute that hands filter {@code filterName} its guard. */
  static String attribute(String filterName) {
    return PREFIX + filterName;
  }

  @Override
  public void onStartup(@Nullable Set<Class<?>> classes, ServletContext context) {
    Map<String, Map<String, String>> declared = new LinkedHashMap<>();
    for (Map.Entry<String, ? extends FilterRegistration> e :
        context.getFilterRegistrations().entrySet()) {
      if (AuthenticatedFilter.class.getName().equals(e.getValue().getClassName())) {
        declared.put(e.getKey(), Map.copyOf(e.getValue().getInitParameters()));
      }
    }
    if (!declared.isEmpty()) {
      context.addListener(new Builder(declared));
    }
  }

  /** Builds the noted filters' guards when the application's context starts; closes those no filter took. */
  private static final class Builder implements ServletContextListener {
    private final Map<String, Map<String, String>> declared;

    Builder(Map<String, Map<String, String>> declared) {
      this.declared = declared;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
      ServletContext context = event.getServletContext();
      List<String> built = new ArrayList<>();
      for (Map.Entry<String, Map<String, String>> e : declared.entrySet()) {
        try {
          context.setAttribute(
              attribute(e.getKey()),
              AuthenticatedFilter.build(e.getValue(), true, e.getKey(), context));
          built.add(e.getKey());
        } catch (AuthException | IllegalArgumentException failed) {
          for (String name : built) {
            close(context, name); // the start fails: nothing stays open
          }
          throw new IllegalStateException(
              "AuthenticatedFilter '" + e.getKey() + "': " + failed.getMessage(), failed);
        }
      }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
      ServletContext context = event.getServletContext();
      for (String name : Collections.list(context.getAttributeNames())) {
        if (name.startsWith(PREFIX)) {
          close(context, name.substring(PREFIX.length()));
        }
      }
    }

    private static void close(ServletContext context, String filterName) {
      Object built = context.getAttribute(attribute(filterName));
      context.removeAttribute(attribute(filterName));
      if (built instanceof AuthenticatedFilter.Built b) {
        AuthenticatedFilter.close(b.guard());
      }
    }
  }
}
