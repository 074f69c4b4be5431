package dev.refauth.cdi;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a CDI bean whose {@code @RolesAllowed}, {@code @PermitAll} or {@code @DenyAll} refauth enforces. Added by
 * {@link RolesOnBeans}, not written by applications.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RolesChecked {}
