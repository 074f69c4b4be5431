package dev.refauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployed sample configured in its own {@code web.xml} for a Refine app on another origin and for short access
 * tokens, on any server: CORS, the CSRF check against the allowed origin, forwarded headers from an untrusted peer,
 * and an expired token that logs out nothing else. Each server's IT extends it.
 */
abstract class DeploymentContract {
  static final String SPA = "http://localhost:5173";

  /** Init-params added to the WAR's web.xml: the allowed origin, 3-second tokens without clock skew. */
  static final Map<String, String> SETTINGS =
      Map.of(
          "allowedOrigins",
          SPA,
          "provider.accessTtl",
          "3s",
          "provider.clockSkew",
          "0",
          "trustedProxies",
          "192.0.2.1");

  private static final String UMA =
      "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}";

  abstract SampleClient client();

  /** The deployment's data folder (its outgoing mail is in {@code mail/}). */
  abstract Path dataFolder();

  @Test
  void underApp_redirectsCookiePathsFormsAndMailedLinks_stayInsideTheContext() throws Exception {
    assertThat(URI.create(client().base()).getPath()).as("deployed as app.war").isEqualTo("/app");
    HttpResponse<String> deepLink = client().page("/admin");
    assertThat(deepLink.statusCode()).isEqualTo(302);
    assertThat(deepLink.headers().firstValue("Location")).contains("/app/login?to=%2Fadmin");
    assertThat(client().page("/login").body()).contains("action=\"/app/auth/login\"");

    HttpResponse<String> login =
        client().postJson("/auth/login", UMA, "Sec-Fetch-Site", "same-origin");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(setCookie(login, "refauth_refresh")).contains("Path=/app/auth/refresh");
    HttpResponse<String> form =
        client()
            .send(
                HttpRequest.newBuilder(client().uri("/auth/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Sec-Fetch-Site", "same-origin")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "email=user%40example.com&password=demo-user-pass&to=%2Fposts")));
    assertThat(form.statusCode())
        .as("a form sign-in goes back into the application")
        .isEqualTo(303);
    assertThat(form.headers().firstValue("Location")).contains("/app/posts");
    HttpResponse<String> logout =
        client()
            .postJson(
                "/auth/logout",
                "{}",
                "Cookie",
                cookie(login, "refauth_session"),
                "Sec-Fetch-Site",
                "same-origin");
    assertThat(setCookie(logout, "refauth_refresh"))
        .as("cleared where it was set")
        .contains("Path=/app/auth/refresh");

    // a fresh address each run: the reset links of one address are limited per hour, and the data
    // folder outlives a run
    String email = "it-" + System.nanoTime() + "@example.com";
    Instant asked = Instant.now().minusSeconds(1);
    HttpResponse<String> registered =
        client()
            .postJson(
                "/auth/register",
                "{\"email\":\"" + email + "\",\"password\":\"an-it-passphrase-for-app\"}",
                "Sec-Fetch-Site",
                "same-origin");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    String welcome = mailedLink(email, "/login", asked);
    assertThat(URI.create(welcome).getRawPath()).as(welcome).isEqualTo("/app/login");

    assertThat(
            client()
                .postJson(
                    "/auth/forgot-password",
                    "{\"email\":\"" + email + "\"}",
                    "Sec-Fetch-Site",
                    "same-origin")
                .statusCode())
        .isEqualTo(202);
    String link = mailedLink(email, "/reset-password\\?token=", asked);
    assertThat(URI.create(link).getRawPath()).as(link).isEqualTo("/app/reset-password");
    String inside =
        URI.create(link).getRawPath().substring("/app".length())
            + "?"
            + URI.create(link).getRawQuery();
    assertThat(client().page(inside).statusCode())
        .as("the mailed link opens the reset page")
        .isEqualTo(200);
  }

  private static String setCookie(HttpResponse<String> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + name + " in " + r.headers().allValues("Set-Cookie")));
  }

  /**
   * The first link ending in {@code pathPattern} of a mail to {@code to} written after {@code since} (mail goes out in
   * the background).
   */
  private String mailedLink(String to, String pathPattern, Instant since) throws Exception {
    Path folder = dataFolder().resolve("mail");
    Pattern link = Pattern.compile("https?://\\S+" + pathPattern + "\\S*");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(folder)) {
        try (Stream<Path> files = Files.list(folder)) {
          for (Path f : files.sorted().toList()) {
            String text = Files.readString(f);
            Matcher m = link.matcher(text);
            if (Files.getLastModifiedTime(f).toInstant().isAfter(since)
                && text.startsWith("To: " + to + "\n")
                && m.find()) {
              return m.group();
            }
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no mail to " + to + " with a link to " + pathPattern + " in " + folder);
  }

  private static String cookie(HttpResponse<String> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + name + " in " + r.headers().allValues("Set-Cookie")));
  }

  private HttpResponse<String> options(String path, String origin, String method) throws Exception {
    return client()
        .send(
            HttpRequest.newBuilder(client().uri(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization,content-type"));
  }

  @Test
  void preflight_allowedOrigin204_otherOrigin403WithoutAllowance() throws Exception {
    for (String path : new String[] {"/api/posts", "/auth/login", "/auth/refresh"}) {
      HttpResponse<String> ok = options(path, SPA, "POST");
      assertThat(ok.statusCode()).as(path).isEqualTo(204);
      assertThat(ok.headers().allValues("Access-Control-Allow-Origin"))
          .as(path)
          .containsExactly(SPA);
      assertThat(ok.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
      HttpResponse<String> refused = options(path, "https://evil.example", "POST");
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(refused.headers().allValues("Access-Control-Allow-Origin")).as(path).isEmpty();
    }
  }

  @Test
  void cookiePost_fromAnOriginNotAllowed_403_nothingWritten_allowedOriginWrites() throws Exception {
    String session =
        cookie(
            client()
                .postJson(
                    "/auth/login",
                    "{\"email\":\"admin@example.com\",\"password\":\"demo-admin-pass\"}",
                    "Sec-Fetch-Site",
                    "same-origin"),
            "refauth_session");
    String before = client().get("/api/posts", "Cookie", session).body();
    for (String[] attack :
        new String[][] {
          {"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"},
          {"Origin", "http://localhost:5174", "Sec-Fetch-Site", "same-site"},
          {
            "Origin",
            "https://evil.example",
            "X-Forwarded-Host",
            "evil.example",
            "X-Forwarded-Proto",
            "https"
          }
        }) {
      String[] headers = new String[attack.length + 2];
      System.arraycopy(attack, 0, headers, 0, attack.length);
      headers[attack.length] = "Cookie";
      headers[attack.length + 1] = session;
      HttpResponse<String> r = client().postJson("/api/posts", "{\"title\":\"forged\"}", headers);
      assertThat(r.statusCode()).as(String.join(" ", attack)).isEqualTo(403);
      assertThat(r.headers().allValues("Access-Control-Allow-Origin")).isEmpty();
    }
    assertThat(client().get("/api/posts", "Cookie", session).body())
        .as("nothing written")
        .isEqualTo(before);
    HttpResponse<String> allowed =
        client()
            .postJson(
                "/api/posts",
                "{\"title\":\"from the Refine app\"}",
                "Cookie",
                session,
                "Origin",
                SPA,
                "Sec-Fetch-Site",
                "same-site");
    assertThat(allowed.statusCode()).as("control: the allowed origin").isEqualTo(201);
    assertThat(allowed.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SPA);
  }

  @Test
  void expiredToken_besideSessionAndRefreshCookies_onlyTheTokenIsRefused() throws Exception {
    HttpResponse<String> login =
        client().postJson("/auth/login", UMA, "Origin", SPA, "Sec-Fetch-Site", "same-site");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SPA);
    String token = login.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
    String session = cookie(login, "refauth_session");
    String refresh = cookie(login, "refauth_refresh");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpResponse<String> expired;
    do {
      Thread.sleep(250);
      expired =
          client()
              .get(
                  "/api/posts",
                  "Authorization",
                  "Bearer " + token,
                  "Cookie",
                  session + "; " + refresh,
                  "Origin",
                  SPA);
      assertThat(System.nanoTime()).as("the 3-second token expires").isLessThan(deadline);
    } while (expired.statusCode() == 200);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer error=\"invalid_token\", error_description=\"The access token expired\"");
    assertThat(expired.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SPA);
    assertThat(expired.headers().allValues("Set-Cookie")).as("no cookie cleared").isEmpty();
    assertThat(client().get("/auth/me", "Cookie", session).statusCode())
        .as("the session lives")
        .isEqualTo(200);
    HttpResponse<String> refreshed =
        client()
            .postJson(
                "/auth/refresh",
                "{}",
                "Cookie",
                refresh,
                "Origin",
                SPA,
                "Sec-Fetch-Site",
                "same-site");
    assertThat(refreshed.statusCode())
        .as("the refresh family lives: " + refreshed.body())
        .isEqualTo(200);
    String fresh = refreshed.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
    assertThat(client().get("/api/posts", "Authorization", "Bearer " + fresh).statusCode())
        .isEqualTo(200);
  }
}
