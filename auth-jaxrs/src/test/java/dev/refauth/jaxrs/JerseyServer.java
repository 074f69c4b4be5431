package dev.refauth.jaxrs;

import dev.refauth.core.AuthGuard;
import dev.refauth.servlet.AuthenticatedFilter;
import dev.refauth.testsupport.EmbeddedJetty;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.glassfish.jersey.servlet.ServletContainer;

/** Real Jersey resources in a real Jetty 12, optionally behind the servlet filter. */
final class JerseyServer implements AutoCloseable {
  private final EmbeddedJetty jetty;
  final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  JerseyServer(AuthGuard guard, boolean behindServletFilter, Map<String, Object> properties)
      throws Exception {
    this(guard, behindServletFilter, properties, "/");
  }

  /** Deployed under {@code contextPath} ({@code /app}), the resources under {@code <contextPath>/api}. */
  JerseyServer(
      AuthGuard guard,
      boolean behindServletFilter,
      Map<String, Object> properties,
      String contextPath)
      throws Exception {
    ResourceConfig app =
        new ResourceConfig(
            Resources.ClassAuthenticated.class,
            Resources.Perms.class,
            Resources.Impl.class,
            Resources.Sub.class,
            Resources.Roles.class,
            Resources.Me.class,
            Resources.Posts.class,
            Resources.DenyDefault.class,
            Resources.StepUp.class,
            Resources.Vault.class);
    app.register(behindServletFilter ? new AuthFeature() : new AuthFeature(guard));
    app.register(AuthFeature.class); // twice on purpose: must be harmless
    app.register(RolesAllowedDynamicFeature.class);
    app.addProperties(properties);
    jetty =
        EmbeddedJetty.builder()
            .contextPath(contextPath)
            .configure(
                context -> {
                  if (behindServletFilter) {
                    context.addFilter(
                        new FilterHolder(new AuthenticatedFilter(guard)),
                        "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                  }
                  context.addServlet(new ServletHolder(new ServletContainer(app)), "/api/*");
                })
            .start();
  }

  HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jetty.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  int port() {
    return jetty.port();
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, headers);
  }

  @Override
  public void close() {
    jetty.close();
  }
}
