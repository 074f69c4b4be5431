package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One key per fact: the deployment's facts reach the provider under their own keys, and nowhere else. */
final class GuardSettingsTest {

  private static final AuthProvider NOBODY =
      new AuthProvider() {
        @Override
        public AuthActionResponse login(AuthParams params, AuthRequest request) {
          return AuthActionResponse.failure(AuthError.invalidCredentials());
        }

        @Override
        public AuthActionResponse logout(AuthParams params, AuthRequest request) {
          return AuthActionResponse.success();
        }

        @Override
        public CheckResponse check(AuthRequest request) {
          return CheckResponse.unauthenticated("/login");
        }

        @Override
        public OnErrorResponse onError(AuthError error, AuthRequest request) {
          return OnErrorResponse.of(error);
        }
      };

  private static AuthSettings settings(String... pairs) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return AuthSettings.of(m);
  }

  @Test
  void theProviderSeesTheDeploymentsFacts_underTheirOwnKeys() {
    AuthSettings own =
        GuardSettings.providerSettings(
            settings(
                "loginPath", "/signin",
                "apiPath", "/api/auth",
                "publicOrigin", "https://app.example.com",
                "tenants", "acme",
                "provider.users", "/etc/users.properties"));
    assertThat(own.get("loginPath")).contains("/signin");
    assertThat(own.get("apiPath")).contains("/api/auth");
    assertThat(own.get("publicOrigin")).contains("https://app.example.com");
    assertThat(own.get("tenants")).contains("acme");
    assertThat(own.get("users")).contains("/etc/users.properties");
    assertThat(own.get("provider.users")).isEmpty();
  }

  @Test
  void aFactUnderProvider_failsNamingBothKeys_evenWhenTheyAgree() {
    for (String fact : AuthSettings.DEPLOYMENT_FACTS) {
      assertThatThrownBy(
              () -> GuardSettings.guard(settings("provider." + fact, "/x", fact, "/y"), NOBODY))
          .isInstanceOf(AuthException.class)
          .hasMessageContaining("'provider." + fact + "' is now '" + fact + "'")
          .hasMessageContaining("disagree");
      assertThatThrownBy(() -> GuardSettings.guard(settings("provider." + fact, "/x"), NOBODY))
          .isInstanceOf(AuthException.class)
          .hasMessageContaining("'provider." + fact + "' is now '" + fact + "'");
    }
  }

  @Test
  void aLoginPathInAnotherSpelling_failsAtStart_inSettingsAndInCode() {
    for (String disguised : new String[] {"/log%69n", "/login?next=/", "/login;x"}) {
      assertThatThrownBy(() -> GuardSettings.guard(settings("loginPath", disguised), NOBODY))
          .as(disguised)
          .isInstanceOf(AuthException.class)
          .hasMessageContaining("loginPath");
      assertThatThrownBy(() -> AuthGuard.builder(NOBODY).loginPath(disguised))
          .as(disguised)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(
            () ->
                AuthGuard.builder(NOBODY)
                    .pathRules(PathRules.of(List.of("/*"), List.of(), List.of()))
                    .build())
        .as("built in code, rules that protect the login page")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/login");
    assertThat(
            AuthGuard.builder(NOBODY)
                .pathRules(PathRules.of(List.of("/*"), List.of(), List.of("/login")))
                .build())
        .as("control: the same rules with the login page public-only")
        .isNotNull();
  }

  @Test
  void aLoginPageThePathRulesProtect_failsNamingTheKeys() {
    assertThatThrownBy(
            () ->
                GuardSettings.guard(
                    settings("loginPath", "/signin", "publicOnlyPaths", "/login"), NOBODY))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("'loginPath=/signin'")
        .hasMessageContaining("'protectedPaths'")
        .hasMessageContaining("'publicOnlyPaths'");
    AtomicReference<AuthGuard> built = new AtomicReference<>();
    built.set(GuardSettings.guard(settings("loginPath", "/signin"), NOBODY));
    assertThat(
            built
                .get()
                .authorize(
                    AuthRequest.builder("GET", "/signin").header("Accept", "text/html").build())
                .proceeds())
        .as("control: the default rules open the login page wherever it is")
        .isTrue();
    assertThat(
            GuardSettings.guard(settings("loginPath", "/signin", "publicPaths", "/signin"), NOBODY)
                .authorize(AuthRequest.builder("GET", "/signin").build())
                .proceeds())
        .as("control: a public login page")
        .isTrue();
  }

  @Test
  void secondFactorPaths_askForAStepUp_andABadStepUpSettingFailsNamingIt() {
    AuthProvider signedIn =
        new AuthProvider() {
          @Override
          public AuthActionResponse login(AuthParams params, AuthRequest request) {
            return AuthActionResponse.failure(AuthError.invalidCredentials());
          }

          @Override
          public AuthActionResponse logout(AuthParams params, AuthRequest request) {
            return AuthActionResponse.success();
          }

          @Override
          public CheckResponse check(AuthRequest request) {
            return CheckResponse.authenticated(
                Authentication.of(Identity.builder("ada").build(), Permissions.none())
                    .withMethods(java.util.List.of("pwd")));
          }

          @Override
          public OnErrorResponse onError(AuthError error, AuthRequest request) {
            return OnErrorResponse.of(error);
          }
        };
    AuthGuard guard =
        GuardSettings.guard(
            settings("secondFactorPaths", "/settings/*", "secondFactorWithin", "PT5M"), signedIn);
    AuthRequest.Builder call =
        AuthRequest.builder("GET", "/settings/keys").header("Authorization", "Bearer x");
    assertThat(guard.authorize(call.build()).reply().orElseThrow().headers())
        .containsEntry(
            "WWW-Authenticate",
            "Bearer error=\"insufficient_user_authentication\", error_description=\"A recent second"
                + " factor is required\", max_age=\"300\"");
    assertThat(
            guard
                .authorize(
                    AuthRequest.builder("GET", "/posts")
                        .header("Authorization", "Bearer x")
                        .build())
                .proceeds())
        .as("control: another path")
        .isTrue();
    assertThatThrownBy(
            () -> GuardSettings.guard(settings("secondFactorPaths", "/settings/*x"), signedIn))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("/settings/*x");
    assertThatThrownBy(
            () ->
                GuardSettings.guard(
                    settings("secondFactorPaths", "/s/*", "secondFactorWithin", "P2D"), signedIn))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("secondFactorWithin");
    assertThatThrownBy(() -> GuardSettings.guard(settings("publicOnlyPaths", "/login/*"), signedIn))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("stepUpPath=/login/second-factor");
    assertThatThrownBy(() -> GuardSettings.guard(settings("stepUpPath", "//evil"), signedIn))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("stepUpPath");
    AuthGuard policy =
        GuardSettings.guard(
            settings(
                "tenants",
                "acme",
                "secondFactorPolicy",
                "admin",
                "secondFactorPolicy.acme",
                "required"),
            signedIn);
    assertThat(
            policy
                .authorize(
                    AuthRequest.builder("GET", "/posts")
                        .header("Authorization", "Bearer x")
                        .build())
                .proceeds())
        .as("control: no admin, no tenant")
        .isTrue();
    assertThatThrownBy(
            () -> GuardSettings.guard(settings("secondFactorPolicy", "sometimes x"), signedIn))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("secondFactorPolicy");
    assertThatThrownBy(
            () -> GuardSettings.guard(settings("secondFactorPolicy.globex", "required"), signedIn))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("secondFactorPolicy.globex")
        .hasMessageContaining("tenants");
  }

  /** Counts the providers made: a bad guard setting must fail before one opens its pools. */
  public static final class Counting implements AuthProviderFactory {
    static final AtomicInteger MADE = new AtomicInteger();

    @Override
    public AuthProvider create(AuthSettings settings) {
      MADE.incrementAndGet();
      return NOBODY;
    }
  }

  @Test
  void aBadGuardSetting_failsBeforeTheProviderIsMade() {
    ClassLoader loader = getClass().getClassLoader();
    String factory = Counting.class.getName();
    for (String[] bad :
        List.of(
            new String[] {"homePath", "https://evil.example"},
            new String[] {"cacheTtl", "soon"},
            new String[] {"cacheMaximumSize", "-1"},
            new String[] {"redirectOnFail", "maybe"})) {
      int before = Counting.MADE.get();
      assertThatThrownBy(
              () -> GuardSettings.guard(settings("provider", factory, bad[0], bad[1]), loader))
          .as(bad[0])
          .isInstanceOf(AuthException.class)
          .hasMessageContaining(bad[0]);
      assertThat(Counting.MADE.get()).as(bad[0]).isEqualTo(before);
    }
    // control: valid settings make it
    int before = Counting.MADE.get();
    GuardSettings.guard(settings("provider", factory), loader);
    assertThat(Counting.MADE.get()).isEqualTo(before + 1);
  }
}
