package dev.refauth.servlet;

import dev.refauth.core.AuthPrincipal;
import dev.refauth.core.Authentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/** The request downstream of the filter: principal, remote user and roles answered from the authentication. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  private final AuthPrincipal principal;

  AuthenticatedRequest(HttpServletRequest request, Authentication authentication) {
    super(request);
    this.principal = AuthPrincipal.of(authentication);
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal.getName();
  }

  @Override
  public boolean isUserInRole(String role) {
    return principal.hasRole(role);
  }

  @Override
  public String getAuthType() {
    return principal.authentication().scheme();
  }
}
