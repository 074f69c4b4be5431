package dev.refauth.core.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Which class loader to look in, and whether an optional API is there, for refauth's own modules. Internal: not API,
 * may change in any release.
 */
public final class ClassLoading {
  private ClassLoading() {}

  /** The thread's context class loader (the web application's, in a container), else {@code fallback}'s. */
  public static ClassLoader contextOr(Class<?> fallback) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : fallback.getClassLoader();
  }

  /**
   * Whether {@code className} can be loaded by the loader that links {@code linkedBy} (the class that would use it),
   * without initializing it: the test for an optional dependency, made without loading any class that names its
   * types.
   */
  public static boolean present(String className, Class<?> linkedBy) {
    try {
      Class.forName(className, false, linkedBy.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * The implementations of {@code service} registered with {@link ServiceLoader} in {@code loader}, each
   * made on its own: one that cannot be loaded or made (a missing class, a library of another version that the
   * container put first) is logged and left out, never the others.
   */
  public static <T> List<T> services(Class<T> service, ClassLoader loader) {
    List<T> found = new ArrayList<>();
    Iterator<ServiceLoader.Provider<T>> providers =
        ServiceLoader.load(service, loader).stream().iterator();
    // a bound, so that a loader that fails the same entry forever cannot hold the caller
    for (int i = 0; i < 1_000; i++) {
      ServiceLoader.Provider<T> p;
      try {
        if (!providers.hasNext()) {
          break;
        }
        p = providers.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        skipped(service, e);
        continue;
      }
      try {
        found.add(p.get());
      } catch (ServiceConfigurationError | LinkageError e) {
        skipped(service, e);
      }
    }
    return found;
  }

  private static void skipped(Class<?> service, Throwable e) {
    System.getLogger(service.getName())
        .log(
            System.Logger.Level.WARNING,
            "a " + service.getSimpleName() + " could not be loaded and is left out: " + e);
  }
}
