package dev.refauth.bench;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.refauth.core.Permission;
import dev.refauth.core.Permissions;
import dev.refauth.core.token.TokenAuthProvider;
import dev.refauth.jaxrs.AuthFeature;
import dev.refauth.jaxrs.Authenticated;
import dev.refauth.jaxrs.RequiresPermission;
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
 * The endpoint {@code benchmarks/load.sh} drives with wrk: a trivial Jersey GET in Jetty 12, in one of these
 * configurations, and the header that authenticates against it written to a file.
 * <ul>
 *   <li>{@code unprotected}: {@code GET /api/open}, no auth at all;
 *   <li>{@code hs256}, {@code rs256}, {@code es256}: {@code GET /api/hello} with {@code @Authenticated} and
 *       {@code @RequiresPermission("posts:read")} through refauth (token check, identity cache, permission);
 *   <li>{@code session}: the same with the cookie session instead of a bearer token;
 *   <li>{@code noop}: the same resource with a do-nothing filter bound the same way (the JAX-RS floor);
 *   <li>{@code naive}: the reference to beat: a filter that parses and verifies the HS256 JWT on every
 *       request and checks the permission, no cache.
 * </ul>
 * {@code java -cp benchmarks.jar dev.refauth.bench.LoadServer <config> <port> <header-file>}
 */
public final class LoadServer {
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
    public void configure(jakarta.ws.rs.container.ResourceInfo info, jakarta.ws.rs.core.FeatureContext context) {
      if (info.getResourceClass().isAnnotationPresent(Authenticated.class)) {
        context.register((ContainerRequestFilter) request -> { }, jakarta.ws.rs.Priorities.AUTHENTICATION);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    String config = args[0];
    int port = Integer.parseInt(args[1]);
    java.nio.file.Path headerFile = java.nio.file.Path.of(args[2]);
    ResourceConfig app = new ResourceConfig();
    String header;
    String path;
    switch (config) {
      case "unprotected" -> {
        app.register(Open.class);
        header = "X-None: none";
        path = "/api/open";
      }
      case "hs256", "rs256", "es256", "session" -> {
        Fixtures f = new Fixtures(config.equals("session") ? "HS256" : config.toUpperCase(java.util.Locale.ROOT));
        app.register(new AuthFeature(f.guard));
        app.register(Protected.class);
        header = config.equals("session") ? "Cookie: " + TokenAuthProvider.SESSION_COOKIE + "=" + f.sessionCookie
            : "Authorization: Bearer " + f.token;
        path = "/api/hello";
      }
      case "noop" -> { // the floor of any JAX-RS auth: a name-bound request filter that does nothing
        app.register(NoopFeature.class);
        app.register(Protected.class);
        header = "X-None: none";
        path = "/api/hello";
      }
      case "naive" -> {
        Fixtures f = new Fixtures("HS256");
        String subject = SignedJWT.parse(f.token).getJWTClaimsSet().getSubject();
        app.register(new NaiveFilter(f.bareVerifier, Map.of(subject, Permissions.of(List.of("posts:read", "posts:write")))));
        app.register(Naive.class);
        header = "Authorization: Bearer " + f.token;
        path = "/api/naive";
      }
      default -> throw new IllegalArgumentException("unknown configuration " + config);
    }
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new ServletContainer(app)), "/api/*");
    server.setHandler(context);
    server.start();
    Files.writeString(headerFile, header + "\n" + path + "\n");
    System.out.println("READY " + config + " " + port + " " + path);
    server.join();
  }
}
