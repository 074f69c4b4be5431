package dev.refauth.core.internal;

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
}
