package dev.refauth.servlet;

import dev.refauth.core.AuthSettings;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where a setting the init-params do not have is looked for: MicroProfile Config when the server has it (Payara; it
 * reads system properties, the environment and {@code META-INF/microprofile-config.properties} itself, and resolves
 * Payara's password aliases), else system properties, then the environment.
 */
final class SettingsSources {
  private static final String CONFIG_PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";

  private SettingsSources() {}

  static List<AuthSettings.Source> of(ClassLoader loader) {
    if (hasMicroProfileConfig(loader)) {
      try {
        return List.of(new MicroProfile(ConfigProvider.getConfig(loader)));
      } catch (IllegalStateException | ServiceConfigurationError e) {
        // the API without an implementation: as if there were none
      }
    }
    return List.of(AuthSettings.Source.systemProperties(), AuthSettings.Source.environment());
  }

  private static boolean hasMicroProfileConfig(ClassLoader loader) {
    try {
      Class.forName(CONFIG_PROVIDER, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
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
