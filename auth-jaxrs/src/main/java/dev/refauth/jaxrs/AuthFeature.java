package dev.refauth.jaxrs;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthPrincipal;
import dev.refauth.core.Authentication;
import dev.refauth.core.internal.ClassLoading;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one thing to register with JAX-RS: it resolves {@link Authenticated}, {@link RequiresPermission}
 * and {@link PublicAccess} once per resource method at deployment (a method annotation overrides the
 * class one; interfaces and superclasses count), and binds one filter at {@code Priorities.AUTHENTICATION}
 * that decides the whole rule: authentication, then permissions, in one pass through the guard. Filters at
 * {@code Priorities.AUTHORIZATION} (Jersey's {@code RolesAllowedDynamicFeature}, the application's own) run
 * after it and see its {@link SecurityContext}. Contradictory or malformed use fails deployment naming the method.
 *
 * <pre>{@code
 * public class MyApplication extends Application {
 *   public Set<Class<?>> getClasses() { return Set.of(AuthFeature.class, PostsResource.class); }
 * }
 * }</pre>
 *
 * <p>Decisions are the core {@link AuthGuard}'s: when {@code AuthenticatedFilter} already authenticated the
 * request, that result is reused; otherwise the guard it shares (or the one given to
 * {@link #AuthFeature(AuthGuard)}) checks through the identity cache. The {@link SecurityContext} answers
 * {@code getUserPrincipal} (an {@link AuthPrincipal}), {@code isUserInRole} (from permissions, so Jersey's
 * {@code RolesAllowedDynamicFeature} works on top) and {@code getAuthenticationScheme}.
 *
 * <p>Without {@code AuthenticatedFilter} in front, it also answers CORS preflights before resource matching and
 * puts the guard's CORS headers on every answer (the guard's allowed origins; see {@code GuardSettings}).
 *
 * <p>The guard sees the same request it sees behind the servlet filter: the path inside the web application
 * (without the context path), the context path, and the peer's address, read from the servlet container the
 * JAX-RS runtime runs on. Without a servlet container, the path is the request URI's and the address unknown.
 *
 * <p>Registering it twice, or finding it again by scanning, is harmless.
 */
@Provider
public final class AuthFeature implements jakarta.ws.rs.core.Feature {
  /** Application property: {@code true} denies unannotated methods of classes that use these annotations. */
  public static final String DENY_UNANNOTATED = "refauth.jaxrs.denyUnannotated";

  /** The guard given in code; none to use the servlet filter's. */
  private final @Nullable AuthGuard guard;

  /** Uses the guard of {@code AuthenticatedFilter} (or the application property {@link AuthGuard#GUARD_ATTRIBUTE}). */
  public AuthFeature() {
    this.guard = null;
  }

  /** Uses this guard when no servlet filter shares one (standalone JAX-RS). */
  public AuthFeature(AuthGuard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  @Override
  public boolean configure(FeatureContext context) {
    if (context.getConfiguration().isRegistered(Binding.class)) {
      return false; // registered already
    }
    ServletFacts.Holder servlet = null;
    if (ServletFacts.available()) {
      servlet = new ServletFacts.Holder();
      context.register(
          new ServletFacts(servlet),
          Priorities.AUTHENTICATION - 200); // the runtime injects its request proxy
    }
    context.register(new Binding(guard, servlet));
    GuardSource guards = new GuardSource(guard, context.getConfiguration(), servlet);
    AuthGuard known = guards.known();
    if (known == null || known.allowsCrossOrigin()) { // a guard allowing no other origin: no CORS
      context.register(new CorsFilter(guards), Priorities.AUTHENTICATION - 100);
    }
    if (jerseyServer()) {
      // only now may that class load: it implements Jersey's SPI
      JerseyCurrentUser.register(context);
    }
    return true;
  }

  /** The caller's authentication, from a JAX-RS security context this feature installed. */
  public static Optional<Authentication> authentication(SecurityContext security) {
    return security != null && security.getUserPrincipal() instanceof AuthPrincipal p
        ? Optional.of(p.authentication())
        : Optional.empty();
  }

  /** The caller's identity as the application's own type (see {@code Identity.as}). */
  public static <T> Optional<T> identity(SecurityContext security, Class<T> type) {
    return authentication(security).map(a -> a.identity().as(type));
  }

  /** Binds the filter per resource method. */
  static final class Binding implements DynamicFeature {
    private final @Nullable AuthGuard guard;
    private final ServletFacts.@Nullable Holder servlet;

    Binding(@Nullable AuthGuard guard, ServletFacts.@Nullable Holder servlet) {
      this.guard = guard;
      this.servlet = servlet;
    }

    @Override
    public void configure(ResourceInfo info, FeatureContext context) {
      Class<?> type = info.getResourceClass();
      Method method = info.getResourceMethod();
      if (type == null || method == null) {
        return;
      }
      boolean deny =
          Boolean.parseBoolean(
              String.valueOf(context.getConfiguration().getProperty(DENY_UNANNOTATED)));
      Rules.Rule rule = Rules.resolve(type, method, deny);
      GuardSource guards = new GuardSource(guard, context.getConfiguration(), servlet);
      context.register(new GuardFilter(rule, guards), Priorities.AUTHENTICATION);
    }
  }

  /**
   * Whether this is Jersey (its parameter SPI is there), checked without loading any class that names Jersey's types:
   * on another JAX-RS implementation, {@code @CurrentUser} is not offered and nothing else changes.
   */
  private static boolean jerseyServer() {
    return ClassLoading.present(
        "org.glassfish.jersey.server.spi.internal.ValueParamProvider", AuthFeature.class);
  }
}
