package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a request needs: nothing, an authenticated caller, or permissions (any or all of a list). The
 * special {@link #publicOnly()} is for pages such as {@code /login}: open to everyone, but an
 * authenticated browser is sent on (Refine's {@code <Authenticated fallback={<Outlet/>}>} with
 * {@code NavigateToResource}).
 *
 * <p>A requirement that needs authentication may also ask for a <em>recent second factor</em> ({@link
 * #withSecondFactorWithin}): the caller signed in with more than one factor ({@code mfa} among its {@link
 * Authentication#methods()}) no longer ago than the given time. A caller who has not is answered 403 {@code
 * StepUpRequired} with the way to the second step, and may retry after it (see {@link AuthGuard}).
 */
public final class Requirement {
  /** How several permissions combine. */
  public enum Logical {
    ANY,
    ALL
  }

  private enum Kind {
    NONE,
    PUBLIC_ONLY,
    AUTHENTICATED,
    PERMISSIONS
  }

  /** The error name of the 403 for a caller without the recent second factor a requirement asks for. */
  public static final String STEP_UP_REQUIRED = "StepUpRequired";

  /** The longest "recent" a second factor can be asked to be. */
  private static final Duration AT_MOST = Duration.ofDays(1);

  private static final Requirement NONE = new Requirement(Kind.NONE, List.of(), Logical.ALL, null);
  private static final Requirement PUBLIC_ONLY =
      new Requirement(Kind.PUBLIC_ONLY, List.of(), Logical.ALL, null);
  private static final Requirement AUTHENTICATED =
      new Requirement(Kind.AUTHENTICATED, List.of(), Logical.ALL, null);

  private final Kind kind;
  private final List<Permission> permissions;
  private final Logical logical;
  private final @Nullable Duration secondFactorWithin;

  private Requirement(
      Kind kind,
      List<Permission> permissions,
      Logical logical,
      @Nullable Duration secondFactorWithin) {
    this.kind = kind;
    this.permissions = permissions;
    this.logical = logical;
    this.secondFactorWithin = secondFactorWithin;
  }

  /** Open to everyone; a credential, if sent, is still checked so the application can see who calls. */
  public static Requirement none() {
    return NONE;
  }

  /** Open to everyone, but an authenticated browser is redirected to where it was going (or home). */
  public static Requirement publicOnly() {
    return PUBLIC_ONLY;
  }

  public static Requirement authenticated() {
    return AUTHENTICATED;
  }

  /**
   * Authenticated, with the permissions combined by {@code logical}.
   *
   * @throws IllegalArgumentException if there are none or one is malformed
   */
  public static Requirement permissions(Logical logical, String... permissions) {
    Checks.notNull(logical, "logical");
    Checks.require(permissions.length > 0, "at least one permission is required");
    return new Requirement(
        Kind.PERMISSIONS,
        Arrays.stream(permissions).map(Permission::parse).toList(),
        logical,
        null);
  }

  /**
   * This requirement, and a sign-in with a second factor ({@code mfa}) no longer than {@code within} ago: the
   * step-up for sensitive operations.
   *
   * @throws IllegalArgumentException if this requirement does not need authentication, or {@code within} is not
   *     between one second and one day
   */
  public Requirement withSecondFactorWithin(Duration within) {
    Checks.notNull(within, "within");
    Checks.require(
        needsAuthentication(), "a recent second factor needs an authenticated caller: %s", this);
    Checks.require(
        within.compareTo(Duration.ofSeconds(1)) >= 0 && within.compareTo(AT_MOST) <= 0,
        "a recent second factor must be asked within 1 second to 1 day, not %s",
        within);
    return new Requirement(kind, permissions, logical, within);
  }

  /** How recent a second factor must be, when this requirement asks for one. */
  public Optional<Duration> secondFactorWithin() {
    return Optional.ofNullable(secondFactorWithin);
  }

  /**
   * Whether {@code auth} signed in recently enough for this requirement at {@code now}: always, when it asks for no
   * recent second factor; else with {@code mfa} among its methods at a time it tells, no longer than {@link
   * #secondFactorWithin()} before {@code now}.
   */
  public boolean isRecentEnough(Authentication auth, Instant now) {
    if (secondFactorWithin == null) {
      return true;
    }
    Instant earliest = now.minus(secondFactorWithin);
    return auth.methods().contains("mfa")
        && auth.authenticatedAt().map(at -> !at.isBefore(earliest)).orElse(false);
  }

  public boolean needsAuthentication() {
    return kind == Kind.AUTHENTICATED || kind == Kind.PERMISSIONS;
  }

  public boolean isPublicOnly() {
    return kind == Kind.PUBLIC_ONLY;
  }

  /** Whether an authenticated caller with these permissions meets this requirement. */
  public boolean permits(Permissions granted) {
    if (kind != Kind.PERMISSIONS) {
      return true;
    }
    return logical == Logical.ALL
        ? granted.impliesAll(permissions)
        : granted.impliesAny(permissions);
  }

  public List<Permission> permissionList() {
    return permissions;
  }

  public Logical logical() {
    return logical;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Requirement r
        && r.kind == kind
        && r.permissions.equals(permissions)
        && r.logical == logical
        && Objects.equals(r.secondFactorWithin, secondFactorWithin);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, permissions, logical, secondFactorWithin);
  }

  @Override
  public String toString() {
    String within =
        secondFactorWithin == null ? "" : ", second factor within " + secondFactorWithin;
    return kind == Kind.PERMISSIONS
        ? "Requirement[" + logical + " " + permissions + within + "]"
        : "Requirement[" + kind + within + "]";
  }
}
