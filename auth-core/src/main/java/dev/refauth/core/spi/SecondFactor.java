package dev.refauth.core.spi;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Identity;
import dev.refauth.core.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A second factor, asked by the provider that signs people in (the token battery) after their password was right, and
 * implemented by a battery that knows the factors (the MFA battery's {@code SecondFactors}). The provider keeps the
 * {@link Challenge#pending() pending} value in an httpOnly cookie and issues the session once {@link #answer} passes;
 * the factor keeps everything else (what is pending, how many tries are left, which codes were used). Neither knows the
 * other's classes.
 *
 * <p>The sign-in's second step is a second {@code login} call with one of {@link #ANSWER_FIELDS}; the {@code /auth}
 * API's {@code second-factor} endpoint hands a signed-in caller's enrolment requests to {@link #manage}.
 */
public interface SecondFactor {
  /** The params a second step answers with: a code from an authenticator app, or a recovery code. */
  List<String> ANSWER_FIELDS = List.of("code", "recoveryCode");

  /** The cookie that keeps {@link Challenge#pending()} ({@code __Host-} in front when cookies are secure). */
  String PENDING_COOKIE = "refauth_mfa";

  /** The {@code error.name} of a sign-in that needs its second step. */
  String REQUIRED = "SecondFactorRequired";

  /**
   * After a right password: the challenge when the account has a second factor, empty to sign in at once.
   *
   * @param remember whether the sign-in asked to be remembered, given back by {@link #answer}
   */
  Optional<Challenge> challenge(Identity identity, boolean remember, AuthRequest request);

  /**
   * The second step: {@code params}' answer to the challenge whose {@link Challenge#pending()} the browser sent.
   * Passes once per challenge; a wrong answer spends one of its tries and counts against the account.
   */
  Outcome answer(String pending, AuthParams params, AuthRequest request);

  /** Whether the account has a second factor (told by {@code getIdentity} as {@code secondFactor}). */
  boolean enrolled(String subject);

  /**
   * An enrolment request of the signed-in {@code caller} (its {@code action} param: the factor's to define), answered
   * as the {@code /auth} API answers; a change of the caller's factors is followed by an eviction of their cached
   * identity.
   */
  AuthActionResponse manage(Identity caller, AuthParams params, AuthRequest request);

  /**
   * What the first step answers instead of a session.
   *
   * @param pending the opaque value the browser must send back (at least 128 bits of randomness; stored only hashed)
   * @param methods what the account can answer with ({@code totp}, {@code recovery}, ...)
   * @param lifetime how long the challenge lasts
   */
  record Challenge(String pending, List<String> methods, Duration lifetime) {
    public Challenge {
      Checks.notBlank(pending, "pending");
      methods = List.copyOf(methods);
      Checks.require(
          lifetime != null && !lifetime.isNegative() && !lifetime.isZero(),
          "lifetime must be positive");
    }

    @Override
    public String toString() {
      return "Challenge[methods=" + methods + ", lifetime=" + lifetime + "]";
    }
  }

  /** The outcome of {@link #answer}. */
  sealed interface Outcome {
    /**
     * The answer is right: sign in {@code subject} of {@code tenant}.
     *
     * @param amr the RFC 8176 methods of the whole sign-in ({@code pwd}, {@code otp}, {@code mfa}, ...)
     */
    record Passed(String subject, Optional<String> tenant, List<String> amr, boolean remember)
        implements Outcome {
      public Passed {
        Checks.notBlank(subject, "subject");
        Checks.notNull(tenant, "tenant");
        amr = List.copyOf(amr);
      }
    }

    /** A wrong answer, or no live challenge (none, used, expired, out of tries): which one is never told. */
    enum Refused implements Outcome {
      INSTANCE
    }

    /** Too many wrong answers for this account: try again after {@code retryAfter}. Nothing was checked. */
    record Throttled(Duration retryAfter) implements Outcome {
      public Throttled {
        Checks.require(
            retryAfter != null && !retryAfter.isNegative() && !retryAfter.isZero(),
            "retryAfter must be positive");
      }
    }
  }
}
