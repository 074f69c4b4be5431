package dev.refauth.cdi;

import dev.refauth.core.Authentication;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Decorator;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.enterprise.inject.spi.ProcessBean;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the application's {@link UserMapping} beans and adds, for each, a bean of its user type made from the current
 * request's caller.
 */
public class UserMappings implements Extension {
  /**
   * Each user type, and the mapping bean that makes it with its type ({@code UserMapping<AppUser>}). The beans are
   * kept as found: on a server with one bean archive per jar (Payara), refauth's jar does not see the application's.
   */
  private final Map<Class<?>, Mapping> mappings = new LinkedHashMap<>();

  private @Nullable Bean<?> caller;

  private record Mapping(Bean<?> bean, ParameterizedType type) {}

  private final Map<Class<?>, Bean<?>> typesThatAreBeans = new LinkedHashMap<>();

  void found(@Observes ProcessBean<?> event) {
    Bean<?> bean = event.getBean();
    if (bean instanceof Interceptor<?> || bean instanceof Decorator<?>) {
      return; // not a bean that makes anything (a decorator of a mapping is no second mapping)
    }
    if (bean.getBeanClass() == Caller.class) {
      caller = bean;
    }
    for (Type t : bean.getTypes()) {
      if (t instanceof Class<?> c) {
        typesThatAreBeans.putIfAbsent(c, bean);
      }
      if (!(t instanceof ParameterizedType p) || p.getRawType() != UserMapping.class) {
        continue;
      }
      if (!(p.getActualTypeArguments()[0] instanceof Class<?> user)) {
        event.addDefinitionError(
            new DefinitionException(
                bean.getBeanClass().getName()
                    + " is a "
                    + p.getTypeName()
                    + ": a UserMapping makes a plain class, record or interface, not a generic"
                    + " type"));
      } else if (mappings.putIfAbsent(user, new Mapping(bean, p)) != null) {
        event.addDefinitionError(
            new DefinitionException(
                "two UserMappings make "
                    + user.getName()
                    + " (one is "
                    + bean.getBeanClass().getName()
                    + "): keep one"));
      }
    }
  }

  void add(@Observes AfterBeanDiscovery event, BeanManager manager) {
    mappings.forEach(
        (user, mapping) -> {
          Bean<?> clash = typesThatAreBeans.get(user);
          if (clash != null && !clash.getBeanClass().equals(UserMappings.class)) {
            event.addDefinitionError(
                new DefinitionException(
                    user.getName()
                        + " is made by a UserMapping and is a bean too ("
                        + clash.getBeanClass().getName()
                        + "): annotate that class @Vetoed, or take away its bean-defining"
                        + " annotation"));
            return;
          }
          event
              .addBean()
              .beanClass(UserMappings.class)
              .types(user, Object.class)
              // an interface can be proxied: one per request, injectable anywhere; a class or
              // record is made with the bean that injects it (and the injection rules apply)
              .scope(user.isInterface() ? RequestScoped.class : Dependent.class)
              // the beans found above, not looked up (on Payara a synthetic bean's own view has no
              // Caller); the mapping's @Dependent instances are the made user's, destroyed with it
              .createWith(context -> make(manager, context, user, mapping));
        });
  }

  /**
   * The user types made with the bean that injects them (classes and records, which {@link InjectionRules} treats as
   * the caller's values); interfaces are request-scoped and go anywhere.
   */
  Set<Class<?>> types() {
    Set<Class<?>> made = new HashSet<>(mappings.keySet());
    made.removeIf(Class::isInterface);
    return Set.copyOf(made);
  }

  private Object make(
      BeanManager manager, CreationalContext<?> context, Class<?> user, Mapping mapping) {
    Bean<?> callerBean = caller;
    if (callerBean == null) {
      throw new IllegalStateException(
          "refauth's Caller is not a bean here: is auth-cdi a bean archive?");
    }
    Authentication caller =
        UserMappings.<Caller>reference(manager, callerBean, Caller.class, context)
            .authentication()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no caller on this request (a path anyone may reach): no "
                            + user.getSimpleName()
                            + " to inject; inject Caller to ask whether there is one"));
    UserMapping<Object> m = reference(manager, mapping.bean(), mapping.type(), context);
    Object made = m.from(caller);
    if (!user.isInstance(made)) {
      throw new IllegalStateException(
          m.getClass().getName()
              + " made "
              + (made == null ? "null" : made.getClass().getName())
              + ", not a "
              + user.getName());
    }
    return made;
  }

  /** A contextual reference to {@code bean}, of {@code type}, its dependents {@code context}'s. */
  private static <T> T reference(
      BeanManager manager, Bean<?> bean, Type type, CreationalContext<?> context) {
    @SuppressWarnings("unchecked")
    T t = (T) manager.getReference(bean, type, context);
    return t;
  }
}
