package dev.refauth.cdi;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.enterprise.util.AnnotationLiteral;
import java.lang.annotation.Annotation;
import java.util.List;

/**
 * Puts {@link RolesInterceptor} on every CDI bean that has {@code @RolesAllowed} or {@code @DenyAll} on its class or a
 * method, so that the container's security annotations mean on a CDI bean what they mean on an enterprise bean (which
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

  <T> void mark(
      @Observes @WithAnnotations({RolesAllowed.class, DenyAll.class})
          ProcessAnnotatedType<T> event) {
    Class<T> type = event.getAnnotatedType().getJavaClass();
    for (Annotation a : type.getAnnotations()) {
      if (ENTERPRISE_BEANS.contains(a.annotationType().getName())) {
        return;
      }
    }
    event.configureAnnotatedType().add(new Checked());
  }
}
