package dev.refauth.jaxrs;

import dev.refauth.core.AuthPrincipal;
import dev.refauth.core.Authentication;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The JAX-RS {@link SecurityContext} of an authenticated request: roles are permissions. */
final class AuthSecurityContext implements SecurityContext {
  private final AuthPrincipal principal;
  private final boolean secure;

  AuthSecurityContext(Authentication authentication, boolean secure) {
    this.principal = AuthPrincipal.of(authentication);
    this.secure = secure;
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public boolean isUserInRole(String role) {
    return principal.hasRole(role);
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String getAuthenticationScheme() {
    return principal.authentication().scheme();
  }
}
