package dev.refauth.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.PathRules;
import dev.refauth.core.Permissions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RequiresSecondFactor} over HTTP, with JAX-RS alone and behind the servlet filter: the same answers, and the
 * resource never invoked when the step-up is refused.
 */
final class StepUpTest {
  /** Bearer tokens by name: how long ago their sign-in with two factors was, or a password alone. */
  static final class Provider implements AuthProvider {
    @Override
    public AuthActionResponse login(AuthParams params, AuthRequest request) {
      return AuthActionResponse.failure(AuthError.invalidCredentials());
    }

    @Override
    public AuthActionResponse logout(AuthParams params, AuthRequest request) {
      return AuthActionResponse.success();
    }

    @Override
    public CheckResponse check(AuthRequest request) {
      Identity admin = Identity.builder("ada").attribute("secondFactor", true).build();
      Authentication base = Authentication.of(admin, Permissions.of("admin"));
      Instant now = Instant.now();
      return switch (request.bearerToken().orElse("")) {
        case "fresh" ->
            CheckResponse.authenticated(
                base.withAuthenticatedAt(now.minusSeconds(60)).withMethods(List.of("otp", "mfa")));
        case "sixMinutes" ->
            CheckResponse.authenticated(
                base.withAuthenticatedAt(now.minus(Duration.ofMinutes(6)))
                    .withMethods(List.of("otp", "mfa")));
        case "stale" ->
            CheckResponse.authenticated(
                base.withAuthenticatedAt(now.minus(Duration.ofHours(1)))
                    .withMethods(List.of("otp", "mfa")));
        case "pwd" ->
            CheckResponse.authenticated(base.withAuthenticatedAt(now).withMethods(List.of("pwd")));
        case "reader" ->
            CheckResponse.authenticated(
                Authentication.of(Identity.builder("rita").build(), Permissions.of("posts:read"))
                    .withAuthenticatedAt(now)
                    .withMethods(List.of("otp", "mfa")));
        default -> CheckResponse.unauthenticated("/login");
      };
    }

    @Override
    public OnErrorResponse onError(AuthError error, AuthRequest request) {
      return OnErrorResponse.of(error);
    }
  }

  private static JerseyServer alone;
  private static JerseyServer behindFilter;

  @BeforeAll
  static void start() throws Exception {
    alone = new JerseyServer(guard(), false, Map.of());
    behindFilter = new JerseyServer(guard(), true, Map.of());
  }

  /** The filter leaves {@code /api/*} to the annotations (public to it: it authenticates a caller who sends a token). */
  private static AuthGuard guard() {
    return AuthGuard.builder(new Provider())
        .identityCache(IdentityCache.builder().build())
        .pathRules(PathRules.of(List.of("/*"), List.of("/api/*"), List.of("/login")))
        .build();
  }

  @AfterAll
  static void stop() {
    alone.close();
    behindFilter.close();
  }

  @BeforeEach
  void reset() {
    Resources.CALLS.set(0);
  }

  @ParameterizedTest(name = "{0} {1} as {2} -> {3} {4}")
  @CsvSource({
    "GET, /api/keys, pwd, 200, ''",
    "POST, /api/keys, fresh, 200, ''",
    "POST, /api/keys, sixMinutes, 403, StepUpRequired",
    "POST, /api/keys, stale, 403, StepUpRequired",
    "POST, /api/keys, pwd, 403, StepUpRequired",
    "POST, /api/keys, reader, 403, Forbidden",
    "GET, /api/keys, nobody, 401, ''",
    "GET, /api/keys/open, nobody, 200, ''",
    "GET, /api/vault, fresh, 200, ''",
    "GET, /api/vault, reader, 200, ''",
    "GET, /api/vault, stale, 403, StepUpRequired",
    "GET, /api/vault, nobody, 401, ''",
    "GET, /api/vault/status, nobody, 200, ''",
    "GET, /api/cls/open, nobody, 200, ''",
  })
  void theStepUp_isDecidedAlike_aloneAndBehindTheFilter(
      String method, String path, String who, int status, String error) throws Exception {
    for (JerseyServer server : List.of(alone, behindFilter)) {
      Resources.CALLS.set(0);
      HttpResponse<String> r =
          who.equals("nobody")
              ? server.send(method, path, "Accept", "application/json")
              : server.send(
                  method,
                  path,
                  "Accept",
                  "application/json",
                  "Authorization",
                  "Bearer " + who,
                  "Content-Type",
                  "application/json");
      assertThat(r.statusCode())
          .as(path + " " + who + (server == alone ? " alone" : " behind the filter") + r.body())
          .isEqualTo(status);
      assertThat(Resources.CALLS.get()).as("invoked").isEqualTo(status == 200 ? 1 : 0);
      if (!error.isEmpty()) {
        assertThat(r.body()).contains("\"name\":\"" + error + "\"");
      }
      if (error.equals("StepUpRequired")) {
        assertThat(r.body()).contains("\"redirectTo\":\"/login/second-factor?stepUp=true\"");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
            .contains("insufficient_user_authentication")
            .contains(path.startsWith("/api/keys") ? "max_age=\"300\"" : "max_age=\"600\"");
      }
    }
  }

  @Path("bad")
  public static class OutOfRange {
    @GET
    @RequiresSecondFactor(withinMinutes = 0)
    public String get() {
      return "x";
    }
  }

  @Path("contradiction")
  public static class Contradiction {
    @GET
    @PublicAccess
    @RequiresSecondFactor
    public String get() {
      return "x";
    }
  }

  @Test
  void misuse_failsDeploymentNamingTheMethod() {
    for (Class<?> bad : List.of(OutOfRange.class, Contradiction.class)) {
      assertThatThrownBy(
              () ->
                  new ApplicationHandler(
                      new ResourceConfig(bad).register(new AuthFeature(guard()))))
          .hasStackTraceContaining(bad.getName() + "#get()");
    }
  }
}
