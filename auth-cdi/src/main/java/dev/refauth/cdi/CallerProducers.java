package dev.refauth.cdi;

import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import dev.refauth.core.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * {@code @Inject Identity}, {@code Authentication}, {@code Permissions} and {@code Tenant}: the current request's,
 * for beans that live no longer than the request ({@code @RequestScoped} beans, JAX-RS resources). refauth's values
 * are immutable final classes, which no proxy can stand in for, so they are produced when the bean is made; injected
 * into a bean that outlives the request (a servlet, an EJB, an application-scoped bean) they would keep the first
 * caller's, and {@link InjectionRules} fails the deployment instead: inject {@link Caller} there.
 *
 * <p>On a request without a caller (a path anyone may reach), {@code Identity}, {@code Authentication} and {@code
 * Tenant} cannot be produced (the bean fails to be made); {@code Permissions} is empty.
 */
@ApplicationScoped
public class CallerProducers {
  @Produces
  @Dependent
  Authentication authentication(Caller caller) {
    return caller.authentication().orElseThrow(CallerProducers::anonymous);
  }

  @Produces
  @Dependent
  Identity identity(Caller caller) {
    return caller.identity().orElseThrow(CallerProducers::anonymous);
  }

  @Produces
  @Dependent
  Permissions permissions(Caller caller) {
    return caller.permissions();
  }

  @Produces
  @Dependent
  Tenant tenant(Caller caller) {
    return caller.tenant().orElseThrow(() -> new IllegalStateException("the caller has no tenant"));
  }

  private static IllegalStateException anonymous() {
    return new IllegalStateException(
        "no caller on this request (a path anyone may reach): inject Caller to ask whether there is one");
  }
}
