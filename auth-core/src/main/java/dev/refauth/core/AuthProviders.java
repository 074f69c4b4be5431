package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the application's {@link AuthProvider}.
 *
 * <ul>
 *   <li>By class name: an {@link AuthProvider} with a public constructor taking {@link AuthSettings} or
 *       none, or an {@link AuthProviderFactory} with a public no-argument constructor.
 *   <li>Otherwise, the single {@link AuthProviderFactory} registered with {@link ServiceLoader}. None or
 *       several is a startup error that names what was found.
 * </ul>
 */
public final class AuthProviders {
  private AuthProviders() {}

  /**
   * By class name: an {@link AuthProvider} or an {@link AuthProviderFactory}.
   *
   * @param className the class to use
   * @param settings the provider's own settings
   * @param loader where to look (the web application's class loader)
   * @throws AuthException if no provider, or more than one, can be found, naming what was found
   */
  public static AuthProvider load(String className, AuthSettings settings, ClassLoader loader) {
    Checks.notBlank(className, "className");
    Checks.notNull(settings, "settings");
    Checks.notNull(loader, "loader");
    return byName(className.strip(), settings, loader);
  }

  /**
   * The single {@link AuthProviderFactory} registered with {@link ServiceLoader} in {@code loader}.
   *
   * @throws AuthException if there is none, or more than one, naming what was found
   */
  public static AuthProvider load(AuthSettings settings, ClassLoader loader) {
    Checks.notNull(settings, "settings");
    Checks.notNull(loader, "loader");
    List<AuthProviderFactory> found = new ArrayList<>();
    for (AuthProviderFactory f : ServiceLoader.load(AuthProviderFactory.class, loader)) {
      found.add(f);
    }
    if (found.size() == 1) {
      return notNull(found.get(0).create(settings), found.get(0).getClass().getName());
    }
    List<String> names = found.stream().map(f -> f.getClass().getName()).toList();
    throw new AuthException(
        found.isEmpty()
            ? "no AuthProvider configured: name one in the 'provider' setting, or register exactly one "
                + AuthProviderFactory.class.getName()
                + " in META-INF/services"
            : "found "
                + found.size()
                + " AuthProviderFactory services "
                + names
                + "; name the one to use in the 'provider' setting");
  }

  private static AuthProvider byName(String className, AuthSettings settings, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new AuthException("provider class '" + className + "' cannot be loaded", e);
    }
    try {
      if (AuthProviderFactory.class.isAssignableFrom(type)) {
        AuthProviderFactory factory = (AuthProviderFactory) type.getConstructor().newInstance();
        return notNull(factory.create(settings), className);
      }
      if (AuthProvider.class.isAssignableFrom(type)) {
        try {
          Constructor<?> withSettings = type.getConstructor(AuthSettings.class);
          return (AuthProvider) withSettings.newInstance(settings);
        } catch (NoSuchMethodException e) {
          return (AuthProvider) type.getConstructor().newInstance();
        }
      }
    } catch (NoSuchMethodException e) {
      throw new AuthException(
          "provider class '"
              + className
              + "' needs a public constructor taking AuthSettings or no arguments",
          e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof AuthException ae) {
        throw ae;
      }
      throw new AuthException(
          "provider class '" + className + "' failed to start: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AuthException("provider class '" + className + "' cannot be instantiated", e);
    }
    throw new AuthException(
        "provider class '" + className + "' is neither an AuthProvider nor an AuthProviderFactory");
  }

  private static AuthProvider notNull(AuthProvider provider, String source) {
    if (provider == null) {
      throw new AuthException(source + " created no provider (returned null)");
    }
    return provider;
  }
}
