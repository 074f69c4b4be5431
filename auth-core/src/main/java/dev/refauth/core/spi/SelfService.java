package dev.refauth.core.spi;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import java.util.Objects;
import java.util.Optional;

/**
 * A user directory that runs the self-service flows itself: sign-up, the reset link, the password change. A
 * session-issuing provider offers {@code register}, {@code forgotPassword} and {@code updatePassword} when its
 * directory implements this, and answers "not supported" otherwise.
 */
public interface SelfService {

  /** Refine's {@code register}: the answer to give, the same whether or not the address was known. */
  AuthActionResponse register(AuthParams params, AuthRequest request);

  /** Refine's {@code forgotPassword}: the answer to give, the same whether or not the address was known. */
  AuthActionResponse forgotPassword(AuthParams params, AuthRequest request);

  /**
   * Refine's {@code updatePassword} from a mailed link: the new {@code password} set by the reset {@code token} in the
   * params, nobody signed in. Without a token the answer is a 401 (sign in, or use the link).
   *
   * @return the answer, and the account whose password changed (so that the caller can end its other sessions)
   */
  PasswordChange resetPassword(AuthParams params, AuthRequest request);

  /**
   * Refine's {@code updatePassword} when signed in: the new {@code password} set by the caller's
   * {@code currentPassword} in the params (a token in the params plays no part here).
   *
   * @param caller who is signed in on this request
   * @return the answer, and the account whose password changed (so that the caller can end its other sessions)
   */
  PasswordChange changePassword(AuthParams params, AuthRequest request, Authentication caller);

  /**
   * The answer to a password change.
   *
   * @param response what to answer
   * @param accountId the account whose password changed; empty when nothing changed
   */
  record PasswordChange(AuthActionResponse response, Optional<String> accountId) {
    public PasswordChange {
      Objects.requireNonNull(response, "response");
      Objects.requireNonNull(accountId, "accountId");
    }
  }
}
