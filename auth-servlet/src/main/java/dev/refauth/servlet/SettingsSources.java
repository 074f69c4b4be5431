package dev.refauth.servlet;

import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.internal.ClassLoading;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where a setting the init-params do not have is looked for: MicroProfile Config when the server has it (Payara; it
 * reads system properties, the environment and {@code META-INF/microprofile-config.properties} itself, and resolves
 * Payara's password aliases), else system properties, then the environment. Only the provider's settings ({@code
 * provider.*}: keys, database, mail, social login's credentials, lifetimes) and {@code publicOrigin} are read there:
 * what the filter protects (paths, origins, proxies, tenants, the provider's class) is the application's, and only its
 * {@code web.xml} sets it, so that no variable of the environment or jar on the class path can open a path.
 */
final class SettingsSources {
  private static final String CONFIG_PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";

  private SettingsSources() {}

  static List<AuthSettings.Source> of(ClassLoader loader) {
    // probed through the loader that links this class, which is the one that must see the API
    if (ClassLoading.present(CONFIG_PROVIDER, SettingsSources.class)) {
      try {
        return List.of(deploymentOnly(new MicroProfile(ConfigProvider.getConfig(loader))));
      } catch (IllegalStateException | ServiceConfigurationError | LinkageError e) {
        // the API without an implementation: as if there were none
      }
    }
    return withoutMicroProfile();
  }

  /** Where settings are looked for on a server without MicroProfile Config. */
  static List<AuthSettings.Source> withoutMicroProfile() {
    return List.of(
        deploymentOnly(AuthSettings.Source.systemProperties()),
        deploymentOnly(AuthSettings.Source.environment()));
  }

  /** Whether a setting may come from outside web.xml: the provider's, and the public origin. */
  static boolean isDeploymentSetting(String name) {
    return name.startsWith("provider.") || name.equals(AuthSettings.PUBLIC_ORIGIN);
  }

  private static AuthSettings.Source deploymentOnly(AuthSettings.Source source) {
    return new AuthSettings.Source() {
      @Override
      public Optional<String> find(String name) {
        if (!isDeploymentSetting(name)) {
          return Optional.empty();
        }
        try {
          return source.find(name);
        } catch (RuntimeException e) {
          // an unresolvable ${...} expression and the like: named, never shown (it may hold a
          // secret)
          throw new AuthException(
              "setting '"
                  + name
                  + "' cannot be read from "
                  + source.where(name)
                  + ": "
                  + e.getClass().getSimpleName());
        }
      }

      @Override
      public String where(String name) {
        return source.where(name);
      }
    };
  }

  /** MicroProfile Config: {@code refauth.<name>}, with its own rules for the environment and its ordinals. */
  private record MicroProfile(Config config) implements AuthSettings.Source {
    @Override
    public Optional<String> find(String name) {
      return config
          .getOptionalValue(AuthSettings.SOURCE_PREFIX + name, String.class)
          .map(String::strip)
          .filter(v -> !v.isEmpty());
    }

    @Override
    public String where(String name) {
      return "MicroProfile Config as " + AuthSettings.SOURCE_PREFIX + name;
    }
  }
}
