package dev.refauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter and the API servlet for a Refine app on another origin, and behind proxies, over real HTTP: CORS from
 * init-params, the CSRF check against the allowed and the public origins, forwarded headers from a trusted proxy
 * (here every request comes from 127.0.0.1) and from an untrusted one.
 */
final class CrossOriginTest {
  private static final String SPA = "http://localhost:5173";
  private static final String LOGIN =
      "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}";
  private static JettyServer api;
  private static JettyServer behindProxy;
  private static JettyServer notTrusted;

  @BeforeAll
  static void start() throws Exception {
    api = new JettyServer(Map.of("allowedOrigins", SPA));
    behindProxy = new JettyServer(Map.of("trustedProxies", "127.0.0.1/32"));
    notTrusted = new JettyServer(Map.of("trustedProxies", "10.0.0.0/8"));
  }

  @AfterAll
  static void stop() {
    api.close();
    behindProxy.close();
    notTrusted.close();
  }

  @BeforeEach
  void reset() {
    api.appCalls.set(0);
    behindProxy.appCalls.set(0);
    notTrusted.appCalls.set(0);
  }

  @Test
  void preflight_answeredByTheFilterAndTheApi_beforeAnyAuthentication() throws Exception {
    for (String path : new String[] {"/posts", "/auth/login", "/auth/refresh"}) {
      HttpResponse<String> ok =
          api.send(
              HttpRequest.newBuilder(api.uri(path))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", SPA)
                  .header("Access-Control-Request-Method", "POST")
                  .header("Access-Control-Request-Headers", "content-type,authorization"));
      assertThat(ok.statusCode()).as(path).isEqualTo(204);
      assertThat(ok.headers().allValues("Access-Control-Allow-Origin"))
          .as(path)
          .containsExactly(SPA);
      assertThat(ok.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
      assertThat(ok.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
          .contains("Authorization", "Content-Type", "X-Tenant-ID");
      HttpResponse<String> refused =
          api.send(
              HttpRequest.newBuilder(api.uri(path))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", "https://evil.example")
                  .header("Access-Control-Request-Method", "POST"));
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(refused.headers().map().keySet())
          .as(path)
          .noneMatch(h -> h.toLowerCase().startsWith("access-control-allow"));
    }
    assertThat(api.appCalls).hasValue(0);
  }

  @Test
  void login_fromTheAllowedOrigin_withJson_getsCookiesAndTheAllowanceOnce() throws Exception {
    HttpResponse<String> r =
        api.postJson("/auth/login", LOGIN, "Origin", SPA, "Sec-Fetch-Site", "same-site");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SPA);
    assertThat(r.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
    assertThat(r.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("refauth_session="));
    HttpResponse<String> textPlain =
        api.send(
            HttpRequest.newBuilder(api.uri("/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString(LOGIN))
                .header("Content-Type", "text/plain")
                .header("Origin", SPA)
                .header("Sec-Fetch-Site", "same-site"));
    assertThat(textPlain.statusCode())
        .as("a body a cross-site form could send needs another proof")
        .isEqualTo(403);
    assertThat(textPlain.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("refauth_session="));
  }

  @Test
  void cookiePost_fromAnOriginNotAllowed_refused_theAppNeverRuns() throws Exception {
    String session =
        JettyServer.sessionCookie(
            api.postJson("/auth/login", LOGIN, "Sec-Fetch-Site", "same-origin"));
    for (String origin : new String[] {"https://evil.example", "http://localhost:5174", "null"}) {
      for (String site : new String[] {"cross-site", "same-site"}) {
        HttpResponse<String> r =
            api.postJson(
                "/posts", "{}", "Cookie", session, "Origin", origin, "Sec-Fetch-Site", site);
        assertThat(r.statusCode()).as(origin + " " + site).isEqualTo(403);
        assertThat(r.headers().allValues("Access-Control-Allow-Origin")).isEmpty();
      }
      HttpResponse<String> noMetadata =
          api.postJson("/posts", "{}", "Cookie", session, "Origin", origin);
      assertThat(noMetadata.statusCode()).as(origin + " without Fetch Metadata").isEqualTo(403);
    }
    assertThat(api.appCalls).hasValue(0);
    assertThat(
            api.postJson(
                    "/posts", "{}", "Cookie", session, "Origin", SPA, "Sec-Fetch-Site", "same-site")
                .statusCode())
        .as("control: the allowed origin")
        .isEqualTo(200);
    assertThat(api.appCalls).hasValue(1);
  }

  @Test
  void hostRewritingProxy_sameOriginFetch_signsIn() throws Exception {
    HttpResponse<String> r =
        notTrusted.postJson(
            "/auth/login",
            LOGIN,
            "Origin",
            "http://localhost:5173",
            "Sec-Fetch-Site",
            "same-origin");
    assertThat(r.statusCode())
        .as("Host names the upstream, the browser says same-origin")
        .isEqualTo(200);
  }

  @Test
  void trustedProxy_tlsEndedInFront_originAndSecureCookieFromItsHeaders() throws Exception {
    String[] forwarded = {
      "X-Forwarded-For",
      "198.51.100.7",
      "X-Forwarded-Proto",
      "https",
      "X-Forwarded-Host",
      "app.example.com"
    };
    HttpResponse<String> login =
        behindProxy.postJson(
            "/auth/login", LOGIN, concat(forwarded, "Origin", "https://app.example.com"));
    assertThat(login.statusCode())
        .as("no Fetch Metadata: the Origin is checked against what the proxy reported")
        .isEqualTo(200);
    HttpResponse<String> page = behindProxy.get("/login", concat(forwarded, "Accept", "text/html"));
    assertThat(page.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("__Host-refauth_csrf=") && c.contains("Secure"));
    HttpResponse<String> plain = behindProxy.get("/login", "Accept", "text/html");
    assertThat(plain.headers().allValues("Set-Cookie"))
        .as("control: plain http, no proxy header")
        .anyMatch(c -> c.startsWith("refauth_csrf=") && !c.contains("Secure"));
  }

  @Test
  void forwardedHeaders_fromAnUntrustedPeer_changeNeitherOriginNorScheme() throws Exception {
    String[] forged = {
      "X-Forwarded-For",
      "198.51.100.7",
      "X-Forwarded-Proto",
      "https",
      "X-Forwarded-Host",
      "evil.example",
      "Forwarded",
      "for=198.51.100.7;proto=https;host=evil.example"
    };
    HttpResponse<String> login =
        notTrusted.postJson("/auth/login", LOGIN, concat(forged, "Origin", "https://evil.example"));
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(login.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("refauth_session="));
    HttpResponse<String> page = notTrusted.get("/login", concat(forged, "Accept", "text/html"));
    assertThat(page.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("refauth_csrf=") && !c.contains("Secure"));
    assertThat(
            notTrusted
                .postJson("/auth/login", LOGIN, "Origin", "http://127.0.0.1:" + notTrusted.port)
                .statusCode())
        .as("control: its real origin")
        .isEqualTo(200);
  }

  /**
   * A refused POST whose body arrives late keeps its connection: the filter reads and drops a small body before it
   * answers, so the next request on the same connection (pipelined here) is answered too.
   */
  @Test
  void refusedPost_bodyDrained_theConnectionServesTheNextRequest() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", api.port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /posts HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: refauth_session=x\r\nOrigin: https://evil.example\r\n"
                  + "Sec-Fetch-Site: cross-site\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"a\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(300); // the rest of the body comes late, as over a slow network
      out.write(
          "\"b\"}GET /public/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answers =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answers).startsWith("HTTP/1.1 403");
      assertThat(answers)
          .as("the pipelined GET got its answer on the same connection")
          .contains("HTTP/1.1 200");
    }
    assertThat(api.appCalls).as("only the GET reached the application").hasValue(1);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
