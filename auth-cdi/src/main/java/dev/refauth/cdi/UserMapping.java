package dev.refauth.cdi;

import dev.refauth.core.Authentication;

/**
 * The application's own user type, made from refauth's caller: implement it in a bean of any scope, and {@code
 * @Inject AppUser user} works. A class or record works where {@code @Inject Identity} does (request-scoped beans,
 * JAX-RS resources), with the same rules ({@link InjectionRules}: a bean that outlives the request cannot have it); an
 * interface is request-scoped, proxied, and works anywhere CDI injects (servlets, enterprise beans, application-scoped
 * beans), each call answering for the current request. The mapping may read the
 * application's own store (inject it into the mapping bean); it is called once per injection of a class or record,
 * and for an interface once per request, when the user is first used.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class AppUsers implements UserMapping<AppUser> {
 *   public AppUser from(Authentication caller) {
 *     return new AppUser(caller.identity().id(), caller.identity().email().orElse(""),
 *         caller.permissions().implies("admin"));
 *   }
 * }
 * }</pre>
 *
 * <p>One mapping per type, and the type itself must not be a bean (a plain class or record): the deployment fails
 * otherwise, naming them. On a request without a caller (a path anyone may reach) the user cannot be made; inject
 * {@link Caller} to ask whether there is one.
 *
 * @param <T> the application's user type
 */
@FunctionalInterface
public interface UserMapping<T> {
  /** The application's user for this caller; never null. */
  T from(Authentication caller);
}
