package dev.refauth.sample;

import dev.refauth.jaxrs.AuthFeature;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The JAX-RS application, registered in web.xml (no {@code @ApplicationPath}: Payara would register it twice). */
public final class SampleApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        AuthFeature.class,
        HelloResource.class,
        PostsResource.class,
        AdminUsersResource.class,
        AdminEventsResource.class,
        UpstreamResource.class);
  }
}
