package dev.refauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

final class EmbeddedJettyTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** Answers the context path, the servlet path and an init-parameter of the context. */
  private static final class Echo extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter()
          .write(
              req.getContextPath()
                  + " "
                  + req.getServletPath()
                  + " "
                  + req.getServletContext().getInitParameter("greeting"));
    }
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void rootContext_onAFreePort() throws Exception {
    try (EmbeddedJetty jetty =
        EmbeddedJetty.builder()
            .configure(c -> c.addServlet(new ServletHolder(new Echo()), "/echo"))
            .configure(c -> c.setInitParameter("greeting", "hello"))
            .start()) {
      assertThat(jetty.port()).isPositive();
      assertThat(jetty.baseUri()).hasToString("http://127.0.0.1:" + jetty.port());
      HttpResponse<String> r = get(URI.create(jetty.baseUri() + "/echo"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(" /echo hello");
    }
  }

  @Test
  void contextPath_andAFixedPort() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (EmbeddedJetty jetty =
        EmbeddedJetty.builder()
            .contextPath("/app")
            .port(port)
            .configure(c -> c.addServlet(new ServletHolder(new Echo()), "/echo"))
            .start()) {
      assertThat(jetty.baseUri()).hasToString("http://127.0.0.1:" + port + "/app");
      assertThat(get(URI.create(jetty.baseUri() + "/echo")).body()).isEqualTo("/app /echo null");
      assertThat(get(URI.create("http://127.0.0.1:" + port + "/echo")).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void close_stopsListening() throws Exception {
    EmbeddedJetty jetty = EmbeddedJetty.builder().start();
    jetty.close();
    assertThatThrownBy(() -> new Socket("127.0.0.1", jetty.port()).close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void aConfigurerThatFails_failsTheStart() {
    IllegalStateException failure = new IllegalStateException("no");
    assertThatThrownBy(
            () ->
                EmbeddedJetty.builder()
                    .configure(
                        c -> {
                          throw failure;
                        })
                    .start())
        .isSameAs(failure);
  }

  @Test
  void badSettings_areMisconfiguration() {
    assertThatThrownBy(() -> EmbeddedJetty.builder().contextPath("app"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddedJetty.builder().contextPath("/app/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddedJetty.builder().port(65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddedJetty.builder().configure(null))
        .isInstanceOf(NullPointerException.class);
  }
}
