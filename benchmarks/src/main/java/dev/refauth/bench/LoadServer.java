package dev.refauth.bench;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.refauth.core.Permission;
import dev.refauth.core.Permissions;
import dev.refauth.jaxrs.AuthFeature;
import dev.refauth.jaxrs.Authenticated;
import dev.refauth.jaxrs.RequiresPermission;
import dev.refauth.metrics.OpenTelemetryMetrics;
import dev.refauth.tokens.TokenAuthProvider;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The endpoints {@code benchmarks/load.sh} drives with wrk: a trivial Jersey GET in Jetty 12, in each of these
 * configurations side by side in one JVM, and the header that authenticates against each written to a file.
 * <ul>
 *   <li>{@code unprotected}: {@code GET /api/open}, no auth at all;
 *   <li>{@code hs256}, {@code rs256}, {@code es256}: {@code GET /api/hello} with {@code @Authenticated} and
 *       {@code @RequiresPermission("posts:read")} through refauth (token check, identity cache, permission);
 *   <li>{@code session}: the same with the cookie session instead of a bearer token;
 *   <li>{@code hs256-metrics}: {@code hs256} with OpenTelemetry metrics on ({@code auth-metrics} on an SDK with a
 *       Prometheus reader): against {@code hs256}, what measuring costs;
 *   <li>{@code hs256-twin}: {@code hs256} again under another name, the control of a back-to-back pair (what two
 *       identical configurations differ by in this method);
 *   <li>{@code noop}: the same resource with a do-nothing filter bound the same way (the JAX-RS floor);
 *   <li>{@code adapter}: a filter making only the Jersey calls refauth's adapter makes (not in load.sh's default list);
 *   <li>{@code naive}: the reference to beat: a filter that parses and verifies the HS256 JWT on every
 *       request and checks the permission, no cache.
 * </ul>
 * {@code java -cp benchmarks.jar dev.refauth.bench.LoadServer <port> <target-folder> <config>...}
 */
public final class LoadServer {
  /** The header bytes every configuration sends (its own header plus {@code X-Pad}); above the RS256 token's. */
  static final int REQUEST_HEADER_BYTES = 800;

  private LoadServer() {}

  /** Same body for every configuration. */
  @Path("open")
  public static final class Open {
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String hello() {
      return "{\"hello\":\"world\"}";
    }
  }

  @Path("hello")
  @Authenticated
  public static final class Protected {
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresPermission("posts:read")
    public String hello() {
      return "{\"hello\":\"world\"}";
    }
  }

  @Path("naive")
  public static final class Naive {
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String hello() {
      return "{\"hello\":\"world\"}";
    }
  }

  /** Verifies the JWT on every request, then looks the user's permissions up: no cache. */
  static final class NaiveFilter implements ContainerRequestFilter {
    private final JWSVerifier verifier;
    private final Map<String, Permissions> permissions;
    private final Permission required = Permission.parse("posts:read");

    NaiveFilter(JWSVerifier verifier, Map<String, Permissions> permissions) {
      this.verifier = verifier;
      this.permissions = permissions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      String header = request.getHeaderString("Authorization");
      try {
        SignedJWT jwt = SignedJWT.parse(header.substring("Bearer ".length()));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        if (!jwt.verify(verifier) || claims.getExpirationTime().before(new Date())) {
          request.abortWith(Response.status(401).build());
          return;
        }
        Permissions p = permissions.get(claims.getSubject());
        if (p == null || !p.implies(required)) {
          request.abortWith(Response.status(403).build());
        }
      } catch (Exception e) {
        request.abortWith(Response.status(401).build());
      }
    }
  }

  /** Binds a do-nothing request filter to the resources refauth would guard, the way AuthFeature binds its own. */
  public static final class NoopFeature implements jakarta.ws.rs.container.DynamicFeature {
    @Override
    public void configure(
        jakarta.ws.rs.container.ResourceInfo info, jakarta.ws.rs.core.FeatureContext context) {
      if (info.getResourceClass().isAnnotationPresent(Authenticated.class)) {
        context.register(
            (ContainerRequestFilter) request -> {}, jakarta.ws.rs.Priorities.AUTHENTICATION);
      }
    }
  }

  /**
   * Does with Jersey what refauth's JAX-RS adapter does around its decision (two request-property reads, one
   * write, a security context), and nothing else: the cost of the integration, without the auth work.
   */
  public static final class AdapterFloorFeature implements jakarta.ws.rs.container.DynamicFeature {
    private final dev.refauth.core.Authentication authentication;

    AdapterFloorFeature(dev.refauth.core.Authentication authentication) {
      this.authentication = authentication;
    }

    @Override
    public void configure(
        jakarta.ws.rs.container.ResourceInfo info, jakarta.ws.rs.core.FeatureContext context) {
      if (!info.getResourceClass().isAnnotationPresent(Authenticated.class)) {
        return;
      }
      java.security.Principal principal = dev.refauth.core.AuthPrincipal.of(authentication);
      context.register(
          (ContainerRequestFilter)
              request -> {
                if (request.getProperty(dev.refauth.core.AuthGuard.AUTHENTICATION_ATTRIBUTE) != null
                    || request.getProperty(dev.refauth.core.AuthGuard.GUARD_ATTRIBUTE) != null) {
                  return;
                }
                request.setProperty(
                    dev.refauth.core.AuthGuard.AUTHENTICATION_ATTRIBUTE, authentication);
                boolean secure =
                    request.getSecurityContext() != null && request.getSecurityContext().isSecure();
                request.setSecurityContext(
                    new jakarta.ws.rs.core.SecurityContext() {
                      @Override
                      public java.security.Principal getUserPrincipal() {
                        return principal;
                      }

                      @Override
                      public boolean isUserInRole(String role) {
                        return false;
                      }

                      @Override
                      public boolean isSecure() {
                        return secure;
                      }

                      @Override
                      public String getAuthenticationScheme() {
                        return "Bearer";
                      }
                    });
              },
          jakarta.ws.rs.Priorities.AUTHENTICATION);
    }
  }

  /** One configuration: its JAX-RS application, the header that authenticates against it, its path below the mount. */
  private record Mount(ResourceConfig app, String header, String path) {}

  private static Mount mount(String config) throws Exception {
    ResourceConfig app = new ResourceConfig();
    return switch (config) {
      case "unprotected" -> new Mount(app.register(Open.class), "X-None: none", "/api/open");
      case "hs256", "hs256-twin", "rs256", "es256", "session" -> {
        Fixtures f =
            new Fixtures(
                config.equals("session") || config.equals("hs256-twin")
                    ? "HS256"
                    : config.toUpperCase(java.util.Locale.ROOT));
        app.register(new AuthFeature(f.guard)).register(Protected.class);
        yield new Mount(
            app,
            config.equals("session")
                ? "Cookie: " + TokenAuthProvider.SESSION_COOKIE + "=" + f.sessionCookie
                : "Authorization: Bearer " + f.token,
            "/api/hello");
      }
      // HS256 with OpenTelemetry metrics on (an SDK with a Prometheus reader, as the sample runs
      // it), for the on/off ratio beside hs256
      case "hs256-metrics" -> {
        OpenTelemetrySdk sdk =
            OpenTelemetrySdk.builder()
                .setMeterProvider(
                    SdkMeterProvider.builder()
                        .registerMetricReader(PrometheusMetricReader.create())
                        .build())
                .build();
        OpenTelemetryMetrics metrics = OpenTelemetryMetrics.builder(sdk).build();
        Fixtures f = new Fixtures("HS256", metrics, metrics);
        app.register(new AuthFeature(f.guard)).register(Protected.class);
        yield new Mount(app, "Authorization: Bearer " + f.token, "/api/hello");
      }
      // the floor of any JAX-RS auth: a name-bound request filter that does nothing
      case "noop" ->
          new Mount(
              app.register(NoopFeature.class).register(Protected.class),
              "X-None: none",
              "/api/hello");
      // not in load.sh's default list: the adapter's Jersey interactions alone (see
      // AdapterFloorFeature)
      case "adapter" -> {
        Fixtures f = new Fixtures("HS256");
        var auth =
            f.guard
                .authorize(f.bearerRequest(), dev.refauth.core.Requirement.authenticated())
                .authentication()
                .orElseThrow();
        yield new Mount(
            app.register(new AdapterFloorFeature(auth)).register(Protected.class),
            "Authorization: Bearer " + f.token,
            "/api/hello");
      }
      case "naive" -> {
        Fixtures f = new Fixtures("HS256");
        String subject = SignedJWT.parse(f.token).getJWTClaimsSet().getSubject();
        app.register(
            new NaiveFilter(
                f.bareVerifier,
                Map.of(subject, Permissions.of(List.of("posts:read", "posts:write")))));
        yield new Mount(
            app.register(Naive.class), "Authorization: Bearer " + f.token, "/api/naive");
      }
      default -> throw new IllegalArgumentException("unknown configuration " + config);
    };
  }

  /**
   * {@code LoadServer <port> <target-folder> <config>...}: one Jetty, one JVM, each configuration under its own
   * prefix ({@code /hs256/api/hello}), so that they share the JIT, the caches and the thread pool and differ
   * only by what the request meets. Writes {@code <config>.target} (header, path, padding header) for each.
   */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    java.nio.file.Path folder = java.nio.file.Path.of(args[1]);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    Map<String, Mount> mounts = new java.util.LinkedHashMap<>();
    for (String config : List.of(args).subList(2, args.length)) {
      Mount m = mount(config);
      mounts.put(config, m);
      context.addServlet(new ServletHolder(new ServletContainer(m.app())), "/" + config + "/api/*");
    }
    server.setHandler(context);
    server.start();
    for (Map.Entry<String, Mount> e : mounts.entrySet()) {
      String header = e.getValue().header();
      // every configuration sends the same number of header bytes: a client sends its token to
      // every endpoint,
      // and a bigger request costs Jetty's parser, Jersey's header map and wrk more whatever the
      // filter does
      String padding =
          "X-Pad: "
              + "p"
                  .repeat(Math.max(1, REQUEST_HEADER_BYTES - header.length() - "X-Pad: ".length()));
      Files.writeString(
          folder.resolve(e.getKey() + ".target"),
          header + "\n/" + e.getKey() + e.getValue().path() + "\n" + padding + "\n");
    }
    System.out.println("READY " + mounts.keySet() + " on " + port);
    server.join();
  }
}
