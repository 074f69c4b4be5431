package dev.refauth.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.GuardSettings;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CORS with JAX-RS alone and behind the servlet filter: the same answers, the allowance written once, preflights
 * answered before any resource runs.
 */
final class CrossOriginTest {
  private static final String SPA = "http://localhost:5173";
  private static JerseyServer standalone;
  private static JerseyServer behindFilter;
  private static String user;

  @BeforeAll
  static void start() throws Exception {
    CountingProvider provider = new CountingProvider(AuthFeatureTest.USERS.build());
    AuthSettings settings = AuthSettings.of(Map.of("allowedOrigins", SPA));
    standalone = new JerseyServer(GuardSettings.guard(settings, provider), false, Map.of());
    behindFilter = new JerseyServer(GuardSettings.guard(settings, provider), true, Map.of());
    user =
        (String)
            provider
                .login(
                    AuthParams.of(
                        Map.of("email", "user@example.com", "password", "demo-user-pass")),
                    AuthRequest.builder("POST", "/auth/login").build())
                .data("accessToken")
                .orElseThrow();
  }

  @AfterAll
  static void stop() {
    standalone.close();
    behindFilter.close();
  }

  @BeforeEach
  void reset() {
    Resources.CALLS.set(0);
  }

  private static JerseyServer server(String which) {
    return which.equals("standalone") ? standalone : behindFilter;
  }

  @ParameterizedTest
  @ValueSource(strings = {"standalone", "behind the servlet filter"})
  void preflight_allowedOrigin204_otherOrigin403_noResourceRuns(String which) throws Exception {
    HttpResponse<String> ok =
        server(which)
            .send(
                "OPTIONS",
                "/api/cls",
                "Origin",
                SPA,
                "Access-Control-Request-Method",
                "GET",
                "Access-Control-Request-Headers",
                "authorization");
    assertThat(ok.statusCode()).isEqualTo(204);
    assertThat(ok.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SPA);
    assertThat(ok.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
    HttpResponse<String> refused =
        server(which)
            .send(
                "OPTIONS",
                "/api/cls",
                "Origin",
                "https://evil.example",
                "Access-Control-Request-Method",
                "GET");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().map().keySet())
        .noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    assertThat(Resources.CALLS).hasValue(0);
  }

  /** A refused POST whose small body arrives late: read and dropped, so the pipelined request after it is answered too. */
  @ParameterizedTest
  @ValueSource(strings = {"standalone", "behind the servlet filter"})
  void refusedPost_bodyDrained_theConnectionServesTheNextRequest(String which) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server(which).port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + user
                  + "\r\n"
                  + "Content-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"a\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(300);
      out.write(
          "\"b\"}GET /api/cls/open HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answers =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answers).as(which).startsWith("HTTP/1.1 403");
      assertThat(answers.split("HTTP/1\\.1 ", -1))
          .as("the pipelined GET got its answer on the same connection: %s", answers)
          .hasSize(3);
    }
    // the servlet filter's own path rules protect /api/cls/open; alone, JAX-RS lets its
    // @PublicAccess through
    assertThat(Resources.CALLS)
        .as("the refused POST reached no resource")
        .hasValue(which.equals("standalone") ? 1 : 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"standalone", "behind the servlet filter"})
  void actualRequests_allowanceOnce_onSuccessAndRefusal(String which) throws Exception {
    HttpResponse<String> ok =
        server(which).get("/api/cls", "Origin", SPA, "Authorization", "Bearer " + user);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().allValues("Access-Control-Allow-Origin"))
        .as("exactly once: browsers refuse two")
        .containsExactly(SPA);
    assertThat(ok.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
    HttpResponse<String> refused =
        server(which)
            .get(
                "/api/cls",
                "Origin",
                SPA,
                "Authorization",
                "Bearer forged",
                "Accept",
                "application/json");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SPA);
    assertThat(refused.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
        .contains("WWW-Authenticate");
    HttpResponse<String> other =
        server(which)
            .get("/api/cls", "Origin", "https://evil.example", "Authorization", "Bearer " + user);
    assertThat(other.headers().allValues("Access-Control-Allow-Origin")).isEmpty();
    assertThat(List.of(ok.statusCode(), other.statusCode()))
        .as("CORS fences browsers; the token decides")
        .containsOnly(200);
  }
}
