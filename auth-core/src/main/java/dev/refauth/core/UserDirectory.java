package dev.refauth.core;

import java.time.Duration;
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

  /**
   * A sign-in attempt, with the reason it did not succeed when the reason may be told: a directory that throttles
   * answers {@link SignIn.Throttled} while the client must wait (the same for known and unknown users). The default
   * answers {@link #authenticate}'s outcome.
   */
  default SignIn attempt(String login, String password, Optional<String> tenant, AuthRequest request) {
    return authenticate(login, password, tenant, request).<SignIn>map(SignIn.Success::new).orElse(SignIn.Refused.INSTANCE);
  }

  /** The outcome of {@link #attempt}. */
  sealed interface SignIn {
    /** The credentials are right. */
    record Success(Authentication authentication) implements SignIn {
      public Success {
        Checks.notNull(authentication, "authentication");
      }
    }

    /** Unknown user, wrong password or disabled account: which one is never told. */
    enum Refused implements SignIn {
      INSTANCE
    }

    /** Too many failures: the client may try again after {@code retryAfter}; the credentials were not checked. */
    record Throttled(Duration retryAfter) implements SignIn {
      public Throttled {
        Checks.require(retryAfter != null && !retryAfter.isNegative() && !retryAfter.isZero(), "retryAfter must be positive");
      }
    }
  }

  /** The current identity and permissions of {@code subject} (the identity id), or empty when gone or disabled. */
  Optional<Authentication> find(String subject, Optional<String> tenant);
}
