package dev.refauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.testsupport.EmbeddedJetty;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

/**
 * Under a context path, the container routes {@code /%63tx/api/x} to the {@code /ctx} application: the URI as sent
 * does not start with the context path, so the path inside the application cannot be told without decoding. The
 * filter refuses such a request (400) instead of matching its rules against the whole URI, which let
 * {@code protectedPaths=/api/*} pass it to the application unauthenticated.
 */
final class ContextPathSpellingTest {

  @Test
  void anEncodedContextPath_isRefused_theApplicationNeverRuns() throws Exception {
    AtomicInteger appCalls = new AtomicInteger();
    try (EmbeddedJetty jetty =
        EmbeddedJetty.builder()
            .contextPath("/ctx")
            .configure(
                context -> {
                  FilterHolder filter = new FilterHolder(AuthenticatedFilter.class);
                  filter.setInitParameter(
                      AuthenticatedFilter.PROVIDER_PARAM, TestProviderFactory.class.getName());
                  filter.setInitParameter(AuthenticatedFilter.PROTECTED_PATHS_PARAM, "/api/*");
                  context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
                  context.addServlet(new ServletHolder(new AuthApiServlet()), "/auth/*");
                  context.addServlet(
                      new ServletHolder(
                          new HttpServlet() {
                            @Override
                            protected void service(
                                HttpServletRequest req, HttpServletResponse resp) {
                              appCalls.incrementAndGet();
                              resp.setStatus(200);
                            }
                          }),
                      "/");
                })
            .start()) {
      HttpClient client = HttpClient.newHttpClient();
      String origin = "http://127.0.0.1:" + jetty.port();
      HttpResponse<String> control =
          client.send(
              HttpRequest.newBuilder(URI.create(origin + "/ctx/api/x"))
                  .header("Accept", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(control.statusCode())
          .as("control: the plain spelling needs a login")
          .isEqualTo(401);
      for (String spelling : new String[] {"/%63tx/api/x", "/c%74x/api/x", "/%63tx/auth/me"}) {
        for (int attempt = 0; attempt < 2; attempt++) {
          HttpResponse<String> r =
              client.send(
                  HttpRequest.newBuilder(URI.create(origin + spelling))
                      .header("Accept", "application/json")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(spelling).isIn(400, 404);
          assertThat(r.body()).as(spelling).doesNotContain("Exception");
        }
      }
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(origin + "/ctx/public"))
                          .header("Accept", "application/json")
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .as("control: an open page of the application runs it")
          .isEqualTo(200);
      assertThat(appCalls).as("only the open page ran the application").hasValue(1);
    }
  }
}
