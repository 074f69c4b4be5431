package dev.refauth.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.cdi.Caller;
import dev.refauth.cdi.UserMapping;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import dev.refauth.jaxrs.AuthFeature;
import dev.refauth.jaxrs.Authenticated;
import dev.refauth.jaxrs.RequiresPermission;
import dev.refauth.servlet.AuthApiServlet;
import dev.refauth.servlet.AuthenticatedFilter;
import dev.refauth.testsupport.EmbeddedJetty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.weld.environment.servlet.Listener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * auth-cdi on Jetty 12 with Weld, the JAX-RS annotations on RESTEasy through CDI: the application is the filter, the
 * {@code /auth} API and the standard provider configured by init-params, resources that are CDI beans with {@code
 * @Inject Identity} and {@code @RequiresPermission}, and an observer of refauth's events. Jetty has no Jakarta
 * Security: the filter decides and {@code Caller} reads its decision.
 */
final class WeldResteasyTest {
  static final AtomicInteger CALLS = new AtomicInteger();
  static final List<AuthEvent.Type> HEARD = new CopyOnWriteArrayList<>();

  /** A CDI bean (request-scoped) and a JAX-RS resource: who calls, injected. */
  @Path("me")
  @RequestScoped
  public static class Me {
    @Inject Identity identity;
    @Inject Permissions permissions;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String me() {
      CALLS.incrementAndGet();
      return identity.name().orElse("?") + " " + permissions.implies("reports:read");
    }
  }

  /** The application's own user type. */
  public record AppUser(String name, boolean analyst) {}

  /** How an {@link AppUser} is made from refauth's caller. */
  @ApplicationScoped
  public static class AppUsers implements UserMapping<AppUser> {
    @Override
    public AppUser from(Authentication caller) {
      return new AppUser(
          caller.identity().name().orElse("?"), caller.permissions().implies("reports:read"));
    }
  }

  /** A resource with the application's user injected. */
  @Path("user")
  @RequestScoped
  public static class User {
    @Inject AppUser user;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Authenticated
    public String user() {
      return user.toString();
    }
  }

  /** Guarded by permission; the resource runs only when allowed. */
  @Path("reports")
  @RequestScoped
  public static class Reports {
    @Inject Caller caller;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @RequiresPermission("reports:read")
    public String reports() {
      CALLS.incrementAndGet();
      return "reports for " + caller.identity().orElseThrow().name().orElse("?");
    }
  }

  /** The application's reaction to refauth's events, with no listener API of refauth's. */
  @ApplicationScoped
  public static class Audit {
    void on(@Observes AuthEvent event) {
      HEARD.add(event.type());
    }
  }

  public static class Api extends Application {
    @Override
    public Set<Class<?>> getClasses() {
      return Set.of(AuthFeature.class, Me.class, Reports.class, User.class);
    }
  }

  @TempDir java.nio.file.Path dir;
  private EmbeddedJetty jetty;

  @BeforeEach
  void start() throws Exception {
    CALLS.set(0);
    HEARD.clear();
    Map<String, String> settings =
        Map.of(
            "publicOrigin", "http://localhost:8080",
            "provider.jwt.jwks", dir.resolve("dev.jwks").toString(),
            "provider.jwt.generate", "ES256",
            "provider.mail.folder", dir.resolve("mail").toString(),
            "provider.users", "classpath:/cdi-users.properties",
            "provider.secureCookies", "false");
    jetty =
        EmbeddedJetty.builder()
            .contextPath("/app")
            .configure(
                context -> {
                  context.addEventListener(new Listener()); // Weld
                  context.setInitParameter(
                      "resteasy.injector.factory", "org.jboss.resteasy.cdi.CdiInjectorFactory");
                  FilterHolder filter = new FilterHolder(AuthenticatedFilter.class);
                  filter.setName("auth");
                  filter.setInitParameters(settings);
                  context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
                  context.addServlet(new ServletHolder(new AuthApiServlet()), "/auth/*");
                  ServletHolder rest = new ServletHolder(new HttpServlet30Dispatcher());
                  rest.setInitParameter("jakarta.ws.rs.Application", Api.class.getName());
                  rest.setInitParameter("resteasy.servlet.mapping.prefix", "/api");
                  context.addServlet(rest, "/api/*");
                })
            .start();
  }

  @AfterEach
  void stop() {
    jetty.close();
  }

  @Test
  void injectedIdentity_isEachRequestsCaller_permissionsDecide_beforeTheResource()
      throws Exception {
    String analyst = token("analyst@example.com", "analyst-pass-1");
    String guest = token("guest@example.com", "guest-pass-1");

    assertThat(get("/api/reports", "").statusCode()).isEqualTo(401);
    assertThat(get("/api/reports", guest).statusCode()).isEqualTo(403);
    assertThat(CALLS).as("refused before the resource").hasValue(0);
    HttpResponse<String> ok = get("/api/reports", analyst);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("reports for Ann Analyst");

    // one after the other, each request gets its own caller (a bean made for the first would answer
    // twice)
    assertThat(get("/api/me", analyst).body()).isEqualTo("Ann Analyst true");
    assertThat(get("/api/me", guest).body()).isEqualTo("Gus Guest false");
    assertThat(get("/api/me", analyst).body()).isEqualTo("Ann Analyst true");
    assertThat(get("/api/me", "").statusCode()).isEqualTo(401);

    assertThat(get("/api/user", analyst).body())
        .isEqualTo("AppUser[name=Ann Analyst, analyst=true]");
    assertThat(get("/api/user", guest).body()).isEqualTo("AppUser[name=Gus Guest, analyst=false]");
    assertThat(get("/api/user", "").statusCode()).isEqualTo(401);
  }

  @Test
  void anObserver_hearsSignIn_failure_andSignOut() throws Exception {
    assertThat(post("/auth/login", "{\"email\":\"guest@example.com\",\"password\":\"wrong\"}"))
        .isEqualTo(401);
    String guest = token("guest@example.com", "guest-pass-1");
    HttpResponse<String> out =
        calls().post("/auth/logout", "{}", "Authorization", "Bearer " + guest);
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(HEARD)
        .contains(
            AuthEvent.Type.SIGN_IN_FAILED, AuthEvent.Type.SIGNED_IN, AuthEvent.Type.SIGNED_OUT);
  }

  private int post(String path, String json) throws Exception {
    return calls().post(path, json).statusCode();
  }

  private String token(String email, String password) throws Exception {
    HttpResponse<String> r =
        calls()
            .post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return calls().get(path, token);
  }

  private ApiCalls calls() {
    return new ApiCalls(jetty.baseUri());
  }
}
