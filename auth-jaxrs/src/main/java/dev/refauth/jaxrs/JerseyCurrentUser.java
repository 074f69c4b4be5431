package dev.refauth.jaxrs;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthPrincipal;
import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import dev.refauth.core.Tenant;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.function.Function;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.spi.internal.ValueParamProvider;
import org.jspecify.annotations.Nullable;

/** {@link CurrentUser} for Jersey, the JAX-RS runtime of Jetty (bundled) and Payara. */
final class JerseyCurrentUser implements ValueParamProvider {
  private JerseyCurrentUser() {}

  static void register(FeatureContext context) {
    context.register(
        new AbstractBinder() {
          @Override
          protected void configure() {
            bind(new JerseyCurrentUser()).to(ValueParamProvider.class).in(Singleton.class);
          }
        });
  }

  @Override
  public @Nullable Function<ContainerRequest, ?> getValueProvider(Parameter parameter) {
    if (!parameter.isAnnotationPresent(CurrentUser.class)) {
      return null;
    }
    boolean optional = parameter.getRawType() == Optional.class;
    Class<?> type = optional ? elementType(parameter.getType()) : parameter.getRawType();
    return request -> {
      Object auth = request.getProperty(AuthGuard.AUTHENTICATION_ATTRIBUTE);
      Object value = auth instanceof Authentication a ? convert(a, type) : null;
      return optional ? Optional.ofNullable(value) : value;
    };
  }

  private static @Nullable Object convert(Authentication a, Class<?> type) {
    if (type == Authentication.class) {
      return a;
    }
    if (type == Permissions.class) {
      return a.permissions();
    }
    if (type == AuthPrincipal.class) {
      return AuthPrincipal.of(a);
    }
    if (type == Identity.class) {
      return a.identity();
    }
    if (type == Tenant.class) {
      return a.identity().tenant().map(Tenant::new).orElse(null);
    }
    return a.identity().as(type);
  }

  private static Class<?> elementType(Type type) {
    if (type instanceof ParameterizedType p
        && p.getActualTypeArguments()[0] instanceof Class<?> c) {
      return c;
    }
    return Identity.class;
  }

  @Override
  public PriorityType getPriority() {
    return Priority.HIGH;
  }
}
