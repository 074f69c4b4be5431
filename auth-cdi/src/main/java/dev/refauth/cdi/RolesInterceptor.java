package dev.refauth.cdi;

import dev.refauth.core.Permissions;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on CDI beans (enterprise beans keep the
 * container's check) with refauth's caller: the method's annotation, else the class's; a role is a permission, and a
 * caller's wildcard permission implies it ({@code reports:*} lets {@code @RolesAllowed("reports:read")} in). Refused
 * calls throw {@link AccessDenied} before the method runs. As in the Jakarta Annotations rules, a class's rule covers the
 * methods it declares, not those it inherits. Observer and producer methods, which the container calls, are not
 * checked.
 */
@RolesChecked
@Interceptor
// after @ActivateRequestContext (+100), before @Transactional (+200): a refused call opens no
// transaction
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 150)
public class RolesInterceptor implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  @Inject Caller caller; // a client proxy: serializable, so a passivated bean keeps it

  @AroundInvoke
  Object check(InvocationContext call) throws Exception {
    Method method = call.getMethod();
    if (invokedByTheContainer(method)) {
      return call.proceed(); // an observer or producer method: no caller asked for it
    }
    Class<?> type = method.getDeclaringClass();
    if (method.isAnnotationPresent(DenyAll.class)
        || (noRuleOn(method) && type.isAnnotationPresent(DenyAll.class))) {
      throw new AccessDenied(caller.isAuthenticated());
    }
    if (method.isAnnotationPresent(PermitAll.class)
        || (noRuleOn(method) && type.isAnnotationPresent(PermitAll.class))) {
      return call.proceed();
    }
    RolesAllowed roles =
        method.isAnnotationPresent(RolesAllowed.class)
            ? method.getAnnotation(RolesAllowed.class)
            : type.getAnnotation(RolesAllowed.class);
    if (roles == null) {
      return call.proceed(); // a method of a bean whose other methods have rules
    }
    if (!caller.isAuthenticated()) {
      throw new AccessDenied(false);
    }
    Permissions mine = caller.permissions();
    if (Arrays.stream(roles.value()).noneMatch(mine::implies)) {
      throw new AccessDenied(true);
    }
    return call.proceed();
  }

  private static boolean invokedByTheContainer(Method method) {
    if (method.isAnnotationPresent(Produces.class)) {
      return true;
    }
    for (Parameter p : method.getParameters()) {
      if (p.isAnnotationPresent(Observes.class) || p.isAnnotationPresent(ObservesAsync.class)) {
        return true;
      }
    }
    return false;
  }

  private static boolean noRuleOn(Method method) {
    return !method.isAnnotationPresent(RolesAllowed.class)
        && !method.isAnnotationPresent(PermitAll.class)
        && !method.isAnnotationPresent(DenyAll.class);
  }
}
