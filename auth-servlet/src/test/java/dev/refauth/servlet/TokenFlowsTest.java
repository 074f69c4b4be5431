package dev.refauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's JWT, cookie, refresh and expiry stories against the /auth API and the filter, over HTTP. */
final class TokenFlowsTest {
  private static final String HTML = "text/html";
  private static JettyServer jetty;

  @BeforeAll
  static void start() throws Exception {
    // the guard shares the provider's clock, so cached identities expire with the test's time
    var provider = new TokenProviderFactory().create(dev.refauth.core.AuthSettings.empty());
    jetty =
        new JettyServer(
            dev.refauth.core.AuthGuard.builder(provider)
                .pathRules(
                    dev.refauth.core.PathRules.of(
                        List.of("/*"), List.of("/public/*", "/auth/*"), List.of("/login")))
                .identityCache(
                    dev.refauth.core.IdentityCache.builder()
                        .clock(TokenProviderFactory.CLOCK)
                        .build())
                .build());
  }

  @AfterAll
  static void stop() {
    jetty.close();
  }

  private static HttpResponse<String> login(String email, String password) throws Exception {
    HttpResponse<String> r =
        jetty.postJson(
            "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }

  private static String token(HttpResponse<String> r) {
    return r.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }

  private static String cookie(HttpResponse<String> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + name + " in " + r.headers().allValues("Set-Cookie")));
  }

  private static String header(HttpResponse<String> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow();
  }

  private static HttpResponse<String> refresh(String refreshCookie) throws Exception {
    return jetty.send(
        HttpRequest.newBuilder(jetty.uri("/auth/refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .header("Cookie", refreshCookie)
            .header("Sec-Fetch-Site", "same-origin"));
  }

  private static int me(String token) throws Exception {
    return jetty.get("/auth/me", "Authorization", "Bearer " + token).statusCode();
  }

  @Test
  void login_issuesJwtAndCookies() throws Exception {
    HttpResponse<String> r = login("user@example.com", "demo-user-pass");
    assertThat(r.body()).contains("\"expiresIn\":300", "\"token\":\"" + token(r) + "\"");
    assertThat(token(r).split("\\.")).hasSize(3);
    assertThat(header(r, "refauth_refresh"))
        .contains("Path=/auth/refresh", "HttpOnly", "SameSite=Strict", "Max-Age=2592000");
    assertThat(header(r, "refauth_session")).contains("Path=/", "HttpOnly");
    assertThat(me(token(r))).isEqualTo(200);
  }

  @Test
  void logout_sameAccessTokenRefusedAtOnce() throws Exception {
    String t = token(login("user@example.com", "demo-user-pass"));
    assertThat(me(t)).isEqualTo(200); // cached from now on
    HttpResponse<String> out =
        jetty.send(
            HttpRequest.newBuilder(jetty.uri("/auth/logout"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + t));
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(me(t)).isEqualTo(401);
  }

  @Test
  void refresh_rotates_andReuseAfterGraceRevokesTheFamily() throws Exception {
    HttpResponse<String> l = login("user@example.com", "demo-user-pass");
    String r0 = cookie(l, "refauth_refresh");
    HttpResponse<String> first = refresh(r0);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.body())
        .matches(
            "\\{\"success\":true,\"token\":\"[^\"]+\",\"accessToken\":\"[^\"]+\",\"expiresIn\":300}");
    String r1 = cookie(first, "refauth_refresh");
    assertThat(r1).isNotEqualTo(r0);
    String fresh = token(first);
    assertThat(me(fresh)).isEqualTo(200);
    TokenProviderFactory.CLOCK.advance(Duration.ofSeconds(11)); // past the grace window
    HttpResponse<String> reuse = refresh(r0);
    assertThat(reuse.statusCode()).isEqualTo(401);
    assertThat(reuse.body()).contains("RefreshError");
    assertThat(refresh(r1).statusCode()).as("the whole family is revoked").isEqualTo(401);
    assertThat(me(fresh)).as("its access tokens too").isEqualTo(401);
  }

  @Test
  void refresh_fiftyConcurrent_oneSuccessor_noLogout() throws Exception {
    String r0 = cookie(login("user@example.com", "demo-user-pass"), "refauth_refresh");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Future<HttpResponse<String>>> results = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < 50; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return refresh(r0);
                }));
      }
      go.countDown();
      Set<String> successors = new TreeSet<>();
      for (Future<HttpResponse<String>> f : results) {
        HttpResponse<String> r = f.get();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        successors.add(cookie(r, "refauth_refresh"));
      }
      assertThat(successors).hasSize(1);
      assertThat(refresh(successors.iterator().next()).statusCode())
          .as("the successor works")
          .isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refresh_absoluteAndIdleExpiry() throws Exception {
    String r0 = cookie(login("user@example.com", "demo-user-pass"), "refauth_refresh");
    TokenProviderFactory.CLOCK.advance(Duration.ofDays(6));
    HttpResponse<String> r = refresh(r0);
    assertThat(r.statusCode()).as("within idle").isEqualTo(200);
    TokenProviderFactory.CLOCK.advance(Duration.ofDays(8));
    assertThat(refresh(cookie(r, "refauth_refresh")).statusCode())
        .as("idle too long")
        .isEqualTo(401);

    String a = cookie(login("user@example.com", "demo-user-pass"), "refauth_refresh");
    for (int i = 0; i < 5; i++) {
      TokenProviderFactory.CLOCK.advance(
          Duration.ofHours(142)); // 5 x 142 h = 29.6 days, each step within the idle limit
      HttpResponse<String> step = refresh(a);
      assertThat(step.statusCode()).isEqualTo(200);
      a = cookie(step, "refauth_refresh");
    }
    TokenProviderFactory.CLOCK.advance(Duration.ofDays(1)); // 30.6 days after login, 1 day idle
    assertThat(refresh(a).statusCode()).as("absolute lifetime").isEqualTo(401);
  }

  @Test
  void accessToken_expires() throws Exception {
    String t = token(login("user@example.com", "demo-user-pass"));
    assertThat(me(t)).isEqualTo(200);
    TokenProviderFactory.CLOCK.advance(Duration.ofMinutes(4));
    assertThat(me(t)).isEqualTo(200);
    TokenProviderFactory.CLOCK.advance(Duration.ofMinutes(3)); // 7 min: past exp and the 60 s skew
    assertThat(me(t)).isEqualTo(401);
  }

  @Test
  void expiredAccessToken_besideSessionAndRefreshCookies_onlyTheTokenIsRefused() throws Exception {
    HttpResponse<String> l = login("user@example.com", "demo-user-pass");
    String t = token(l);
    String cookies = cookie(l, "refauth_session") + "; " + cookie(l, "refauth_refresh");
    assertThat(
            jetty
                .get(
                    "/posts",
                    "Accept",
                    "application/json",
                    "Authorization",
                    "Bearer " + t,
                    "Cookie",
                    cookies)
                .statusCode())
        .as("control")
        .isEqualTo(200);
    TokenProviderFactory.CLOCK.advance(
        Duration.ofMinutes(7)); // past exp and the 60 s skew; session and family alive
    for (String path : new String[] {"/posts", "/auth/me", "/auth/check"}) {
      for (int attempt = 0;
          attempt < 2;
          attempt++) { // twice: the second must find everything as the first left it
        HttpResponse<String> r =
            jetty.get(
                path,
                "Accept",
                "application/json",
                "Authorization",
                "Bearer " + t,
                "Cookie",
                cookies);
        assertThat(r.statusCode()).as(path).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
            .as(path)
            .contains(
                "Bearer error=\"invalid_token\", error_description=\"The access token expired\"");
        assertThat(r.body()).contains("\"TokenExpired\"");
        assertThat(r.headers().allValues("Set-Cookie")).as("%s clears no cookie", path).isEmpty();
      }
    }
    assertThat(jetty.get("/auth/me", "Cookie", cookies).statusCode())
        .as("the session cookie still works")
        .isEqualTo(200);
    HttpResponse<String> refreshed = refresh(cookie(l, "refauth_refresh"));
    assertThat(refreshed.statusCode()).as("the refresh family is alive").isEqualTo(200);
    assertThat(me(token(refreshed))).isEqualTo(200);
  }

  @Test
  void expiredSession_clearsOnlyTheSessionCookie_theRefreshFamilyLives() throws Exception {
    HttpResponse<String> l = login("user@example.com", "demo-user-pass");
    String session = cookie(l, "refauth_session");
    TokenProviderFactory.CLOCK.advance(Duration.ofMinutes(31)); // past the session's idle timeout
    HttpResponse<String> r =
        jetty.get(
            "/posts",
            "Accept",
            "application/json",
            "Cookie",
            session + "; " + cookie(l, "refauth_refresh"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(r.headers().allValues("Set-Cookie"))
        .hasSize(1)
        .allMatch(c -> c.startsWith("refauth_session=;") && c.contains("Max-Age=0"));
    HttpResponse<String> page = jetty.get("/posts", "Accept", HTML, "Cookie", session);
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("refauth_session=;"))
        .noneMatch(c -> c.startsWith("refauth_refresh="));
    assertThat(refresh(cookie(l, "refauth_refresh")).statusCode())
        .as("the refresh family was not revoked")
        .isEqualTo(200);
  }

  @Test
  void notBefore_afterLogoutEverywhere() throws Exception {
    HttpResponse<String> l = login("admin@example.com", "demo-admin-pass");
    String t = token(l);
    String session = cookie(l, "refauth_session");
    String refreshCookie = cookie(l, "refauth_refresh");
    assertThat(me(t)).isEqualTo(200);
    TokenProviderFactory.last.logoutEverywhere("admin@example.com");
    assertThat(me(t)).isEqualTo(401);
    assertThat(jetty.get("/auth/me", "Cookie", session).statusCode()).isEqualTo(401);
    assertThat(refresh(refreshCookie).statusCode()).isEqualTo(401);
    assertThat(me(token(login("admin@example.com", "demo-admin-pass"))))
        .as("a new login works at once")
        .isEqualTo(200);
    assertThat(me(t)).as("the old token stays refused").isEqualTo(401);
  }

  @Test
  void cookieSession_pagesWork_replayAfterLogoutRefused_fixationImpossible() throws Exception {
    HttpResponse<String> planted =
        jetty.postJson(
            "/auth/login",
            "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}",
            "Cookie",
            "refauth_session=attacker-chosen-value");
    String session = cookie(planted, "refauth_session");
    assertThat(session).isNotEqualTo("refauth_session=attacker-chosen-value");
    assertThat(
            jetty
                .get("/posts", "Accept", HTML, "Cookie", "refauth_session=attacker-chosen-value")
                .statusCode())
        .isEqualTo(302);
    HttpResponse<String> page = jetty.get("/posts", "Accept", HTML, "Cookie", session);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("user=user@example.com", "type=Session");
    HttpResponse<String> out =
        jetty.send(
            HttpRequest.newBuilder(jetty.uri("/auth/logout"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Cookie", session)
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("refauth_session=;"));
    assertThat(jetty.get("/auth/me", "Cookie", session).statusCode())
        .as("replayed cookie")
        .isEqualTo(401);
    assertThat(jetty.get("/posts", "Accept", HTML, "Cookie", session).statusCode()).isEqualTo(302);
  }

  @Test
  void cookieSession_idleTimeout() throws Exception {
    String session = cookie(login("user@example.com", "demo-user-pass"), "refauth_session");
    assertThat(jetty.get("/auth/me", "Cookie", session).statusCode()).isEqualTo(200);
    TokenProviderFactory.CLOCK.advance(Duration.ofMinutes(31));
    assertThat(jetty.get("/auth/me", "Cookie", session).statusCode()).isEqualTo(401);
  }

  @Test
  void cookieSession_absoluteTimeout() throws Exception {
    String session = cookie(login("user@example.com", "demo-user-pass"), "refauth_session");
    for (int i = 0; i < 35; i++) { // active every 20 minutes: never idle, but 11 h 40 min in all
      TokenProviderFactory.CLOCK.advance(Duration.ofMinutes(20));
      assertThat(jetty.get("/auth/me", "Cookie", session).statusCode()).isEqualTo(200);
    }
    TokenProviderFactory.CLOCK.advance(Duration.ofMinutes(20)); // 12 h
    assertThat(jetty.get("/auth/me", "Cookie", session).statusCode()).isEqualTo(401);
  }

  @Test
  void bothModesInOneApp() throws Exception {
    HttpResponse<String> l = login("user@example.com", "demo-user-pass");
    assertThat(jetty.get("/posts", "Accept", HTML).statusCode())
        .as("page without cookie")
        .isEqualTo(302);
    assertThat(
            jetty
                .get("/posts", "Accept", HTML, "Cookie", cookie(l, "refauth_session"))
                .statusCode())
        .isEqualTo(200);
    assertThat(jetty.get("/posts", "Accept", "application/json").statusCode())
        .as("API without token")
        .isEqualTo(401);
    assertThat(
            jetty
                .get("/posts", "Accept", "application/json", "Authorization", "Bearer " + token(l))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void tokenTypeConfusion_refreshTokenIsNoAccessToken() throws Exception {
    HttpResponse<String> l = login("user@example.com", "demo-user-pass");
    String refreshValue = cookie(l, "refauth_refresh").substring("refauth_refresh=".length());
    assertThat(me(refreshValue)).isEqualTo(401);
    String sessionValue = cookie(l, "refauth_session").substring("refauth_session=".length());
    assertThat(me(sessionValue)).isEqualTo(401);
    assertThat(refresh("refauth_refresh=" + token(l)).statusCode())
        .as("an access token is no refresh token")
        .isEqualTo(401);
  }
}
