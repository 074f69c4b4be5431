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
 * one to one (Payara's default group-to-role mapping): the container's roles are the literal permission strings, so a
 * {@code reports:*} permission is not the role {@code reports:read} there ({@code @RequiresPermission} and the path
 * rules do read wildcards). Refusals are the guard's own
 * answers (401 JSON, a redirect to the login page, 403), written before the container goes on; the filter then takes
 * the decision as made. The guard is the one the application's (single) {@code AuthenticatedFilter} built; without
 * it, every request is 503.
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
        // the guard's own answer stands as written: a refusal, or a redirect or CORS preflight
        try {
          response.flushBuffer();
        } catch (IOException e) {
          throw new AuthenticationException("the answer could not be written", e);
        }
        return response.getStatus() < 400
            ? AuthenticationStatus.SEND_CONTINUE
            : AuthenticationStatus.SEND_FAILURE;
      case AUTHENTICATED:
        Authentication caller = ServletGuard.authentication(request).orElseThrow();
        Set<String> groups = new HashSet<>(caller.permissions().asStrings());
        AuthenticationStatus told =
            context.notifyContainerAboutLogin(AuthPrincipal.of(caller), groups);
        ServletGuard.containerKnowsCaller(request);
        return told;
      default:
        return context.doNothing();
    }
  }
}
