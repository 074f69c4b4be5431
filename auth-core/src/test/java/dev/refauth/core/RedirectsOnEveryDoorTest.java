package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.adapter.AuthEndpoints;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every {@code redirectTo} the {@code /auth} API answers goes through {@link Redirects#safe}, whatever the provider did:
 * a Refine client navigates to it, and a provider that echoes the request's {@code redirectTo} would be an open
 * redirect.
 */
final class RedirectsOnEveryDoorTest {
  /** A careless provider: every action answers the redirectTo it was sent. */
  private static final AuthProvider ECHO =
      new AuthProvider() {
        private AuthActionResponse echo(AuthParams p) {
          return p.string("redirectTo")
              .map(AuthActionResponse::success)
              .orElse(AuthActionResponse.success());
        }

        @Override
        public AuthActionResponse login(AuthParams params, AuthRequest request) {
          return echo(params);
        }

        @Override
        public AuthActionResponse logout(AuthParams params, AuthRequest request) {
          return echo(params);
        }

        @Override
        public AuthActionResponse register(AuthParams params, AuthRequest request) {
          return echo(params);
        }

        @Override
        public AuthActionResponse forgotPassword(AuthParams params, AuthRequest request) {
          return echo(params);
        }

        @Override
        public AuthActionResponse updatePassword(AuthParams params, AuthRequest request) {
          return echo(params);
        }

        @Override
        public CheckResponse check(AuthRequest request) {
          return CheckResponse.unauthenticated("/login");
        }

        @Override
        public OnErrorResponse onError(AuthError error, AuthRequest request) {
          return OnErrorResponse.none();
        }
      };

  private final AuthEndpoints api =
      AuthGuard.builder(ECHO).build().endpoints(AuthEndpoints.DEFAULT_MAX_BODY_BYTES);

  private String answer(String endpoint, String redirectTo) {
    byte[] body = ("{\"redirectTo\":\"" + redirectTo + "\"}").getBytes(StandardCharsets.UTF_8);
    AuthRequest r =
        AuthRequest.builder("POST", "/auth" + endpoint)
            .header("Content-Type", "application/json")
            .build();
    return api.handle(r, endpoint, body).json().orElseThrow();
  }

  @Test
  void offSiteRedirectTo_neverAnswered_onAnyAction() {
    for (String endpoint :
        new String[] {"/login", "/logout", "/register", "/forgot-password", "/update-password"}) {
      assertThat(answer(endpoint, "//evil.example/x")).as(endpoint).doesNotContain("evil");
      assertThat(answer(endpoint, "https://evil.example/")).as(endpoint).doesNotContain("evil");
      assertThat(answer(endpoint, "/posts?page=2"))
          .as("control: a local path stays, " + endpoint)
          .contains("\"redirectTo\":\"/posts?page=2\"");
    }
  }
}
