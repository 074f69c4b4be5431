package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.adapter.AuthEndpoints;
import dev.refauth.core.adapter.Decision;
import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.spi.ExternalLogin;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The engine's policy on raw requests, with a fake provider and no transport: who is let through, who is sent to
 * the login page, who gets 401 or 403, and what the {@code /auth} API hands the provider. Fast, so that
 * {@code mvn -pl auth-core test} goes red when core policy breaks.
 */
final class GuardPolicyTest {
  /** Knows one bearer token, "ada", with {@code posts:read}. */
  private static final class FakeProvider implements AuthProvider, ExternalLogin {
    final String loginPath;
    final AtomicInteger logins = new AtomicInteger();
    final AtomicInteger callbacks = new AtomicInteger();
    final AtomicInteger onErrors = new AtomicInteger();

    @Override
    public AuthActionResponse login(AuthParams params, AuthRequest request) {
      logins.incrementAndGet();
      return params.string("password").filter("right"::equals).isPresent()
          ? AuthActionResponse.success("/")
          : AuthActionResponse.failure(AuthError.invalidCredentials());
    }

    @Override
    public AuthActionResponse callback(String providerName, AuthParams query, AuthRequest request) {
      callbacks.incrementAndGet();
      return AuthActionResponse.success("/");
    }

    @Override
    public AuthActionResponse logout(AuthParams params, AuthRequest request) {
      return AuthActionResponse.success("/login");
    }

    @Override
    public CheckResponse check(AuthRequest request) {
      return request.bearerToken().filter("ada"::equals).isPresent()
          ? CheckResponse.authenticated(
              Authentication.of(Identity.builder("ada").build(), Permissions.of("posts:read")))
          : CheckResponse.unauthenticated(loginPath);
    }

    FakeProvider(String loginPath) {
      this.loginPath = loginPath;
    }

    @Override
    public OnErrorResponse onError(AuthError error, AuthRequest request) {
      onErrors.incrementAndGet();
      return error.status().orElse(0) == 403 ? OnErrorResponse.of(error) : OnErrorResponse.none();
    }
  }

  private final FakeProvider provider = new FakeProvider("/login");

  private static AuthRequest.Builder get(String path) {
    return AuthRequest.builder("GET", path);
  }

  @Test
  void anonymousBrowser_goesToTheLoginPageAndBack_anApiCallGets401_theOwnerPasses() {
    AuthGuard guard = AuthGuard.builder(provider).build();
    Decision page =
        guard.authorize(
            get("/admin")
                .header("Accept", "text/html")
                .header("Sec-Fetch-Mode", "navigate")
                .build());
    assertThat(page.proceeds()).isFalse();
    assertThat(page.reply().orElseThrow().headers().get("Location"))
        .isEqualTo("/login?to=%2Fadmin");
    Decision api = guard.authorize(get("/api/posts").header("Accept", "application/json").build());
    assertThat(api.reply().orElseThrow().status()).isEqualTo(401);
    assertThat(api.reply().orElseThrow().json().orElseThrow()).contains("\"authenticated\":false");
    Decision owner =
        guard.authorize(get("/api/posts").header("Authorization", "Bearer ada").build());
    assertThat(owner.proceeds()).as("control").isTrue();
    assertThat(owner.authentication().orElseThrow().identity().id()).isEqualTo("ada");
  }

  @Test
  void missingPermission_isRefusedThroughOnError_heldPermissionPasses() {
    AuthGuard guard = AuthGuard.builder(provider).build();
    AuthRequest ada = get("/api/posts").header("Authorization", "Bearer ada").build();
    Decision write =
        guard.authorize(ada, Requirement.permissions(Requirement.Logical.ALL, "posts:write"));
    assertThat(write.reply().orElseThrow().status()).isEqualTo(403);
    assertThat(provider.onErrors).hasValue(1);
    assertThat(
            guard
                .authorize(ada, Requirement.permissions(Requirement.Logical.ALL, "posts:read"))
                .proceeds())
        .as("control")
        .isTrue();
  }

  @Test
  void anotherLoginPath_isTheOnePublicPage_andNoRedirectLoop() {
    AuthGuard guard = AuthGuard.builder(new FakeProvider("/signin")).loginPath("/signin").build();
    Decision signin =
        guard.authorize(
            get("/signin")
                .header("Accept", "text/html")
                .header("Sec-Fetch-Mode", "navigate")
                .build());
    assertThat(signin.proceeds()).as("the login page itself is public").isTrue();
    Decision admin =
        guard.authorize(
            get("/admin")
                .header("Accept", "text/html")
                .header("Sec-Fetch-Mode", "navigate")
                .build());
    assertThat(admin.reply().orElseThrow().headers().get("Location"))
        .isEqualTo("/signin?to=%2Fadmin");
  }

  @Test
  void cookieCredentialPost_fromAnotherSite_refusedBeforeTheProvider_sameOriginControl() {
    AuthProvider cookies =
        new AuthProvider() {
          @Override
          public AuthActionResponse login(AuthParams params, AuthRequest request) {
            return AuthActionResponse.success();
          }

          @Override
          public AuthActionResponse logout(AuthParams params, AuthRequest request) {
            return AuthActionResponse.success();
          }

          @Override
          public CheckResponse check(AuthRequest request) {
            return request.singleCookie("sid").isPresent()
                ? CheckResponse.authenticated(
                    Authentication.of(Identity.builder("ada").build(), Permissions.of("*")))
                : CheckResponse.unauthenticated("/login");
          }

          @Override
          public OnErrorResponse onError(AuthError error, AuthRequest request) {
            return OnErrorResponse.of(error);
          }

          @Override
          public java.util.Optional<String> credential(AuthRequest request) {
            return request.singleCookie("sid");
          }
        };
    AuthGuard guard = AuthGuard.builder(cookies).build();
    AuthRequest forged =
        AuthRequest.builder("POST", "/api/posts")
            .cookie("sid", "s1")
            .header("Sec-Fetch-Site", "cross-site")
            .header("Origin", "https://evil.example")
            .build();
    assertThat(guard.authorize(forged).reply().orElseThrow().status()).isEqualTo(403);
    AuthRequest same =
        AuthRequest.builder("POST", "/api/posts")
            .cookie("sid", "s1")
            .header("Sec-Fetch-Site", "same-origin")
            .build();
    assertThat(guard.authorize(same).proceeds()).as("control").isTrue();
  }

  @Test
  void socialCallback_onlyThroughItsUrl_neverThroughALoginBody() {
    AuthEndpoints api =
        AuthGuard.builder(provider).build().endpoints(AuthEndpoints.DEFAULT_MAX_BODY_BYTES);
    byte[] smuggled =
        "{\"providerName\":\"corp\",\"callback\":true,\"code\":\"c\",\"state\":\"s\"}"
            .getBytes(StandardCharsets.UTF_8);
    HttpReply body =
        api.handle(
            AuthRequest.builder("POST", "/auth/login")
                .header("Content-Type", "application/json")
                .header("Sec-Fetch-Site", "same-origin")
                .build(),
            "/login",
            smuggled);
    assertThat(body.status()).isEqualTo(400);
    assertThat(provider.callbacks).hasValue(0);
    assertThat(provider.logins).hasValue(0);
    HttpReply callback =
        api.handle(
            AuthRequest.builder("GET", "/auth/corp/callback")
                .query("code=c&state=s")
                .header("Sec-Fetch-Site", "cross-site")
                .build(),
            "/corp/callback",
            new byte[0]);
    assertThat(callback.status()).as(callback.toString()).isBetween(300, 399);
    assertThat(provider.callbacks).as("control: the callback URL reaches the provider").hasValue(1);
  }

  @Test
  void loginBody_jsonAndForm_reachTheProviderAlike_wrongPasswordIsAGenericFailure() {
    AuthEndpoints api =
        AuthGuard.builder(provider).build().endpoints(AuthEndpoints.DEFAULT_MAX_BODY_BYTES);
    for (Map.Entry<String, String> body :
        List.of(
            Map.entry("application/json", "{\"email\":\"a@b.c\",\"password\":\"wrong\"}"),
            Map.entry("application/x-www-form-urlencoded", "email=a%40b.c&password=wrong"))) {
      HttpReply r =
          api.handle(
              AuthRequest.builder("POST", "/auth/login")
                  .header("Content-Type", body.getKey())
                  .header("Accept", "application/json")
                  .header("Sec-Fetch-Site", "same-origin")
                  .build(),
              "/login",
              body.getValue().getBytes(StandardCharsets.UTF_8));
      if (body.getKey().equals("application/json")) {
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().orElseThrow()).contains("\"success\":false");
      } else { // a browser's form goes back to the login page, with the error's name
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.headers().get("Location")).startsWith("/login?").contains("error=");
      }
    }
    assertThat(provider.logins).hasValue(2);
  }
}
