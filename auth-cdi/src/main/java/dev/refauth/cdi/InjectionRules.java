package dev.refauth.cdi;

import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import dev.refauth.core.Tenant;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import java.lang.annotation.Annotation;
import java.lang.reflect.Member;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;

/**
 * Fails the deployment where {@code @Inject Identity} (or {@code Authentication}, {@code Permissions}, {@code
 * Tenant}) would keep the first request's caller: in a bean that outlives the request (application, session or
 * singleton scope), an enterprise bean (pooled or shared), or a servlet, filter or listener. The message names the
 * injection point and says to inject {@link Caller} there.
 */
public class InjectionRules implements Extension {
  private static final Set<Type> PER_REQUEST =
      Set.of(Identity.class, Authentication.class, Permissions.class, Tenant.class);

  private static final List<String> LONG_LIVED_COMPONENTS =
      List.of(
          "jakarta.ejb.Stateless",
          "jakarta.ejb.Singleton",
          "jakarta.ejb.Stateful",
          "jakarta.ejb.MessageDriven");

  private static final List<String> SERVLET_TYPES =
      List.of(
          "jakarta.servlet.Servlet",
          "jakarta.servlet.Filter",
          "jakarta.servlet.ServletContextListener",
          "jakarta.servlet.http.HttpSessionListener");

  void check(@Observes ProcessInjectionPoint<?, ?> event) {
    InjectionPoint ip = event.getInjectionPoint();
    if (!PER_REQUEST.contains(ip.getType()) || ip.isDelegate()) {
      return;
    }
    Member member = ip.getMember();
    Class<?> owner = member.getDeclaringClass();
    Bean<?> bean = ip.getBean();
    String why = null;
    if (isA(owner, SERVLET_TYPES)) {
      why = "a servlet, filter or listener lives as long as the application";
    } else if (annotatedWithAny(owner, LONG_LIVED_COMPONENTS)) {
      why = "an enterprise bean serves many requests";
    } else if (bean != null
        && bean.getScope() != RequestScoped.class
        && bean.getScope() != Dependent.class) {
      why = "a @" + bean.getScope().getSimpleName() + " bean outlives the request";
    }
    if (why != null) {
      event.addDefinitionError(
          new DefinitionException(
              "@Inject "
                  + ((Class<?>) ip.getType()).getSimpleName()
                  + " in "
                  + owner.getName()
                  + "."
                  + member.getName()
                  + ": "
                  + why
                  + " and would keep its first caller; inject dev.refauth.cdi.Caller there"));
    }
  }

  private static boolean isA(Class<?> type, List<String> names) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (names.contains(i.getName())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean annotatedWithAny(Class<?> type, List<String> names) {
    for (Annotation a : type.getAnnotations()) {
      if (names.contains(a.annotationType().getName())) {
        return true;
      }
    }
    return false;
  }
}
