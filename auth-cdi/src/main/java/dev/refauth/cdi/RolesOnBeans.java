package dev.refauth.cdi;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.util.AnnotationLiteral;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Puts {@link RolesInterceptor} on every CDI bean that has {@code @RolesAllowed}, {@code @PermitAll} or {@code
 * @DenyAll} on its class, a superclass, or a method either declares, so that the container's security annotations mean on a CDI bean what they mean on an enterprise bean (which
 * Jakarta EE 10 leaves to the container; Payara 6 does not check them on CDI beans). Enterprise beans are left to the
 * container.
 */
public class RolesOnBeans implements Extension {
  private static final List<String> ENTERPRISE_BEANS =
      List.of(
          "jakarta.ejb.Stateless",
          "jakarta.ejb.Singleton",
          "jakarta.ejb.Stateful",
          "jakarta.ejb.MessageDriven");

  private static final class Checked extends AnnotationLiteral<RolesChecked>
      implements RolesChecked {
    private static final long serialVersionUID = 1L;
  }

  <T> void mark(@Observes ProcessAnnotatedType<T> event) {
    Class<T> type = event.getAnnotatedType().getJavaClass();
    for (Annotation a : type.getAnnotations()) {
      if (ENTERPRISE_BEANS.contains(a.annotationType().getName())) {
        return;
      }
    }
    if (hasRules(type)) {
      event.configureAnnotatedType().add(new Checked());
    }
  }

  /**
   * Whether the class or a superclass has a rule on itself or on a method it declares: {@code @RolesAllowed} is not
   * {@code @Inherited}, so a subclass of a guarded class shows none of its own.
   */
  private static boolean hasRules(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (ruled(c.getDeclaredAnnotations())) {
        return true;
      }
      for (Method m : c.getDeclaredMethods()) {
        if (ruled(m.getDeclaredAnnotations())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean ruled(Annotation[] annotations) {
    for (Annotation a : annotations) {
      Class<? extends Annotation> t = a.annotationType();
      if (t == RolesAllowed.class || t == DenyAll.class || t == PermitAll.class) {
        return true;
      }
    }
    return false;
  }
}
