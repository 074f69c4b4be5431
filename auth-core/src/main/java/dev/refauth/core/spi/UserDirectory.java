package dev.refauth.core.spi;

import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.internal.Checks;
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
   * @param login the login as typed, never null (empty when the client sent none)
   * @param password the password as typed, never null (empty when the client sent none: never a match)
   * @param request the request the credentials came with: its {@linkplain AuthRequest#tenant() tenant} is the one to
   *     sign in to (none: the directory's default tenant), its client address is for throttling
   */
  Optional<Authentication> authenticate(String login, String password, AuthRequest request);

  /**
   * A sign-in attempt, with the reason it did not succeed when the reason may be told: a directory that throttles
   * answers {@link SignIn.Throttled} while the client must wait (the same for known and unknown users). The default
   * answers {@link #authenticate}'s outcome.
   */
  default SignIn attempt(String login, String password, AuthRequest request) {
    return authenticate(login, password, request)
        .<SignIn>map(SignIn.Success::new)
        .orElse(SignIn.Refused.INSTANCE);
  }

  /**
   * Whether the account signs in with a password (not, say, an account made by a social sign-in). Changing the second
   * factors of an account that has one asks for it again, as changing the password does: a stolen session must not
   * become a takeover by the thief's own factor. The default: yes.
   */
  default boolean hasPassword(String subject) {
    return true;
  }

  /**
   * The cookie a provider keeps a {@link SignIn.Success#device()} token in ({@code __Host-} in front when its cookies are
   * secure), and a directory reads back from the next sign-in's request: a browser that signed in before is told
   * apart from everyone else, so that guesses from elsewhere cannot lock its owner out.
   */
  String DEVICE_COOKIE = "refauth_device";

  /** The outcome of {@link #attempt}. */
  sealed interface SignIn {
    /**
     * The credentials are right.
     *
     * @param device a token for this browser to present at its next sign-ins ({@link #DEVICE_COOKIE}), when the
     *     directory recognizes browsers and this one is new to the account
     */
    record Success(Authentication authentication, Optional<Device> device) implements SignIn {
      public Success {
        Checks.notNull(authentication, "authentication");
        Checks.notNull(device, "device");
      }

      public Success(Authentication authentication) {
        this(authentication, Optional.empty());
      }
    }

    /** A browser's token and how long the directory will recognize it. */
    record Device(String token, Duration lifetime) {
      public Device {
        Checks.notBlank(token, "token");
        Checks.require(
            lifetime != null && !lifetime.isNegative() && !lifetime.isZero(),
            "lifetime must be positive");
      }
    }

    /** Unknown user, wrong password or disabled account: which one is never told. */
    enum Refused implements SignIn {
      INSTANCE
    }

    /** Too many failures: the client may try again after {@code retryAfter}; the credentials were not checked. */
    record Throttled(Duration retryAfter) implements SignIn {
      public Throttled {
        Checks.require(
            retryAfter != null && !retryAfter.isNegative() && !retryAfter.isZero(),
            "retryAfter must be positive");
      }
    }
  }

  /**
   * The current identity and permissions of {@code subject} (the identity id), or empty when gone, disabled or of
   * another tenant.
   *
   * @param tenant the tenant the credential names (a token's, a session's), {@code ""} when it names none: then the
   *     user is found whatever their tenant
   */
  Optional<Authentication> find(String subject, String tenant);
}
