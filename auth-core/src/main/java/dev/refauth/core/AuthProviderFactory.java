package dev.refauth.core;

/**
 * Creates an {@link AuthProvider} from settings. Register an implementation in
 * {@code META-INF/services/dev.refauth.core.AuthProviderFactory} to be found when no provider is named, or
 * name the factory's class in the {@code provider} setting.
 */
public interface AuthProviderFactory {

  /**
   * @param settings the provider's own settings (for the servlet filter: its init-params that start with
   *     {@code provider.}, prefix removed)
   * @throws AuthException if a setting is missing or bad, naming it
   */
  AuthProvider create(AuthSettings settings);
}
