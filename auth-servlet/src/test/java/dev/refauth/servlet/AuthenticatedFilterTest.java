package dev.refauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter in a real Jetty 12 over real HTTP. */
final class AuthenticatedFilterTest {
  private static final String HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";
  private static JettyServer jetty;

  @BeforeAll
  static void start() throws Exception {
    jetty = new JettyServer(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.close();
  }

  @BeforeEach
  void reset() {
    jetty.appCalls.set(0);
  }

  @Test
  void browser_unauthenticated_redirectsToLoginWithTo() throws Exception {
    HttpResponse<String> r = jetty.get("/posts?page=2", "Accept", HTML);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains("/login?to=%2Fposts%3Fpage%3D2");
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void browser_root_redirectsWithoutTo() throws Exception {
    HttpResponse<String> r = jetty.get("/", "Accept", HTML);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains("/login");
  }

  @Test
  void browser_existingToIsKept() throws Exception {
    HttpResponse<String> r = jetty.get("/somewhere?to=%2Fposts%2F7", "Accept", HTML);
    assertThat(r.headers().firstValue("Location")).contains("/login?to=%2Fposts%2F7");
  }

  @Test
  void browser_toNeverPointsAtLoginOrOffSite() throws Exception {
    assertThat(jetty.get("/somewhere?to=%2Flogin", "Accept", HTML).headers().firstValue("Location"))
        .contains("/login");
    assertThat(
            jetty.get("/x?to=%2F%2Fevil.example", "Accept", HTML).headers().firstValue("Location"))
        .contains("/login");
  }

  @Test
  void xhr_unauthenticated_gets401Json() throws Exception {
    HttpResponse<String> r =
        jetty.get("/posts", "Accept", HTML, "X-Requested-With", "XMLHttpRequest");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(r.body())
        .isEqualTo(
            "{\"authenticated\":false,\"redirectTo\":\"/login\",\"logout\":true,"
                + "\"error\":{\"name\":\"Unauthorized\",\"message\":\"Authentication required\",\"statusCode\":401}}");
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void api_invalidToken_saysInvalidToken() throws Exception {
    HttpResponse<String> r =
        jetty.get("/posts", "Accept", "application/json", "Authorization", "Bearer forged");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .contains(
            "Bearer error=\"invalid_token\", "
                + "error_description=\"The access token is invalid\"");
    assertThat(r.headers().allValues("Set-Cookie")).as("a refused token clears nothing").isEmpty();
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void api_validToken_reachesAppWithPrincipal() throws Exception {
    String token = jetty.login("user@example.com", "demo-user-pass");
    HttpResponse<String> r =
        jetty.get("/posts", "Accept", "application/json", "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains(
            "user=user@example.com",
            "remote=user@example.com",
            "admin=false",
            "postsRead=true",
            "type=Bearer",
            "name=Uma User");
    assertThat(jetty.appCalls).hasValue(1);
  }

  @Test
  void toRoundTrip_formLoginReturnsToDeepLink() throws Exception {
    HttpResponse<String> first = jetty.get("/posts?page=2", "Accept", HTML);
    String location = first.headers().firstValue("Location").orElseThrow();
    String to =
        java.net.URLDecoder.decode(
            location.substring(location.indexOf("to=") + 3), StandardCharsets.UTF_8);
    HttpResponse<String> login =
        jetty.postForm(
            "/auth/login",
            "email=admin%40example.com&password=demo-admin-pass&to="
                + URLEncoder.encode(to, StandardCharsets.UTF_8),
            "Sec-Fetch-Site",
            "same-origin",
            "Origin",
            "http://127.0.0.1:" + jetty.port);
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).contains("/posts?page=2");
    String cookie = JettyServer.sessionCookie(login);
    HttpResponse<String> back = jetty.get("/posts?page=2", "Accept", HTML, "Cookie", cookie);
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.body()).contains("user=admin@example.com", "type=Session");
  }

  @Test
  void formLogin_wrongPassword_backToLoginWithError() throws Exception {
    HttpResponse<String> r =
        jetty.postForm(
            "/auth/login",
            "email=admin%40example.com&password=nope&to=%2Fposts",
            "Sec-Fetch-Site",
            "same-origin");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).contains("/login?error=LoginError&to=%2Fposts");
    assertThat(r.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("refauth_session=") && !c.startsWith("refauth_session=;"));
  }

  @Test
  void loginPage_authenticatedBrowserIsSentOn() throws Exception {
    String token = jetty.login("user@example.com", "demo-user-pass");
    HttpResponse<String> r =
        jetty.get("/login", "Accept", HTML, "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains("/");
    HttpResponse<String> withTo =
        jetty.get("/login?to=%2Fposts", "Accept", HTML, "Authorization", "Bearer " + token);
    assertThat(withTo.headers().firstValue("Location")).contains("/posts");
    // positive control: anonymous sees the login page
    assertThat(jetty.get("/login", "Accept", HTML).statusCode()).isEqualTo(200);
  }

  @Test
  void onError_401Downstream_bearer_tellsTheClientToLogOut_revokesNothing() throws Exception {
    String token = jetty.login("user@example.com", "demo-user-pass");
    assertThat(jetty.get("/posts", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    HttpResponse<String> r =
        jetty.get("/fail/401", "Accept", "application/json", "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"logout\":true");
    assertThat(r.headers().allValues("Set-Cookie")).as("the client drops its own token").isEmpty();
    assertThat(jetty.get("/posts", "Authorization", "Bearer " + token).statusCode())
        .as("until it logs out, the token works")
        .isEqualTo(200);
  }

  @Test
  void onError_401Downstream_sessionCookie_endsThatSession() throws Exception {
    HttpResponse<String> login =
        jetty.postJson(
            "/auth/login", "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}");
    String session = JettyServer.sessionCookie(login);
    assertThat(jetty.get("/posts", "Cookie", session).statusCode()).as("control").isEqualTo(200);
    HttpResponse<String> r =
        jetty.get("/fail/401", "Accept", "application/json", "Cookie", session);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("refauth_session=;") && c.contains("Max-Age=0"));
    assertThat(jetty.get("/posts", "Accept", "application/json", "Cookie", session).statusCode())
        .isEqualTo(401);
  }

  @Test
  void onError_401Downstream_browserRedirected() throws Exception {
    String token = jetty.login("user@example.com", "demo-user-pass");
    HttpResponse<String> r =
        jetty.get("/fail/401", "Accept", HTML, "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/login");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/fail/403", "/fail/status403"})
  void onError_403Downstream_staysLoggedIn(String path) throws Exception {
    String token = jetty.login("user@example.com", "demo-user-pass");
    HttpResponse<String> r =
        jetty.get(path, "Accept", "application/json", "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":{\"name\":\"Forbidden\",\"message\":\"You don't have permission to perform this action\",\"statusCode\":403}}");
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(jetty.get("/posts", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
  }

  @Test
  void onError_exceptionDownstream_is500WithoutDetails() throws Exception {
    String token = jetty.login("user@example.com", "demo-user-pass");
    HttpResponse<String> r =
        jetty.get("/fail/throw", "Accept", "application/json", "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body())
        .doesNotContain("secret internal detail", "IllegalStateException", "at dev.");
    assertThat(r.body()).contains("\"ServerError\"");
  }

  @Test
  void redirectLoop_followingRedirectsEndsOnTheLoginPage() throws Exception {
    String path = "/deep/link?x=1";
    String cookie = "refauth_session=stale-or-revoked";
    for (int hop = 0; hop < 5; hop++) {
      HttpResponse<String> r = jetty.get(path, "Accept", HTML, "Cookie", cookie);
      if (r.statusCode() == 200) {
        assertThat(path).startsWith("/login");
        assertThat(hop).isEqualTo(1);
        return;
      }
      assertThat(r.statusCode()).isEqualTo(302);
      path = r.headers().firstValue("Location").orElseThrow();
    }
    throw new AssertionError("redirect loop");
  }

  @Test
  void publicPaths_needNothing() throws Exception {
    HttpResponse<String> r = jetty.get("/public/info", "Accept", HTML);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("user=-");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/public/..;/posts",
        "/public;x/../posts",
        "/public/%2e%2e/posts",
        "/public/%2E%2E/posts",
        "//posts",
        "/public/..%2fposts",
        "/public%2f..%2fposts",
        "/public/.%2e/posts",
        "/public/x%00",
        "/public\\..\\posts",
        "/public/%252e%252e/posts",
        "/public/%c0%ae%c0%ae/posts",
        "/public/./x"
      })
  void ambiguousPaths_400BeforeMatching(String path) throws Exception {
    String response =
        jetty.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(JettyServer.status(response)).as(response).isEqualTo(400);
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void ambiguousPaths_positiveControl() throws Exception {
    String response =
        jetty.raw("GET /public/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(JettyServer.status(response)).isEqualTo(200);
    String encodedLetter =
        jetty.raw(
            "GET /%70osts HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
    assertThat(JettyServer.status(encodedLetter))
        .as("/%70osts is /posts: protected")
        .isEqualTo(401);
    assertThat(jetty.appCalls).hasValue(1);
  }

  @Test
  void head_isProtectedLikeGet() throws Exception {
    HttpResponse<String> r =
        jetty.send(
            java.net.http.HttpRequest.newBuilder(jetty.uri("/posts"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void trace_isRefused() throws Exception {
    String token = jetty.login("admin@example.com", "demo-admin-pass");
    String response =
        jetty.raw(
            "TRACE /posts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + token
                + "\r\nConnection: close\r\n\r\n");
    assertThat(JettyServer.status(response)).isEqualTo(405);
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void csrf_crossSiteCookiePost_refused_sameOriginAccepted() throws Exception {
    HttpResponse<String> login =
        jetty.postJson(
            "/auth/login", "{\"email\":\"admin@example.com\",\"password\":\"demo-admin-pass\"}");
    String cookie = JettyServer.sessionCookie(login);
    HttpResponse<String> cross =
        jetty.postForm(
            "/posts",
            "title=x",
            "Cookie",
            cookie,
            "Sec-Fetch-Site",
            "cross-site",
            "Origin",
            "https://evil.example");
    assertThat(cross.statusCode()).isEqualTo(403);
    assertThat(cross.body()).contains("CsrfError");
    assertThat(jetty.appCalls).hasValue(0);
    HttpResponse<String> same =
        jetty.postForm("/posts", "title=x", "Cookie", cookie, "Sec-Fetch-Site", "same-origin");
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(jetty.appCalls).hasValue(1);
  }

  @Test
  void csrf_withoutFetchMetadata_needsOriginAndProof() throws Exception {
    HttpResponse<String> login =
        jetty.postJson(
            "/auth/login", "{\"email\":\"admin@example.com\",\"password\":\"demo-admin-pass\"}");
    String session = JettyServer.sessionCookie(login);
    String own = "http://127.0.0.1:" + jetty.port;
    assertThat(
            jetty
                .postForm(
                    "/posts",
                    "a=1",
                    "Cookie",
                    session,
                    "Origin",
                    "https://evil.example",
                    "X-Requested-With",
                    "x")
                .statusCode())
        .isEqualTo(403);
    assertThat(jetty.postForm("/posts", "a=1", "Cookie", session, "Origin", own).statusCode())
        .as("no token, no custom header")
        .isEqualTo(403);
    assertThat(
            jetty
                .postForm(
                    "/posts",
                    "a=1",
                    "Cookie",
                    session + "; refauth_csrf=abcdefghijklmnopqrstuvwx",
                    "Origin",
                    own)
                .statusCode())
        .as("cookie without the form field")
        .isEqualTo(403);
    assertThat(
            jetty
                .postForm(
                    "/posts",
                    "a=1&_csrf=wrongwrongwrongwrongwron",
                    "Cookie",
                    session + "; refauth_csrf=abcdefghijklmnopqrstuvwx",
                    "Origin",
                    own)
                .statusCode())
        .as("mismatched token")
        .isEqualTo(403);
    assertThat(jetty.appCalls).hasValue(0);
    assertThat(
            jetty
                .postForm(
                    "/posts",
                    "a=1&_csrf=abcdefghijklmnopqrstuvwx",
                    "Cookie",
                    session + "; refauth_csrf=abcdefghijklmnopqrstuvwx",
                    "Origin",
                    own)
                .statusCode())
        .as("double-submit token")
        .isEqualTo(200);
    assertThat(
            jetty
                .postForm(
                    "/posts",
                    "a=1",
                    "Cookie",
                    session,
                    "Origin",
                    own,
                    "X-Requested-With",
                    "XMLHttpRequest")
                .statusCode())
        .as("custom header")
        .isEqualTo(200);
    assertThat(jetty.appCalls).hasValue(2);
  }

  @Test
  void csrf_bearerRequestsAreExempt() throws Exception {
    String token = jetty.login("admin@example.com", "demo-admin-pass");
    assertThat(
            jetty
                .postForm(
                    "/posts",
                    "a=1",
                    "Authorization",
                    "Bearer " + token,
                    "Sec-Fetch-Site",
                    "cross-site")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void csrf_tokenCookieIssuedToBrowsers() throws Exception {
    HttpResponse<String> r = jetty.get("/login", "Accept", HTML);
    assertThat(r.headers().allValues("Set-Cookie"))
        .anyMatch(
            c ->
                c.startsWith("refauth_csrf=")
                    && c.contains("SameSite=Strict")
                    && c.contains("HttpOnly"));
  }

  @Test
  void sessionFixation_sessionIdRotatedAtLogin() throws Exception {
    HttpResponse<String> before = jetty.get("/public/session");
    String oldId = before.body().substring("session=".length());
    String cookie = before.headers().firstValue("Set-Cookie").orElseThrow();
    String jsession = cookie.substring(0, cookie.indexOf(';'));
    assertThat(jetty.get("/public/session", "Cookie", jsession).body())
        .as("positive control: the session persists")
        .isEqualTo("session=" + oldId);
    HttpResponse<String> login =
        jetty.postJson(
            "/auth/login",
            "{\"email\":\"admin@example.com\",\"password\":\"demo-admin-pass\"}",
            "Cookie",
            jsession);
    assertThat(login.statusCode()).isEqualTo(200);
    String rotated =
        login.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("JSESSIONID="))
            .findFirst()
            .orElseThrow();
    String newId = rotated.substring("JSESSIONID=".length(), rotated.indexOf(';'));
    assertThat(newId).isNotEmpty().doesNotContain(oldId);
    assertThat(jetty.get("/public/session", "Cookie", jsession).body())
        .as("the old id is dead")
        .isNotEqualTo("session=" + oldId);
  }

  @Test
  void logout_endsTheContainerSession() throws Exception {
    HttpResponse<String> login =
        jetty.postJson(
            "/auth/login", "{\"email\":\"admin@example.com\",\"password\":\"demo-admin-pass\"}");
    String session = JettyServer.sessionCookie(login);
    HttpResponse<String> created = jetty.get("/public/session", "Cookie", session);
    String cookie = created.headers().firstValue("Set-Cookie").orElseThrow();
    String jsession = cookie.substring(0, cookie.indexOf(';'));
    String id = created.body();
    assertThat(jetty.get("/public/session", "Cookie", jsession + "; " + session).body())
        .isEqualTo(id);
    HttpResponse<String> out =
        jetty.send(
            HttpRequest.newBuilder(jetty.uri("/auth/logout"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Cookie", jsession + "; " + session)
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(jetty.get("/public/session", "Cookie", jsession).body()).isNotEqualTo(id);
  }
}
