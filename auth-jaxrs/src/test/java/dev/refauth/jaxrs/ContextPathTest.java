package dev.refauth.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.IdentityCache;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application deployed under {@code /app}: the JAX-RS adapter gives the guard the same request the servlet filter
 * does (the path inside the application, the context path, the peer's address), so redirects and path rules are
 * right there, with JAX-RS alone as behind the filter.
 */
final class ContextPathTest {

  @ParameterizedTest(name = "behind the servlet filter: {0}")
  @ValueSource(booleans = {false, true})
  void underApp_theGuardSeesThePathInsideTheApplication_itsContextPath_andThePeer(
      boolean behindFilter) throws Exception {
    CountingProvider provider = new CountingProvider(AuthFeatureTest.USERS.build());
    AuthGuard guard =
        AuthGuard.builder(provider).identityCache(IdentityCache.builder().build()).build();
    try (JerseyServer server = new JerseyServer(guard, behindFilter, Map.of(), "/app")) {
      String token =
          (String)
              provider
                  .login(
                      dev.refauth.core.AuthParams.of(
                          Map.of("email", "user@example.com", "password", "demo-user-pass")),
                      AuthRequest.builder("POST", "/auth/login").build())
                  .data("accessToken")
                  .orElseThrow();

      HttpResponse<String> ok = server.get("/app/api/cls", "Authorization", "Bearer " + token);
      assertThat(ok.statusCode()).isEqualTo(200);
      CountingProvider.Seen seen = provider.lastChecked;
      assertThat(seen.path()).isEqualTo("/api/cls");
      assertThat(seen.contextPath()).isEqualTo("/app");
      assertThat(seen.remoteAddress()).isEqualTo("127.0.0.1");

      HttpResponse<String> page =
          server.get("/app/api/cls", "Accept", "text/html", "Sec-Fetch-Mode", "navigate");
      assertThat(page.statusCode()).as(page.body()).isBetween(300, 399);
      // Jersey makes a relative Location absolute against the request; the servlet filter leaves it
      // relative
      assertThat(page.headers().firstValue("Location").orElseThrow())
          .matches("(http://127\\.0\\.0\\.1:\\d+)?/app/login\\?to=%2Fapi%2Fcls");
      HttpResponse<String> api = server.get("/app/api/cls", "Accept", "application/json");
      assertThat(api.statusCode())
          .as("control: an API call is refused, not redirected")
          .isEqualTo(401);
    }
  }
}
