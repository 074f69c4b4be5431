package dev.refauth.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher serves the real WAR: its pages, its JAX-RS resource and the /auth API. */
final class SampleLauncherTest {
  @TempDir static Path data;
  private static Server server;
  private static String base;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    server = SampleLauncher.start("127.0.0.1", 0, data);
    base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void loginPage_isServed() throws Exception {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Accept", "text/html"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("<form method=\"post\" action=\"/auth/login\">", "name=\"_csrf\"");
    assertThat(send(HttpRequest.newBuilder(URI.create(base + "/assets/style.css"))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void loginForm_csrfFieldMatchesItsCookie_soBrowsersWithoutFetchMetadataCanSignIn()
      throws Exception {
    HttpResponse<String> page =
        send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Accept", "text/html"));
    String cookie = setCookie(page, "refauth_csrf");
    String field = page.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
    assertThat(cookie).isEqualTo("refauth_csrf=" + field);
    HttpResponse<String> form =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "email=user%40example.com&password=demo-user-pass&_csrf=" + field)));
    assertThat(form.statusCode()).isEqualTo(303);
    HttpResponse<String> forged =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "email=user%40example.com&password=demo-user-pass&_csrf=" + field + "x")));
    assertThat(forged.statusCode()).as("a token that does not match its cookie").isEqualTo(403);
  }

  @Test
  void dashboard_redirectsAnonymousBrowsers() throws Exception {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(URI.create(base + "/admin")).header("Accept", "text/html"));
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains("/login?to=%2Fadmin");
  }

  private static String token(String email, String password) throws Exception {
    HttpResponse<String> login =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")));
    assertThat(login.statusCode()).isEqualTo(200);
    return login.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }

  private static int call(String method, String path, String token, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Accept", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b).statusCode();
  }

  @Test
  void postsApi_permissions() throws Exception {
    String admin = token("admin@example.com", "demo-admin-pass");
    String user = token("user@example.com", "demo-user-pass");
    assertThat(call("GET", "/api/posts", null, null)).isEqualTo(401);
    assertThat(call("GET", "/api/posts", user, null)).isEqualTo(200);
    assertThat(call("POST", "/api/posts", user, "{\"title\":\"x\"}")).isEqualTo(403);
    assertThat(call("POST", "/api/posts", admin, "{\"title\":\"x\"}")).isEqualTo(201);
    assertThat(call("DELETE", "/api/posts/1", user, null)).isEqualTo(403);
    assertThat(call("DELETE", "/api/posts/1", admin, null)).isEqualTo(204);
    assertThat(call("DELETE", "/api/posts/1", admin, null)).isEqualTo(404);
  }

  @Test
  void tenants_isolated() throws Exception {
    HttpResponse<String> globexLogin =
        postJson(
            "/auth/login",
            "{\"email\":\"admin@globex.example\",\"password\":\"demo-globex-pass\",\"tenantId\":\"globex\"}");
    assertThat(globexLogin.body())
        .contains("\"tenant\":{\"id\":\"globex\",\"name\":\"Globex Inc\"}");
    String globex = globexLogin.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
    String acme = token("admin@example.com", "demo-admin-pass");
    HttpResponse<String> created =
        postJson("/api/posts", "{\"title\":\"acme only\"}", "Authorization", "Bearer " + acme);
    assertThat(created.statusCode()).isEqualTo(201);
    String id = created.body().replaceAll(".*\"id\":(\\d+).*", "$1");
    assertThat(call("GET", "/api/posts/" + id, acme, null)).as("acme's own post").isEqualTo(200);
    assertThat(call("GET", "/api/posts/" + id, globex, null))
        .as("another tenant's post is a missing one")
        .isEqualTo(404);
    assertThat(call("DELETE", "/api/posts/" + id, globex, null)).isEqualTo(404);
    assertThat(call("GET", "/api/posts/" + id, acme, null))
        .as("nothing was deleted")
        .isEqualTo(200);
    HttpResponse<String> cross =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/posts"))
                .header("Authorization", "Bearer " + globex)
                .header("X-Tenant-ID", "acme")
                .header("Accept", "application/json"));
    assertThat(cross.statusCode()).isEqualTo(403);
    HttpResponse<String> page =
        send(
            HttpRequest.newBuilder(URI.create(base + "/posts"))
                .header("Authorization", "Bearer " + globex)
                .header("Accept", "text/html"));
    assertThat(page.body()).contains("Globex quarterly plans").doesNotContain("Hello, refauth");
  }

  @Test
  void adminPage_forbiddenForUser_whoStaysSignedIn() throws Exception {
    String user = token("user@example.com", "demo-user-pass");
    HttpResponse<String> admin =
        send(
            HttpRequest.newBuilder(URI.create(base + "/admin"))
                .header("Accept", "text/html")
                .header("Authorization", "Bearer " + user));
    assertThat(admin.statusCode()).isEqualTo(403);
    assertThat(call("GET", "/auth/me", user, null)).isEqualTo(200);
  }

  @Test
  void bothModes_cookiePagesAndBearerApi_andRefresh() throws Exception {
    HttpResponse<String> form =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "same-origin")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "email=user%40example.com&password=demo-user-pass&to=%2Fadmin")));
    assertThat(form.statusCode()).isEqualTo(303);
    assertThat(form.headers().firstValue("Location")).contains("/admin");
    String session = setCookie(form, "refauth_session");
    HttpResponse<String> dashboard =
        send(
            HttpRequest.newBuilder(URI.create(base + "/"))
                .header("Accept", "text/html")
                .header("Cookie", session));
    assertThat(dashboard.statusCode()).isEqualTo(200);
    assertThat(dashboard.body()).contains("Uma User", "acme", "posts:read");
    HttpResponse<String> refreshed =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/refresh"))
                .header("Sec-Fetch-Site", "same-origin")
                .header("Cookie", setCookie(form, "refauth_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String token = refreshed.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
    assertThat(call("GET", "/api/posts", token, null)).isEqualTo(200);
    assertThat(java.nio.file.Files.exists(data.resolve("dev-signing-key.jwks")))
        .as("the dev key is kept in the data folder")
        .isTrue();
  }

  private static HttpResponse<String> postJson(String path, String json, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  @Test
  void register_forgot_reset_endsOtherSessions() throws Exception {
    HttpResponse<String> reg =
        postJson(
            "/auth/register",
            "{\"email\":\"newbie@example.com\",\"password\":\"first-long-passphrase\",\"name\":\"Nia Newbie\"}");
    assertThat(reg.statusCode()).isEqualTo(200);
    String oldToken = token("newbie@example.com", "first-long-passphrase");
    assertThat(call("GET", "/auth/me", oldToken, null)).isEqualTo(200);
    HttpResponse<String> forgot =
        postJson(
            "/auth/forgot-password",
            "{\"email\":\"newbie@example.com\"}",
            "X-Forwarded-Host",
            "evil.example");
    assertThat(forgot.statusCode()).isEqualTo(202);
    String resetMail = DevMailbox.await(data, "newbie@example.com", "Reset your password");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                base.replace("127.0.0.1", "localhost") + "/reset-password\\?token=([A-Za-z0-9_-]+)")
            .matcher(resetMail);
    assertThat(m.find()).as(resetMail).isTrue();
    HttpResponse<String> update =
        postJson(
            "/auth/update-password",
            "{\"token\":\"" + m.group(1) + "\",\"password\":\"second-long-passphrase\"}");
    assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
    assertThat(call("GET", "/auth/me", oldToken, null))
        .as("the other session ended")
        .isEqualTo(401);
    assertThat(
            postJson(
                    "/auth/login",
                    "{\"email\":\"newbie@example.com\",\"password\":\"first-long-passphrase\"}")
                .statusCode())
        .isEqualTo(401);
    assertThat(call("GET", "/auth/me", token("newbie@example.com", "second-long-passphrase"), null))
        .isEqualTo(200);
  }

  private static String setCookie(HttpResponse<String> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void jaxrsResource_withToken() throws Exception {
    HttpResponse<String> anonymous =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/hello"))
                .header("Accept", "application/json"));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<String> login =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"admin@example.com\",\"password\":\"demo-admin-pass\"}")));
    assertThat(login.statusCode()).isEqualTo(200);
    String token = login.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> hello =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/hello"))
                .header("Authorization", "Bearer " + token));
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("{\"hello\":\"Ada Admin\"}");
    HttpResponse<String> dashboard =
        send(
            HttpRequest.newBuilder(URI.create(base + "/"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/html"));
    assertThat(dashboard.body()).contains("Ada Admin", "acme");
  }
}
