package dev.refauth.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.AuthGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** Malformed or contradictory use fails deployment, naming the method; deny-by-default refuses the unannotated. */
final class DeploymentTest {

  @Path("bad")
  public static class PartialWildcard {
    @GET
    @RequiresPermission("posts:re*")
    public String get() {
      return "x";
    }
  }

  @Path("empty")
  public static class EmptyPermission {
    @GET
    @RequiresPermission({})
    public String get() {
      return "x";
    }
  }

  @Path("blank")
  public static class BlankPermission {
    @GET
    @RequiresPermission("")
    public String get() {
      return "x";
    }
  }

  @Path("contradiction")
  public static class Contradiction {
    @GET
    @PublicAccess
    @Authenticated
    public String get() {
      return "x";
    }
  }

  @Path("fine")
  public static class Fine {
    @GET
    @RequiresPermission("posts:read")
    public String get() {
      return "x";
    }
  }

  private static void deploy(Class<?> resource) {
    new ApplicationHandler(new ResourceConfig(resource).register(new AuthFeature()));
  }

  @Test
  void malformedPermissions_failDeploymentNamingTheMethod() {
    for (Class<?> bad :
        new Class<?>[] {
          PartialWildcard.class, EmptyPermission.class, BlankPermission.class, Contradiction.class
        }) {
      assertThatThrownBy(() -> deploy(bad))
          .as(bad.getSimpleName())
          .hasStackTraceContaining(bad.getName() + "#get()");
    }
    deploy(Fine.class); // positive control
  }

  @Test
  void denyByDefault_refusesUnannotatedMethods() throws Exception {
    AuthGuard guard = AuthGuard.builder(AuthFeatureTest.USERS.build()).build();
    String token =
        (String)
            guard
                .provider()
                .login(
                    dev.refauth.core.AuthParams.of(
                        Map.of("email", "admin@example.com", "password", "demo-admin-pass")),
                    dev.refauth.core.AuthRequest.builder("POST", "/").build())
                .data("accessToken")
                .orElseThrow();
    try (JerseyServer server =
        new JerseyServer(guard, false, Map.of(AuthFeature.DENY_UNANNOTATED, true))) {
      Resources.CALLS.set(0);
      assertThat(server.get("/api/deny/forgotten", "Authorization", "Bearer " + token).statusCode())
          .isEqualTo(403);
      assertThat(server.get("/api/deny/forgotten", "Accept", "application/json").statusCode())
          .isEqualTo(401);
      assertThat(Resources.CALLS.get()).isZero();
      assertThat(server.get("/api/deny/ok", "Authorization", "Bearer " + token).statusCode())
          .isEqualTo(200);
      assertThat(server.get("/api/deny/open").statusCode()).isEqualTo(200);
      assertThat(server.get("/api/perm/none", "Accept", "application/json").statusCode())
          .as("an unannotated method beside annotated ones")
          .isEqualTo(401);
      assertThat(Resources.CALLS.get()).isEqualTo(2);
    }
  }
}
