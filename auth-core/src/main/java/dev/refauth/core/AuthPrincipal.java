package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.security.Principal;

/**
 * The {@link Principal} adapters install ({@code getUserPrincipal()} in servlets and JAX-RS): its name is
 * the identity's id, and it carries the whole {@link Authentication}.
 */
public final class AuthPrincipal implements Principal {
  private final Authentication authentication;

  private AuthPrincipal(Authentication authentication) {
    this.authentication = authentication;
  }

  public static AuthPrincipal of(Authentication authentication) {
    return new AuthPrincipal(Checks.notNull(authentication, "authentication"));
  }

  @Override
  public String getName() {
    return authentication.identity().id();
  }

  public Authentication authentication() {
    return authentication;
  }

  public Identity identity() {
    return authentication.identity();
  }

  /** Roles are permissions: {@code isUserInRole("admin")} asks whether {@code admin} is implied. */
  public boolean hasRole(String role) {
    return role != null && authentication.permissions().implies(role);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthPrincipal p && p.authentication.equals(authentication);
  }

  @Override
  public int hashCode() {
    return authentication.hashCode();
  }

  @Override
  public String toString() {
    return "AuthPrincipal[" + getName() + "]";
  }
}
