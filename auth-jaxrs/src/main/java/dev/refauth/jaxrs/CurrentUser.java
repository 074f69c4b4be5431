package dev.refauth.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the caller into a resource method parameter, typed: {@code Identity}, {@code Authentication},
 * {@code Permissions}, {@code AuthPrincipal}, {@code Tenant} (the caller's tenant), or the application's own user class (read with
 * {@code Identity.as(type)}), the server side of Refine's {@code useGetIdentity<User>()}. A parameter of
 * type {@code Optional<...>} is empty for an anonymous caller; otherwise it is {@code null}. Needs Jersey
 * (the runtime of Jetty and Payara here); elsewhere use {@code @Context SecurityContext} and
 * {@link AuthFeature#identity}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface CurrentUser {}
