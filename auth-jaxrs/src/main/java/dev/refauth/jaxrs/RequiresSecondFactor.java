package dev.refauth.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The step-up: the resource method (or class) needs a caller who signed in with a second factor no more than {@link
 * #withinMinutes()} ago ({@code Requirement#withSecondFactorWithin}). It adds to {@link Authenticated} or {@link
 * RequiresPermission} wherever those stand (alone, it means authenticated too); the nearest one counts, the method's
 * before its class's, and {@link PublicAccess} on the method removes it.
 *
 * <p>A caller without it is answered 403 {@code StepUpRequired} (with {@code redirectTo} the step-up page) or, for an
 * account without a second factor, {@code SecondFactorEnrolmentRequired}; the resource is not invoked. A value out of
 * 1 to 1440 fails deployment naming the method.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresSecondFactor {
  /** How long ago the second factor may have been given, in minutes (default 10). */
  int withinMinutes() default 10;
}
