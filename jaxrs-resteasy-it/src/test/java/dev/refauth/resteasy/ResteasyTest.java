package dev.refauth.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.accounts.InMemoryAuthProvider;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.jaxrs.AuthFeature;
import dev.refauth.jaxrs.Authenticated;
import dev.refauth.jaxrs.RequiresPermission;
import dev.refauth.servlet.AuthenticatedFilter;
import dev.refauth.testsupport.EmbeddedJetty;
import jakarta.servlet.DispatcherType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * auth-jaxrs on RESTEasy instead of Jersey: the same annotations answer 401, 403 and 200, the resource runs only
 * when allowed, and {@code SecurityContext} is refauth's caller; alone (the feature given a guard) and behind the
 * servlet filter.
 */
final class ResteasyTest {
  static final AtomicInteger CALLS = new AtomicInteger();

  /** The application's resources. */
  @Path("reports")
  public static class Reports {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @RequiresPermission("reports:read")
    public String reports(@Context SecurityContext security) {
      CALLS.incrementAndGet();
      return "reports for " + security.getUserPrincipal().getName();
    }
  }

  @Path("me")
  @Authenticated
  public static class Me {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String me(@Context SecurityContext security) {
      CALLS.incrementAndGet();
      return security.getUserPrincipal().getName() + " " + security.isUserInRole("reports:read");
    }
  }

  /** Alone: the feature is given the guard. */
  public static class Alone extends Application {
    static AuthGuard guard;

    @Override
    @SuppressWarnings("deprecation") // the portable way to hand a resource or provider an instance
    public Set<Object> getSingletons() {
      return Set.of(new AuthFeature(guard));
    }

    @Override
    public Set<Class<?>> getClasses() {
      return Set.of(Reports.class, Me.class);
    }
  }

  /** Behind the servlet filter: the feature takes the filter's decision. */
  public static class Behind extends Application {
    @Override
    public Set<Class<?>> getClasses() {
      return Set.of(AuthFeature.class, Reports.class, Me.class);
    }
  }

  private final AuthProvider provider =
      InMemoryAuthProvider.builder()
          .hasher(PasswordHasher.argon2id(1024, 1, 1))
          .secureCookies(false)
          .user("analyst@example.com", "analyst-pass-1", "Ann Analyst", "reports:read")
          .user("guest@example.com", "guest-pass-1", "Gus Guest")
          .build();
  private EmbeddedJetty jetty;

  @BeforeEach
  void reset() {
    CALLS.set(0);
  }

  @AfterEach
  void stop() {
    if (jetty != null) {
      jetty.close();
    }
  }

  private void start(boolean behindFilter) throws Exception {
    AuthGuard guard = AuthGuard.builder(provider).build();
    Alone.guard = guard;
    jetty =
        EmbeddedJetty.builder()
            .contextPath("/app")
            .configure(
                context -> {
                  if (behindFilter) {
                    context.addFilter(
                        new FilterHolder(new AuthenticatedFilter(guard)),
                        "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                  }
                  ServletHolder rest = new ServletHolder(new HttpServlet30Dispatcher());
                  rest.setInitParameter(
                      "jakarta.ws.rs.Application",
                      (behindFilter ? Behind.class : Alone.class).getName());
                  rest.setInitParameter("resteasy.servlet.mapping.prefix", "/api");
                  context.addServlet(rest, "/api/*");
                })
            .start();
  }

  private String token(String email, String password) {
    return (String)
        provider
            .login(
                AuthParams.of(Map.of("email", email, "password", password)),
                AuthRequest.builder("POST", "/auth/login").build())
            .data("accessToken")
            .orElseThrow();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return new ApiCalls(jetty.baseUri()).get(path, token);
  }

  @ParameterizedTest(name = "behind the servlet filter: {0}")
  @ValueSource(booleans = {false, true})
  void permissionsDecide_andTheResourceRunsOnlyWhenAllowed(boolean behindFilter) throws Exception {
    start(behindFilter);
    String analyst = token("analyst@example.com", "analyst-pass-1");
    String guest = token("guest@example.com", "guest-pass-1");

    assertThat(get("/api/reports", "").statusCode()).isEqualTo(401);
    assertThat(get("/api/reports", "not-a-token").statusCode()).isEqualTo(401);
    assertThat(get("/api/reports", guest).statusCode()).isEqualTo(403);
    assertThat(CALLS).hasValue(0); // refused before the resource
    HttpResponse<String> ok = get("/api/reports", analyst);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).startsWith("reports for ");
    assertThat(CALLS).hasValue(1);

    assertThat(get("/api/me", "").statusCode()).isEqualTo(401);
    assertThat(get("/api/me", guest).body()).endsWith(" false");
    assertThat(get("/api/me", analyst).body()).endsWith(" true");
  }
}
