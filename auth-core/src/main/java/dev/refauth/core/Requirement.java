package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a request needs: nothing, an authenticated caller, or permissions (any or all of a list). The
 * special {@link #publicOnly()} is for pages such as {@code /login}: open to everyone, but an
 * authenticated browser is sent on (Refine's {@code <Authenticated fallback={<Outlet/>}>} with
 * {@code NavigateToResource}).
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

  private static final Requirement NONE = new Requirement(Kind.NONE, List.of(), Logical.ALL);
  private static final Requirement PUBLIC_ONLY =
      new Requirement(Kind.PUBLIC_ONLY, List.of(), Logical.ALL);
  private static final Requirement AUTHENTICATED =
      new Requirement(Kind.AUTHENTICATED, List.of(), Logical.ALL);

  private final Kind kind;
  private final List<Permission> permissions;
  private final Logical logical;

  private Requirement(Kind kind, List<Permission> permissions, Logical logical) {
    this.kind = kind;
    this.permissions = permissions;
    this.logical = logical;
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
        Kind.PERMISSIONS, Arrays.stream(permissions).map(Permission::parse).toList(), logical);
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
        && r.logical == logical;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, permissions, logical);
  }

  @Override
  public String toString() {
    return kind == Kind.PERMISSIONS
        ? "Requirement[" + logical + " " + permissions + "]"
        : "Requirement[" + kind + "]";
  }
}
