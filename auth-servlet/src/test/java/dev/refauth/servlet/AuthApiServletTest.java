package dev.refauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.adapter.AuthEndpoints;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The /auth API in a real Jetty 12, with the exact JSON of each answer. */
final class AuthApiServletTest {
  private static final String ADMIN =
      "{\"email\":\"admin@example.com\",\"password\":\"demo-admin-pass\"}";
  private static JettyServer jetty;

  @BeforeAll
  static void start() throws Exception {
    jetty = new JettyServer(Map.of());
  }

  @AfterAll
  static void stop() {
    jetty.close();
  }

  @BeforeEach
  void reset() {
    jetty.appCalls.set(0);
  }

  @Test
  void login_success_shape() throws Exception {
    HttpResponse<String> r = jetty.postJson("/auth/login", ADMIN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .matches(
            "\\{\"success\":true,\"redirectTo\":\"/\",\"successNotification\":\\{\"message\":\"Login successful\","
                + "\"description\":\"Welcome back!\"},\"accessToken\":\"[A-Za-z0-9_-]{43}\",\"token\":\"[A-Za-z0-9_-]{43}\",\"expiresIn\":3600}");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(r.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("refauth_session=") && c.contains("HttpOnly"));
  }

  @Test
  void login_failure_sameForUnknownUserAndWrongPassword() throws Exception {
    HttpResponse<String> wrong =
        jetty.postJson("/auth/login", "{\"email\":\"admin@example.com\",\"password\":\"nope\"}");
    HttpResponse<String> unknown =
        jetty.postJson("/auth/login", "{\"email\":\"ghost@example.com\",\"password\":\"nope\"}");
    String expected =
        "{\"success\":false,\"error\":{\"name\":\"LoginError\",\"message\":\"Invalid email or password\",\"statusCode\":401},"
            + "\"message\":\"Invalid email or password\"}";
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(expected);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo(expected);
    assertThat(wrong.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("refauth_session="));
  }

  @ParameterizedTest(name = "to={0}")
  @ValueSource(
      strings = {
        "//evil.example",
        "/\\\\evil.example",
        "https://evil.example",
        "javascript:alert(1)",
        "data:text/html,x",
        "/%2F%2Fevil.example",
        "/%5Cevil.example",
        "/x%0D%0ALocation:%20https://evil.example",
        "\\\\evil.example",
        "/\\t/evil.example",
        "http:/evil.example",
        "///evil.example",
        "evil.example",
        "/%252F%252Fevil"
      })
  void login_to_offSiteRefused(String to) throws Exception {
    HttpResponse<String> r =
        jetty.postJson("/auth/login", ADMIN.replace("}", ",\"to\":\"" + to + "\"}"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"redirectTo\":\"/\"");
  }

  @Test
  void login_to_localWinsOverRedirectTo() throws Exception {
    HttpResponse<String> r =
        jetty.postJson("/auth/login", ADMIN.replace("}", ",\"to\":\"/posts?page=2\"}"));
    assertThat(r.body()).contains("\"redirectTo\":\"/posts?page=2\"");
  }

  @Test
  void me_permissions_check_withToken() throws Exception {
    String token = jetty.login("admin@example.com", "demo-admin-pass");
    String auth = "Bearer " + token;
    HttpResponse<String> me = jetty.get("/auth/me", "Authorization", auth);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body())
        .isEqualTo(
            "{\"id\":\"admin@example.com\",\"name\":\"Ada Admin\",\"email\":\"admin@example.com\"}");
    HttpResponse<String> perms = jetty.get("/auth/permissions", "Authorization", auth);
    assertThat(perms.body()).isEqualTo("[\"admin\",\"posts:*\",\"users:manage\"]");
    assertThat(jetty.get("/auth/check", "Authorization", auth).body())
        .isEqualTo("{\"authenticated\":true}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/auth/me", "/auth/permissions", "/auth/check"})
  void unauthenticated_401CheckShape(String path) throws Exception {
    HttpResponse<String> r = jetty.get(path, "Accept", "application/json");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).startsWith("{\"authenticated\":false,\"redirectTo\":\"/login\"");
  }

  @Test
  void logout_tokenFailsImmediately() throws Exception {
    String token = jetty.login("user@example.com", "demo-user-pass");
    assertThat(jetty.get("/auth/me", "Authorization", "Bearer " + token).statusCode())
        .isEqualTo(200);
    HttpResponse<String> out =
        jetty.send(
            HttpRequest.newBuilder(jetty.uri("/auth/logout"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token));
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.body()).isEqualTo("{\"success\":true,\"redirectTo\":\"/login\"}");
    assertThat(out.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("refauth_session=;"));
    assertThat(jetty.get("/auth/me", "Authorization", "Bearer " + token).statusCode())
        .isEqualTo(401);
  }

  @Test
  void logout_cookieSession_replayedCookieGets401() throws Exception {
    HttpResponse<String> login = jetty.postJson("/auth/login", ADMIN);
    String cookie = JettyServer.sessionCookie(login);
    assertThat(jetty.get("/auth/me", "Cookie", cookie).statusCode()).isEqualTo(200);
    HttpResponse<String> out =
        jetty.send(
            HttpRequest.newBuilder(jetty.uri("/auth/logout"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Cookie", cookie)
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(jetty.get("/auth/me", "Cookie", cookie).statusCode()).isEqualTo(401);
  }

  @Test
  void logout_crossSiteWithCookie_refused() throws Exception {
    String cookie = JettyServer.sessionCookie(jetty.postJson("/auth/login", ADMIN));
    HttpResponse<String> out =
        jetty.send(
            HttpRequest.newBuilder(jetty.uri("/auth/logout"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Cookie", cookie)
                .header("Sec-Fetch-Site", "cross-site"));
    assertThat(out.statusCode()).isEqualTo(403);
    assertThat(jetty.get("/auth/me", "Cookie", cookie).statusCode())
        .as("still logged in")
        .isEqualTo(200);
  }

  @Test
  void loginCsrf_crossSiteFormRefused_sameOriginAccepted() throws Exception {
    HttpResponse<String> cross =
        jetty.postForm(
            "/auth/login",
            "email=admin%40example.com&password=demo-admin-pass",
            "Sec-Fetch-Site",
            "cross-site",
            "Origin",
            "https://evil.example");
    assertThat(cross.statusCode()).isEqualTo(403);
    assertThat(cross.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("refauth_session="));
    HttpResponse<String> noMeta =
        jetty.postForm("/auth/login", "email=admin%40example.com&password=demo-admin-pass");
    assertThat(noMeta.statusCode()).as("no fetch metadata, no token").isEqualTo(403);
    HttpResponse<String> token =
        jetty.postForm(
            "/auth/login",
            "email=admin%40example.com&password=demo-admin-pass&_csrf=abcdefghijklmnopqrstuvwx",
            "Cookie",
            "refauth_csrf=abcdefghijklmnopqrstuvwx");
    assertThat(token.statusCode()).isEqualTo(303);
  }

  @Test
  void optionalEndpoints_unsupported_are501() throws Exception {
    for (String path :
        new String[] {
          "/auth/register", "/auth/forgot-password", "/auth/update-password", "/auth/refresh"
        }) {
      HttpResponse<String> r = jetty.postJson(path, "{\"email\":\"a@b.c\"}");
      assertThat(r.statusCode()).as(path).isEqualTo(501);
      assertThat(r.body()).as(path).contains("\"name\":\"NotSupported\"");
    }
    HttpResponse<String> social = jetty.get("/auth/google", "Accept", "application/json");
    assertThat(social.statusCode()).isEqualTo(501);
  }

  @Test
  void can_singleAndBatch() throws Exception {
    String auth = "Bearer " + jetty.login("user@example.com", "demo-user-pass");
    HttpResponse<String> one =
        jetty.postJson(
            "/auth/can", "{\"resource\":\"posts\",\"action\":\"read\"}", "Authorization", auth);
    assertThat(one.body()).isEqualTo("{\"can\":true}");
    String batch =
        "["
            + "{\"resource\":\"posts\",\"action\":\"read\"},".repeat(999)
            + "{\"resource\":\"posts\",\"action\":\"delete\",\"params\":{\"id\":1}}]";
    HttpResponse<String> many = jetty.postJson("/auth/can", batch, "Authorization", auth);
    assertThat(many.statusCode()).isEqualTo(200);
    assertThat(many.body())
        .startsWith("[{\"can\":true},")
        .endsWith("{\"can\":false,\"reason\":\"Missing permission posts:delete\"}]");
    HttpResponse<String> tooMany =
        jetty.postJson(
            "/auth/can",
            "["
                + "{\"resource\":\"p\",\"action\":\"r\"},".repeat(1000)
                + "{\"resource\":\"p\",\"action\":\"r\"}]",
            "Authorization",
            auth);
    assertThat(tooMany.statusCode()).isIn(413);
    assertThat(
            jetty
                .postJson("/auth/can", "{\"resource\":\"posts\"}", "Authorization", auth)
                .statusCode())
        .isEqualTo(400);
    assertThat(
            jetty
                .postJson("/auth/can", "{\"resource\":\"posts\",\"action\":\"read\"}")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void badInput_clear4xxNever500() throws Exception {
    assertThat(jetty.postJson("/auth/login", "{\"email\":").statusCode()).isEqualTo(400);
    assertThat(jetty.postJson("/auth/login", "[1,2]").statusCode()).isEqualTo(400);
    assertThat(
            jetty
                .postJson("/auth/login", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> xml =
        jetty.send(
            HttpRequest.newBuilder(jetty.uri("/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString(ADMIN))
                .header("Content-Type", "text/xml")
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(xml.statusCode()).isEqualTo(415);
    assertThat(xml.body()).contains("UnsupportedMediaType");
    assertThat(jetty.get("/auth/login").statusCode()).isEqualTo(405);
    assertThat(jetty.get("/auth/nope/nope/nope").statusCode()).isEqualTo(404);
    assertThat(jetty.get("/auth/NOT_A_NAME!").statusCode()).isEqualTo(404);
  }

  @Test
  void textPlainJson_asFetchSendsAStringBody_acceptedSameOrigin_refusedCrossSite()
      throws Exception {
    HttpResponse<String> same =
        jetty.send(
            HttpRequest.newBuilder(jetty.uri("/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString(ADMIN))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(same.body()).contains("\"success\":true");
    HttpResponse<String> cross =
        jetty.send(
            HttpRequest.newBuilder(jetty.uri("/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString(ADMIN))
                .header("Content-Type", "text/plain")
                .header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://evil.example"));
    assertThat(cross.statusCode()).isEqualTo(403);
    assertThat(cross.headers().allValues("Set-Cookie")).noneMatch(c -> c.contains("session"));
    HttpResponse<String> noMetadata =
        jetty.send(
            HttpRequest.newBuilder(jetty.uri("/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString(ADMIN))
                .header("Content-Type", "text/plain"));
    assertThat(noMetadata.statusCode())
        .as("no Fetch Metadata, no token: a simple request proves nothing")
        .isEqualTo(403);
  }

  @Test
  void oversizedBody_413_beforeParsing() throws Exception {
    // over the limit, yet small enough for the socket buffers: the client has written it all when
    // the 413 comes (a
    // megabyte could still be in flight when the server answers and closes, and the client would
    // see a reset)
    String huge =
        "{\"email\":\"a@b.c\",\"password\":\""
            + "x".repeat(AuthEndpoints.DEFAULT_MAX_BODY_BYTES + 1)
            + "\"}";
    HttpResponse<String> r = jetty.postJson("/auth/login", huge);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("PayloadTooLarge");
    // without Content-Length (chunked): cut off while reading
    String response =
        jetty.raw(
            "POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "4000\r\n"
                + "x".repeat(0x4000)
                + "\r\n"
                + "4000\r\n"
                + "x".repeat(0x4000)
                + "\r\n0\r\n\r\n");
    assertThat(JettyServer.status(response)).isEqualTo(413);
  }

  @Test
  void settings_badOrUnknownFailNamingThem() {
    ClassLoader cl = getClass().getClassLoader();
    Map<String, String> base = Map.of("provider", TestProviderFactory.class.getName());
    assertThatThrownBy(() -> AuthenticatedFilter.createGuard(settings(base, "logniPath", "/x"), cl))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("'logniPath'");
    assertThatThrownBy(
            () -> AuthenticatedFilter.createGuard(settings(base, "redirectOnFail", "yes"), cl))
        .hasMessageContaining("'redirectOnFail'");
    assertThatThrownBy(
            () -> AuthenticatedFilter.createGuard(settings(base, "loginPath", "//evil"), cl))
        .hasMessageContaining("'loginPath'");
    assertThatThrownBy(
            () -> AuthenticatedFilter.createGuard(settings(base, "protectedPaths", "/a*b"), cl))
        .hasMessageContaining("/a*b");
    assertThatThrownBy(
            () ->
                AuthenticatedFilter.createGuard(
                    settings(base, "browserNavigation", "sometimes"), cl))
        .hasMessageContaining("'browserNavigation'");
    assertThatThrownBy(
            () ->
                AuthenticatedFilter.createGuard(settings(base, "provider", "com.example.Nope"), cl))
        .hasMessageContaining("com.example.Nope");
    assertThatThrownBy(
            () -> AuthenticatedFilter.createGuard(settings(base, "tenantResolution", "cookie"), cl))
        .hasMessageContaining("'tenantResolution'");
    assertThatThrownBy(
            () ->
                AuthenticatedFilter.createGuard(
                    settings(base, "tenantResolution", "fixed:ACME"), cl))
        .hasMessageContaining("'tenantResolution'");
    AuthenticatedFilter.createGuard(settings(base, "cacheTtl", "5m"), cl); // positive control
    assertThatThrownBy(
            () ->
                AuthenticatedFilter.createGuard(
                    settings(base, "tenantResolution", "subdomain:app.example.com"), cl))
        .as("tenants by host or path need the list of tenants")
        .hasMessageContaining("'tenants'");
    assertThatThrownBy(
            () -> AuthenticatedFilter.createGuard(settings(base, "tenants", "acme, Not An Id"), cl))
        .hasMessageContaining("'tenants'");
    assertThatThrownBy(
            () -> AuthenticatedFilter.createGuard(settings(base, "provider.tenants", "acme"), cl))
        .as("renamed")
        .hasMessageContaining("'provider.tenants' is now 'tenants'");
    AuthenticatedFilter.createGuard(
        settings(
            base, "tenantResolution", "subdomain:app.example.com", "tenants", "acme=Acme, globex"),
        cl);
  }

  /** The token provider by class name, with the guard's public origin: contradictions name both settings. */
  @Test
  void settings_tokenProviderContradictions_nameBothKeys(@TempDir Path dir) throws Exception {
    ClassLoader cl = getClass().getClassLoader();
    Files.writeString(dir.resolve("users.properties"), "a@example.com = a-long-passphrase | A\n");
    Map<String, String> token =
        Map.of(
            "provider",
            "dev.refauth.tokens.TokenAuthProvider",
            "provider.users",
            dir.resolve("users.properties").toString(),
            "provider.jwt.jwks",
            dir.resolve("k.jwks").toString(),
            "provider.jwt.generate",
            "ES256");
    assertThatThrownBy(
            () ->
                AuthenticatedFilter.createGuard(
                    with(
                        token,
                        "publicOrigin",
                        "https://app.example.com",
                        "provider.secureCookies",
                        "false"),
                    cl))
        .hasMessageContaining("publicOrigin")
        .hasMessageContaining("'provider.secureCookies=false'");
    assertThatThrownBy(
            () ->
                AuthenticatedFilter.createGuard(
                    with(
                        token,
                        "provider.crossSiteCookies",
                        "true",
                        "provider.secureCookies",
                        "false"),
                    cl))
        .hasMessageContaining("'provider.crossSiteCookies=true'")
        .hasMessageContaining("'provider.secureCookies=false'");
    assertThatThrownBy(
            () ->
                AuthenticatedFilter.createGuard(with(token, "provider.sessionMode", "tokens"), cl))
        .hasMessageContaining("'provider.sessionMode'");
    assertThatThrownBy(
            () -> AuthenticatedFilter.createGuard(with(token, "provider.clockSkew", "10m"), cl))
        .hasMessageContaining("'provider.clockSkew'");
    AuthenticatedFilter.createGuard(
        with(token, "publicOrigin", "http://localhost:8080", "provider.clockSkew", "0"),
        cl); // control
  }

  private static AuthSettings with(Map<String, String> base, String... pairs) {
    Map<String, String> m = new HashMap<>(base);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return AuthSettings.of(m);
  }

  @Test
  void badInitParam_failsStartup() {
    assertThatThrownBy(() -> new JettyServer(Map.of("cacheTtl", "forever")).close())
        .hasStackTraceContaining("'cacheTtl'");
  }

  private static AuthSettings settings(Map<String, String> base, String... keysAndValues) {
    java.util.Map<String, String> m = new java.util.HashMap<>(base);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return AuthSettings.of(m);
  }
}
