package dev.refauth.cdi;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import dev.refauth.core.Tenant;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The current request's caller, as refauth decided it: {@code @Inject Caller} works wherever CDI injects (servlets,
 * EJBs, application-scoped beans, JAX-RS resources on any implementation), because the container hands each request
 * its own. For request-scoped beans and JAX-RS resources, {@code @Inject Identity} (and {@code Authentication},
 * {@code Permissions}, {@code Tenant}) is shorter; see {@link CallerProducers}.
 */
@RequestScoped
public class Caller {
  @Inject HttpServletRequest request;

  /**
   * The caller's authentication, empty for an anonymous request (a public path) and outside a servlet request (a
   * timer, an asynchronous method, a message), where nobody calls.
   */
  public Optional<Authentication> authentication() {
    Object a;
    try {
      a = request.getAttribute(AuthGuard.AUTHENTICATION_ATTRIBUTE);
    } catch (IllegalStateException | ContextNotActiveException noServletRequest) {
      return Optional.empty();
    }
    return a instanceof Authentication auth ? Optional.of(auth) : Optional.empty();
  }

  /** Who calls, empty for an anonymous request. */
  public Optional<Identity> identity() {
    return authentication().map(Authentication::identity);
  }

  /** What the caller may do; none for an anonymous request. */
  public Permissions permissions() {
    return authentication().map(Authentication::permissions).orElse(Permissions.none());
  }

  /** The caller's tenant, when the application has tenants. */
  public Optional<Tenant> tenant() {
    return identity().flatMap(Identity::tenant).map(Tenant::new);
  }

  public boolean isAuthenticated() {
    return authentication().isPresent();
  }
}
