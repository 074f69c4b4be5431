package dev.refauth.core.spi;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Identity;
import dev.refauth.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  /**
   * The params a second step answers with: a code from an authenticator app, a recovery code, or a passkey's
   * assertion (its {@code PublicKeyCredential.toJSON()}).
   */
  List<String> ANSWER_FIELDS = List.of("code", "recoveryCode", "passkey");

  /** The {@code error.name} of a passkey sign-in's first step: the challenge to sign, in {@code passkey}. */
  String PASSKEY_CHALLENGE = "PasskeyChallenge";

  /** The cookie that keeps {@link Challenge#pending()} ({@code __Host-} in front when cookies are secure). */
  String PENDING_COOKIE = "refauth_mfa";

  /** The {@code error.name} of a sign-in that needs its second step. */
  String REQUIRED = "SecondFactorRequired";

  /**
   * The {@code error.name} of a refusal for an account that has no second factor where one is needed: a step-up
   * ({@code login({stepUp: true})}, a {@linkplain dev.refauth.core.Requirement#withSecondFactorWithin recent second
   * factor}) or a policy that requires one. The person adds one first.
   */
  String ENROLMENT_REQUIRED = "SecondFactorEnrolmentRequired";

  /**
   * The identity attribute a provider with second factors sets: {@code true} when the account has one. Without it,
   * an account counts as having none.
   */
  String ENROLLED_ATTRIBUTE = "secondFactor";

  /**
   * After a right password: the challenge when the account has a second factor, empty to sign in at once.
   *
   * @param remember whether the sign-in asked to be remembered, given back by {@link #answer}
   */
  Optional<Challenge> challenge(Identity identity, boolean remember, AuthRequest request);

  /**
   * A sign-in by a factor alone, for whoever holds one (a discoverable passkey): the challenge to sign, or empty when
   * this factor cannot sign anyone in by itself (the default). {@link #answer} then names the account.
   */
  default Optional<Challenge> challengeAnyone(AuthRequest request) {
    return Optional.empty();
  }

  /**
   * The step-up: a signed-in {@code identity} gives its second factor again, for an operation that needs a recent
   * one; empty when the account has none. Whoever holds a signed-in session reaches this, not only whoever knows the
   * password: a factor that counts wrong answers against the account must count a step-up's apart from the sign-in's,
   * so that a stolen session can never lock the owner out of signing in. The default is {@link #challenge} (for a
   * factor that counts nothing).
   */
  default Optional<Challenge> stepUp(Identity identity, AuthRequest request) {
    return challenge(identity, false, request);
  }

  /**
   * The second step: {@code params}' answer to the challenge whose {@link Challenge#pending()} the browser sent.
   * Passes once per challenge; a wrong answer spends one of its tries and counts against the account.
   *
   * <p>As soon as the challenge's account is known, before the answer is checked, and again just before a right
   * answer uses anything up, the factor asks {@code admission} whether the session issuer would honour it (the
   * request's tenant is the account's, the account still signs in, its sessions were not all ended since the
   * challenge); when it would not, the challenge ends there and the answer is refused having spent nothing of the
   * account's: no code or recovery code used up, no failure counted, no mail to the owner. Of two right answers to one
   * challenge, one passes and the other spends nothing.
   */
  Outcome answer(String pending, AuthParams params, AuthRequest request, Admission admission);

  /** Whether the session issuer would honour a right answer to a challenge; see {@link #answer}. */
  @FunctionalInterface
  interface Admission {
    /** Honours every challenge: for a caller that checks nothing of its own. */
    Admission ANY = (subject, tenant, challengedAt) -> true;

    /**
     * Whether a right answer to a challenge of {@code subject} of {@code tenant}, made at {@code challengedAt}, would
     * sign in.
     */
    boolean admits(String subject, Optional<String> tenant, Instant challengedAt);
  }

  /** Whether {@code params} carry an answer of this factor's kind (the default: a code or a recovery code). */
  default boolean answers(AuthParams params) {
    return params.get("code").isPresent() || params.get("recoveryCode").isPresent();
  }

  /**
   * Whether {@code action} changes the account's factors (adds or removes one: default none does). The {@code /auth}
   * API lets only a recent sign-in ({@link dev.refauth.core.Authentication#authenticatedAt()}, {@value
   * #RECENT_SIGN_IN_MINUTES} minutes) do it, with the account's password in the request ({@code password}, when the
   * account has one: {@code UserDirectory#hasPassword}): a stolen session, however fresh, can neither plant the
   * thief's own factor nor take the owner's away.
   */
  default boolean needsRecentSignIn(String action) {
    return false;
  }

  /** How recent a sign-in must be to change the account's factors. */
  int RECENT_SIGN_IN_MINUTES = 10;

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
   * @param data what the client needs to answer, added to the answer's body (a passkey's request options as {@code
   *     passkey})
   */
  record Challenge(
      String pending, List<String> methods, Duration lifetime, Map<String, Object> data) {
    public Challenge {
      Checks.notBlank(pending, "pending");
      methods = List.copyOf(methods);
      Checks.require(
          lifetime != null && !lifetime.isNegative() && !lifetime.isZero(),
          "lifetime must be positive");
      data = Map.copyOf(data);
    }

    /** A challenge with nothing for the client but its methods. */
    public Challenge(String pending, List<String> methods, Duration lifetime) {
      this(pending, methods, lifetime, Map.of());
    }

    @Override
    public String toString() {
      return "Challenge[methods=" + methods + ", lifetime=" + lifetime + "]";
    }
  }

  /**
   * Both factors as one: an account answers with either one it has. The pending value holds each one's, so that
   * neither stores the other's; {@code manage} goes to {@code second} for the actions it {@code owns}, to {@code first}
   * otherwise, and {@code status} merges both answers.
   *
   * @param owns which {@code action}s are {@code second}'s (say, those starting {@code passkey-})
   */
  static SecondFactor combine(
      SecondFactor first, SecondFactor second, java.util.function.Predicate<String> owns) {
    return new CombinedFactors(first, second, owns);
  }

  /** The outcome of {@link #answer}. */
  sealed interface Outcome {
    /**
     * The answer is right: sign in {@code subject} of {@code tenant}.
     *
     * @param amr the RFC 8176 methods of the whole sign-in ({@code pwd}, {@code otp}, {@code mfa}, ...)
     * @param challengedAt when the challenge was made: a session issuer refuses the answer when the account's
     *     sessions were all ended after it (a password change, "sign out everywhere")
     */
    record Passed(
        String subject,
        Optional<String> tenant,
        List<String> amr,
        boolean remember,
        Instant challengedAt)
        implements Outcome {
      public Passed {
        Checks.notBlank(subject, "subject");
        Checks.notNull(tenant, "tenant");
        amr = List.copyOf(amr);
        Checks.notNull(challengedAt, "challengedAt");
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
