package dev.refauth.cdi;

import dev.refauth.core.AuthPrincipal;
import dev.refauth.core.Authentication;
import dev.refauth.servlet.AuthenticatedFilter;
import dev.refauth.servlet.ServletGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * refauth as the container's authentication: the same guard as {@link AuthenticatedFilter} (which the application
 * still declares, with its settings) decides, once per request, and the caller it finds is handed to the container
 * with the permissions as groups. So {@code @RolesAllowed} on EJBs and CDI beans, {@code
 * jakarta.security.enterprise.SecurityContext}, {@code HttpServletRequest#isUserInRole}, {@code @Inject Principal}
 * and {@code <security-constraint>} all see refauth's caller; roles are permissions ({@code reports:read}), mapped
 * one to one (Payara's default group-to-role mapping). Refusals are the guard's own answers (401 JSON, a redirect to
 * the login page, 403), written before the container goes on; the filter then takes the decision as made.
 */
@ApplicationScoped
public class RefauthAuthenticationMechanism implements HttpAuthenticationMechanism {
  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws AuthenticationException {
    ServletGuard.Outcome outcome;
    try {
      outcome = ServletGuard.decide(request, response);
    } catch (IOException e) {
      throw new AuthenticationException("the answer could not be written", e);
    }
    switch (outcome) {
      case ANSWERED:
        int status = response.getStatus();
        return status >= 300 && status < 400
            ? AuthenticationStatus.SEND_CONTINUE
            : AuthenticationStatus.SEND_FAILURE;
      case AUTHENTICATED:
        Authentication caller = ServletGuard.authentication(request).orElseThrow();
        Set<String> groups = new HashSet<>(caller.permissions().asStrings());
        return context.notifyContainerAboutLogin(AuthPrincipal.of(caller), groups);
      default:
        return context.doNothing();
    }
  }
}
