package dev.refauth.standard;

import dev.refauth.servlet.AuthApiServlet;
import dev.refauth.servlet.AuthenticatedFilter;
import dev.refauth.testsupport.EmbeddedJetty;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * A web application configured as a {@code web.xml} would be: the filter with init-params only, the API servlet, and
 * a page that says who called. No Java of refauth's kind.
 */
final class Site implements AutoCloseable {
  private final EmbeddedJetty jetty;
  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  Site(Map<String, String> initParams) throws Exception {
    jetty =
        EmbeddedJetty.builder()
            .configure(
                context -> {
                  FilterHolder filter = new FilterHolder(AuthenticatedFilter.class);
                  filter.setName("auth");
                  filter.setInitParameters(initParams);
                  context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
                  context.addServlet(new ServletHolder(new AuthApiServlet()), "/auth/*");
                  context.addServlet(new ServletHolder(new Page()), "/");
                })
            .start();
  }

  /** The application: who called. */
  static final class Page extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().print("hello " + req.getUserPrincipal().getName());
    }
  }

  URI baseUri() {
    return jetty.baseUri();
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(jetty.baseUri() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String bearer) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(jetty.baseUri() + path))
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + bearer)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> login(String email, String password) throws Exception {
    return post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  static String accessToken(HttpResponse<String> login) {
    return login.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }

  @Override
  public void close() {
    jetty.close();
  }
}
