package dev.refauth.core;

import java.util.Optional;

/**
 * Where users live, for the providers that refauth ships (the token provider, later the JDBC accounts):
 * checks a password and finds a user's current identity and permissions. Applications replace it to
 * plug in their own user store.
 *
 * <p>Both methods answer values: empty for an unknown user, a wrong password or a disabled account, and
 * {@link #authenticate} must take the same time for each (verify against a dummy hash when the user is
 * unknown), so neither the answer nor its timing tells whether an account exists.
 */
public interface UserDirectory {

  /**
   * The user these credentials belong to.
   *
   * @param tenant the tenant to authenticate in, when the application has tenants
   * @param request the request the credentials came with (its client address, for throttling)
   */
  Optional<Authentication> authenticate(String login, String password, Optional<String> tenant, AuthRequest request);

  /** The current identity and permissions of {@code subject} (the identity id), or empty when gone or disabled. */
  Optional<Authentication> find(String subject, Optional<String> tenant);
}
