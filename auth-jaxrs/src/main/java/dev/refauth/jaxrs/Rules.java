package dev.refauth.jaxrs;

import dev.refauth.core.AuthException;
import dev.refauth.core.Permission;
import dev.refauth.core.Requirement;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Resolves a resource method's annotations, once, at deployment. */
final class Rules {
  private Rules() {}

  /** What a method needs: a requirement, or deny (deny-by-default). */
  record Rule(Requirement requirement, boolean deny, boolean open) {
    static final Rule NONE = of(Requirement.none());
    static final Rule DENY = new Rule(Requirement.authenticated(), true, false);

    /** Opened by {@link PublicAccess}: nothing asked, the step-up neither. */
    static final Rule OPEN = new Rule(Requirement.none(), false, true);

    static Rule of(Requirement requirement) {
      return new Rule(requirement, false, false);
    }
  }

  /**
   * @throws AuthException naming the method for contradictory or malformed use
   */
  static Rule resolve(Class<?> resourceClass, Method method, boolean denyUnannotated) {
    String where =
        resourceClass.getName()
            + "#"
            + method.getName()
            + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    Rule rule = access(resourceClass, method, denyUnannotated, where);
    if (rule.deny() || rule.open()) {
      return rule;
    }
    RequiresSecondFactor stepUp = nearestStepUp(resourceClass, method);
    if (stepUp == null) {
      return rule;
    }
    if (stepUp.withinMinutes() < 1 || stepUp.withinMinutes() > 1440) {
      throw new AuthException(
          "@RequiresSecondFactor(withinMinutes = "
              + stepUp.withinMinutes()
              + ") on "
              + where
              + ": from 1 to 1440");
    }
    Requirement base =
        rule.requirement().needsAuthentication() ? rule.requirement() : Requirement.authenticated();
    return Rule.of(base.withSecondFactorWithin(Duration.ofMinutes(stepUp.withinMinutes())));
  }

  /** What {@link Authenticated}, {@link RequiresPermission} and {@link PublicAccess} say. */
  private static Rule access(
      Class<?> resourceClass, Method method, boolean denyUnannotated, String where) {
    Rule onMethod = null;
    for (Method m : overridden(resourceClass, method)) {
      onMethod = ruleOf(m.getAnnotations(), where);
      if (onMethod != null) {
        break;
      }
    }
    if (onMethod != null) {
      return onMethod;
    }
    for (Class<?> c : hierarchy(resourceClass)) {
      Rule onClass = ruleOf(c.getDeclaredAnnotations(), resourceClass.getName());
      if (onClass != null) {
        return onClass;
      }
    }
    if (denyUnannotated && usesAnnotations(resourceClass)) {
      // a method annotated with the step-up alone is annotated: it needs an authenticated caller
      return overridden(resourceClass, method).stream()
              .anyMatch(m -> m.isAnnotationPresent(RequiresSecondFactor.class))
          ? Rule.of(Requirement.authenticated())
          : Rule.DENY;
    }
    return Rule.NONE;
  }

  /** The nearest {@link RequiresSecondFactor}: the method's (or one it overrides), then its classes'. */
  private static @Nullable RequiresSecondFactor nearestStepUp(
      Class<?> resourceClass, Method method) {
    for (Method m : overridden(resourceClass, method)) {
      RequiresSecondFactor a = m.getAnnotation(RequiresSecondFactor.class);
      if (a != null) {
        return a;
      }
    }
    for (Class<?> c : hierarchy(resourceClass)) {
      RequiresSecondFactor a = c.getDeclaredAnnotation(RequiresSecondFactor.class);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  private static @Nullable Rule ruleOf(Annotation[] annotations, String where) {
    PublicAccess open = find(annotations, PublicAccess.class);
    Authenticated authenticated = find(annotations, Authenticated.class);
    RequiresPermission permission = find(annotations, RequiresPermission.class);
    if (open != null
        && (authenticated != null
            || permission != null
            || find(annotations, RequiresSecondFactor.class) != null)) {
      throw new AuthException(
          "@PublicAccess contradicts @Authenticated/@RequiresPermission/@RequiresSecondFactor on "
              + where);
    }
    if (open != null) {
      return Rule.OPEN;
    }
    if (permission != null) {
      if (permission.value().length == 0) {
        throw new AuthException("@RequiresPermission without a permission on " + where);
      }
      for (String p : permission.value()) {
        try {
          Permission.parse(p);
        } catch (IllegalArgumentException e) {
          throw new AuthException("@RequiresPermission on " + where + ": " + e.getMessage(), e);
        }
      }
      return Rule.of(Requirement.permissions(permission.logical(), permission.value()));
    }
    return authenticated != null ? Rule.of(Requirement.authenticated()) : null;
  }

  private static <A extends Annotation> @Nullable A find(Annotation[] annotations, Class<A> type) {
    for (Annotation a : annotations) {
      if (type.isInstance(a)) {
        return type.cast(a);
      }
    }
    return null;
  }

  /** The method and every method it overrides or implements, nearest first. */
  private static List<Method> overridden(Class<?> resourceClass, Method method) {
    List<Method> found = new ArrayList<>();
    found.add(method);
    for (Class<?> c : hierarchy(resourceClass)) {
      try {
        Method m = c.getDeclaredMethod(method.getName(), method.getParameterTypes());
        if (!found.contains(m)) {
          found.add(m);
        }
      } catch (NoSuchMethodException absent) {
        // not declared here
      }
    }
    return found;
  }

  /** The class, its superclasses and all their interfaces, nearest first. */
  private static Set<Class<?>> hierarchy(Class<?> type) {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      Class<?> c = queue.poll();
      if (c == Object.class || !seen.add(c)) {
        continue;
      }
      if (c.getSuperclass() != null) {
        queue.add(c.getSuperclass());
      }
      queue.addAll(Arrays.asList(c.getInterfaces()));
    }
    return seen;
  }

  private static boolean usesAnnotations(Class<?> resourceClass) {
    for (Class<?> c : hierarchy(resourceClass)) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Authenticated.class)
            || m.isAnnotationPresent(RequiresPermission.class)
            || m.isAnnotationPresent(RequiresSecondFactor.class)
            || m.isAnnotationPresent(PublicAccess.class)) {
          return true;
        }
      }
    }
    return false;
  }
}
