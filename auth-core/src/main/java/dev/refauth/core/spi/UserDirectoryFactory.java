package dev.refauth.core.spi;

import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes the {@link UserDirectory} a provider built from settings alone signs people in against (the token
 * battery's {@code users} setting). Registered with {@link ServiceLoader}; the accounts battery registers the
 * in-memory users file.
 */
public interface UserDirectoryFactory {

  /**
   * @param settings the provider's settings; the factory reads its own keys ({@code users}) and nothing else
   * @throws AuthException naming a missing or bad setting
   */
  UserDirectory create(AuthSettings settings);

  /**
   * The single factory registered in {@code loader}.
   *
   * @throws AuthException when there is none (naming the module that brings one) or several (naming them)
   */
  static UserDirectoryFactory find(ClassLoader loader) {
    List<UserDirectoryFactory> found = new ArrayList<>();
    ServiceLoader.load(UserDirectoryFactory.class, loader).forEach(found::add);
    if (found.size() == 1) {
      return found.get(0);
    }
    throw new AuthException(
        found.isEmpty()
            ? "the 'users' setting needs a user directory: put dev.refauth:auth-accounts on the class path"
            : "found "
                + found.size()
                + " UserDirectoryFactory services "
                + found.stream().map(f -> f.getClass().getName()).toList());
  }
}
