package dev.refauth.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The resource method (or every method of the resource class) needs an authenticated caller:
 * otherwise 401 with {@code WWW-Authenticate: Bearer} and Refine's {@code CheckResponse} JSON, as decided
 * by the provider's {@code check} and {@code onError}. A method annotation overrides the class one.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authenticated {}
