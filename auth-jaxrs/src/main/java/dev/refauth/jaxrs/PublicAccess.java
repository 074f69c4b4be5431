package dev.refauth.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Open to everyone: overrides a class-level {@link Authenticated} or {@link RequiresPermission}, and opens a
 * method under deny-by-default ({@link AuthFeature#DENY_UNANNOTATED}). Combining it with them on the same
 * element fails deployment.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PublicAccess {}
