package dev.refauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.PathRules;
import dev.refauth.tokens.InMemoryTokenStore;
import dev.refauth.tokens.JwtCodec;
import dev.refauth.tokens.SigningAlgorithm;
import dev.refauth.tokens.TokenAuthProvider;
import dev.refauth.tokens.TokenAuthProvider.SessionMode;
import dev.refauth.tokens.TokenKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a sign-in issues in each session mode, and what then authenticates, over HTTP. */
final class SessionModesTest {
  private static final String LOGIN =
      "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}";

  private static JettyServer server(SessionMode mode) throws Exception {
    TokenAuthProvider provider =
        TokenAuthProvider.builder(
                TokenProviderFactory.USERS,
                JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.HS256)).build(),
                new InMemoryTokenStore())
            .secureCookies(false)
            .sessionMode(mode)
            .build();
    return new JettyServer(
        AuthGuard.builder(provider)
            .pathRules(
                PathRules.of(List.of("/*"), List.of("/public/*", "/auth/*"), List.of("/login")))
            .build());
  }

  private static List<String> cookieNames(HttpResponse<String> r) {
    return r.headers().allValues("Set-Cookie").stream()
        .map(c -> c.substring(0, c.indexOf('=')))
        .filter(n -> n.startsWith("refauth_"))
        .filter(n -> !n.equals("refauth_csrf"))
        .sorted()
        .toList();
  }

  private static String cookie(HttpResponse<String> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void bearer_tokenAndRefreshCookie_noSession_cookiesAloneAreAnonymous() throws Exception {
    try (JettyServer jetty = server(SessionMode.BEARER)) {
      HttpResponse<String> login = jetty.postJson("/auth/login", LOGIN);
      assertThat(login.body()).contains("\"accessToken\"", "\"expiresIn\"");
      assertThat(cookieNames(login)).containsExactly("refauth_refresh");
      String token = login.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
      assertThat(jetty.get("/posts", "Authorization", "Bearer " + token).statusCode())
          .isEqualTo(200);
      // a stolen or planted session value, and the refresh cookie, authenticate nothing but
      // /auth/refresh
      String all = cookie(login, "refauth_refresh") + "; refauth_session=whatever";
      assertThat(jetty.get("/posts", "Accept", "application/json", "Cookie", all).statusCode())
          .isEqualTo(401);
      assertThat(jetty.get("/auth/me", "Cookie", all).statusCode()).isEqualTo(401);
      HttpResponse<String> refreshed =
          jetty.send(
              HttpRequest.newBuilder(jetty.uri("/auth/refresh"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .header("Cookie", cookie(login, "refauth_refresh"))
                  .header("Sec-Fetch-Site", "same-origin"));
      assertThat(refreshed.statusCode()).isEqualTo(200);
      assertThat(refreshed.body()).contains("\"accessToken\"");
    }
  }

  @Test
  void cookie_sessionCookieOnly_noTokenInTheBody() throws Exception {
    try (JettyServer jetty = server(SessionMode.COOKIE)) {
      HttpResponse<String> login = jetty.postJson("/auth/login", LOGIN);
      assertThat(login.statusCode()).isEqualTo(200);
      assertThat(login.body()).doesNotContain("accessToken", "\"token\"", "expiresIn");
      assertThat(cookieNames(login)).containsExactly("refauth_session");
      assertThat(jetty.get("/posts", "Cookie", cookie(login, "refauth_session")).statusCode())
          .isEqualTo(200);
      HttpResponse<String> refresh =
          jetty.send(
              HttpRequest.newBuilder(jetty.uri("/auth/refresh"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .header("Sec-Fetch-Site", "same-origin"));
      assertThat(refresh.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void crossSiteCookies_sameSiteNoneAndSecure_onlyWithSecureCookies() throws Exception {
    TokenAuthProvider provider =
        TokenAuthProvider.builder(
                TokenProviderFactory.USERS,
                JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.HS256)).build(),
                new InMemoryTokenStore())
            .crossSiteCookies(true)
            .build();
    try (JettyServer jetty =
        new JettyServer(
            AuthGuard.builder(provider)
                .pathRules(
                    PathRules.of(List.of("/*"), List.of("/public/*", "/auth/*"), List.of("/login")))
                .build())) {
      HttpResponse<String> login = jetty.postJson("/auth/login", LOGIN);
      assertThat(login.headers().allValues("Set-Cookie"))
          .anyMatch(
              c ->
                  c.startsWith("__Host-refauth_session=")
                      && c.contains("Secure")
                      && c.contains("SameSite=None"))
          .anyMatch(
              c ->
                  c.startsWith("__Secure-refauth_refresh=")
                      && c.contains("Secure")
                      && c.contains("SameSite=None"));
    }
    assertThatThrownBy(
            () ->
                TokenAuthProvider.builder(
                        TokenProviderFactory.USERS,
                        JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.HS256)).build(),
                        new InMemoryTokenStore())
                    .crossSiteCookies(true)
                    .secureCookies(false)
                    .build())
        .hasMessageContaining("secure cookies");
  }

  @Test
  void both_everything() throws Exception {
    try (JettyServer jetty = server(SessionMode.BOTH)) {
      HttpResponse<String> login = jetty.postJson("/auth/login", LOGIN);
      assertThat(login.body()).contains("\"accessToken\"");
      assertThat(cookieNames(login)).containsExactly("refauth_refresh", "refauth_session");
    }
  }
}
