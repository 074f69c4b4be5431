package dev.refauth.jaxrs;

import dev.refauth.core.AuthException;
import dev.refauth.core.Permission;
import dev.refauth.core.Requirement;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
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
  record Rule(Requirement requirement, boolean deny) {
    static final Rule NONE = new Rule(Requirement.none(), false);
    static final Rule DENY = new Rule(Requirement.authenticated(), true);
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
      return Rule.DENY;
    }
    return Rule.NONE;
  }

  private static @Nullable Rule ruleOf(Annotation[] annotations, String where) {
    PublicAccess open = find(annotations, PublicAccess.class);
    Authenticated authenticated = find(annotations, Authenticated.class);
    RequiresPermission permission = find(annotations, RequiresPermission.class);
    if (open != null && (authenticated != null || permission != null)) {
      throw new AuthException(
          "@PublicAccess contradicts @Authenticated/@RequiresPermission on " + where);
    }
    if (open != null) {
      return Rule.NONE;
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
      return new Rule(Requirement.permissions(permission.logical(), permission.value()), false);
    }
    return authenticated != null ? new Rule(Requirement.authenticated(), false) : null;
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
            || m.isAnnotationPresent(PublicAccess.class)) {
          return true;
        }
      }
    }
    return false;
  }
}
