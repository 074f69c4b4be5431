package dev.refauth.jaxrs;

import dev.refauth.core.Requirement;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The resource method (or class) needs an authenticated caller whose permissions imply these
 * (Shiro-style wildcards: {@code posts:*} implies {@code posts:read}; roles are permissions too).
 * Unauthenticated: 401; authenticated without the permission: 403 through the provider's {@code onError}.
 *
 * <p>A malformed permission (empty, {@code re*}, spaces) fails deployment with a message naming the method.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresPermission {
  /** One or more permissions. */
  String[] value();

  /** Whether any one of them suffices or all are needed (default). */
  Requirement.Logical logical() default Requirement.Logical.ALL;
}
