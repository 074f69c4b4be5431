package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who must have signed in with a second factor to be let through a protected request: nobody ({@link #optional()},
 * the default), everyone ({@link #required()}), or the accounts that hold any part of some permissions ({@link
 * #requiredFor}: {@code admin}; {@code billing:*} covers a holder of {@code billing:refund} as well as of {@code
 * billing:*} or {@code *}; {@code billing:refund,export} a holder of {@code billing:export,read}). Permissions are
 * case-sensitive, and a permission list cannot tell a typo from a permission nobody holds: the guard logs the
 * policies it enforces at start. A guard keeps one per tenant ({@link AuthGuard.Builder#secondFactorPolicy}).
 *
 * <p>A caller the policy covers whose sign-in has no {@code mfa} among its {@linkplain Authentication#methods()
 * methods} is answered as for a {@linkplain Requirement#withSecondFactorWithin step-up}: an account with a second
 * factor gives it again (403 {@code StepUpRequired}), one without is sent to enrolment (403 {@code
 * SecondFactorEnrolmentRequired}). The step-up and enrolment pages themselves are exempt, so that the person can
 * comply, and so are the {@code /auth} API's questions ({@code me}, {@code check}, {@code permissions}, {@code can}),
 * so that a client can tell who signed in; so are public paths, where nobody needs to be signed in.
 */
public final class SecondFactorPolicy {
  private static final SecondFactorPolicy OPTIONAL = new SecondFactorPolicy(false, List.of());
  private static final SecondFactorPolicy REQUIRED = new SecondFactorPolicy(true, List.of());

  private final boolean everyone;
  private final List<Permission> permissions;

  private SecondFactorPolicy(boolean everyone, List<Permission> permissions) {
    this.everyone = everyone;
    this.permissions = permissions;
  }

  /** Nobody is required to have a second factor (a requirement may still ask for a recent one). */
  public static SecondFactorPolicy optional() {
    return OPTIONAL;
  }

  /** Every signed-in caller of a protected request must have signed in with a second factor. */
  public static SecondFactorPolicy required() {
    return REQUIRED;
  }

  /**
   * The callers holding any part of these permissions must have signed in with a second factor: a granted permission
   * that shares a permission with one of them ({@code *} and {@code admin}, {@code billing:*} and {@code
   * billing:refund}, {@code billing:refund,export} and {@code billing:export,read}).
   *
   * @throws IllegalArgumentException if there are none or one is malformed
   */
  public static SecondFactorPolicy requiredFor(String... permissions) {
    Checks.require(permissions.length > 0, "at least one permission is required");
    return new SecondFactorPolicy(
        false, Arrays.stream(permissions).map(Permission::parse).toList());
  }

  /**
   * A policy as settings write it: {@code optional}, {@code required}, or a comma-separated list of permissions
   * ({@link #requiredFor}; a permission with several names in one part, {@code billing:refund,export}, is written as
   * two, {@code billing:refund, billing:export}). A word that reads as a policy but is not one of the two ({@code Required}, {@code true},
   * {@code all}, ...) fails, rather than becoming a permission nobody holds and turning the policy silently off.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static SecondFactorPolicy parse(String value) {
    String v = Checks.notNull(value, "value").strip();
    if (v.equals("optional")) {
      return OPTIONAL;
    }
    if (v.equals("required")) {
      return REQUIRED;
    }
    String[] permissions =
        Arrays.stream(v.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toArray(String[]::new);
    for (String p : permissions) {
      Checks.require(
          !MISTAKES.contains(p.toLowerCase(Locale.ROOT)),
          "'%s' is not a policy: write optional, required, or permissions",
          p);
    }
    return requiredFor(permissions);
  }

  /** Words that mean a policy, not a permission: a setting holding one is a mistake. */
  private static final Set<String> MISTAKES =
      Set.of(
          "optional",
          "required",
          "require",
          "true",
          "false",
          "yes",
          "no",
          "on",
          "off",
          "all",
          "everyone",
          "none",
          "always",
          "never");

  /** Whether a caller holding {@code granted} must have signed in with a second factor. */
  public boolean covers(Permissions granted) {
    if (everyone) {
      return true;
    }
    for (Permission p : permissions) {
      for (Permission g : granted.asSet()) {
        if (p.overlaps(g)) {
          return true; // a part of it: billing:* covers billing:refund, billing covers *:*:read
        }
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecondFactorPolicy p
        && p.everyone == everyone
        && p.permissions.equals(permissions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(everyone, permissions);
  }

  @Override
  public String toString() {
    return everyone
        ? "SecondFactorPolicy[required]"
        : permissions.isEmpty()
            ? "SecondFactorPolicy[optional]"
            : "SecondFactorPolicy[required for " + permissions + "]";
  }
}
