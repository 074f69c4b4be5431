package dev.refauth.cdi;

import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import dev.refauth.core.Tenant;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedCallable;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import java.lang.annotation.Annotation;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Allows {@code @Inject Identity} (or {@code Authentication}, {@code Permissions}, {@code Tenant}, or the application's
 * own user type a {@link UserMapping} makes) only where one
 * instance serves one request: a {@code @RequestScoped} bean, or a JAX-RS resource class without a scope (made for
 * each request). Anywhere else (a servlet, filter or listener, an enterprise bean, an application- or session-scoped
 * bean, a {@code @Dependent} bean, which lives as long as whatever it is injected into, an interceptor, a producer's
 * parameter) the deployment fails, naming the injection point and saying to inject {@link Caller} there.
 */
public class InjectionRules implements Extension {
  private static final Set<Class<?>> PER_REQUEST =
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

  /** Injection points that must not hold a caller's value, by the type they inject; judged once the types are known. */
  private final List<Violation> suspects = new ArrayList<>();

  /** The per-request types, once known (after bean discovery). */
  private volatile @Nullable Set<Class<?>> perRequest;

  private record Violation(Class<?> type, String message) {}

  void check(@Observes ProcessInjectionPoint<?, ?> event) {
    InjectionPoint ip = event.getInjectionPoint();
    if (!(ip.getType() instanceof Class<?> type) || ip.isDelegate() || type.isPrimitive()) {
      return;
    }
    if (ip.getAnnotated() instanceof AnnotatedParameter<?> parameter
        && isObserver(parameter.getDeclaringCallable())) {
      return; // an observer method's parameters are resolved for each event
    }
    Member member = ip.getMember();
    Bean<?> bean = ip.getBean();
    // the class whose instances hold the value: the bean's (an inherited field counts), else the
    // component's (a servlet, filter or listener is no bean)
    Class<?> holder = bean != null ? bean.getBeanClass() : member.getDeclaringClass();
    String why = null;
    if (isA(holder, SERVLET_TYPES)) {
      why = "a servlet, filter or listener lives as long as the application";
    } else if (annotatedWithAny(holder, LONG_LIVED_COMPONENTS)) {
      why = "an enterprise bean serves many requests";
    } else if (annotatedWithAny(holder, List.of("jakarta.inject.Singleton"))) {
      why = "a singleton serves many requests"; // a JAX-RS resource too: made once
    } else if (bean == null) {
      if (isResource(holder)) {
        return; // a JAX-RS resource the runtime makes for each request
      }
      why = "it is not a bean whose lifetime is known";
    } else if (bean.getScope() == RequestScoped.class) {
      return; // one instance per request: the safe place
    } else if (bean.getScope() == Dependent.class
        && isResource(holder)
        && member.getDeclaringClass().isAssignableFrom(holder)
        && !(member instanceof Method m && m.isAnnotationPresent(Produces.class))) {
      return; // a JAX-RS resource without a scope is made for each request
    } else {
      why =
          bean.getScope() == Dependent.class
              ? "a @Dependent bean lives as long as whatever it is injected into"
              : "a @" + bean.getScope().getSimpleName() + " bean outlives the request";
    }
    Violation v =
        new Violation(
            type,
            "@Inject "
                + type.getSimpleName()
                + " in "
                + holder.getName()
                + "."
                + member.getName()
                + ": "
                + why
                + " and would keep its first caller; inject dev.refauth.cdi.Caller there (or make it"
                + " @RequestScoped)");
    Set<Class<?>> known = perRequest;
    if (known == null) {
      suspects.add(v); // judged once every bean's type is known
    } else if (known.contains(v.type())) {
      // an injection point the container reports after deployment (an injection target made late)
      event.addDefinitionError(new DefinitionException(v.message()));
    }
  }

  /** Fails the deployment for each place that would keep a caller's value: refauth's types and the mapped users. */
  void judge(@Observes AfterBeanDiscovery event, BeanManager beans) {
    Set<Class<?>> types = new HashSet<>(PER_REQUEST);
    types.addAll(beans.getExtension(UserMappings.class).types());
    perRequest = Set.copyOf(types);
    for (Violation v : suspects) {
      if (types.contains(v.type())) {
        event.addDefinitionError(new DefinitionException(v.message()));
      }
    }
    suspects.clear();
  }

  private static boolean isObserver(AnnotatedCallable<?> callable) {
    for (AnnotatedParameter<?> p : callable.getParameters()) {
      if (p.isAnnotationPresent(Observes.class) || p.isAnnotationPresent(ObservesAsync.class)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isResource(Class<?> type) {
    return annotatedWithAny(type, List.of("jakarta.ws.rs.Path"));
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
