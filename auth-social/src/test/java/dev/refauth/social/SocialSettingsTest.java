package dev.refauth.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Social login from settings fails fast, naming the bad setting and never echoing a secret. */
final class SocialSettingsTest {
  private static final LoginAttemptStore ATTEMPTS = new InMemoryLoginAttemptStore();
  private static final byte[] KEY = new byte[32];

  private static AuthSettings settings(Map<String, String> m) {
    return AuthSettings.of(m).subset("social.");
  }

  @Test
  void noProviders_noSocialLogin() {
    assertThat(SocialSettings.read(settings(Map.of()), ATTEMPTS, true, Clock.systemUTC(), KEY))
        .isEmpty();
  }

  @Test
  void templatesAndIssuer_inOrder_secretNeverShown() {
    SocialLogin social =
        SocialSettings.read(
                settings(
                    Map.of(
                        "social.providers",
                        "google, github, corp",
                        "social.callbackBase",
                        "https://app.example.com/auth",
                        "social.google.clientId",
                        "g-id",
                        "social.google.clientSecret",
                        "g-very-secret",
                        "social.github.clientId",
                        "gh-id",
                        "social.github.clientSecret",
                        "gh-very-secret",
                        "social.corp.issuer",
                        "https://idp.example.com/realms/acme",
                        "social.corp.clientId",
                        "c-id",
                        "social.corp.clientSecret",
                        "c-very-secret",
                        "social.corp.displayName",
                        "Acme SSO")),
                ATTEMPTS,
                true,
                Clock.systemUTC(),
                KEY)
            .orElseThrow();
    assertThat(social.providers())
        .extracting(SocialProvider::name)
        .containsExactly("google", "github", "corp");
    assertThat(social.providers())
        .extracting(SocialProvider::displayName)
        .containsExactly("Google", "GitHub", "Acme SSO");
    assertThat(social.providers())
        .extracting(SocialProvider::issuer)
        .containsExactly(
            "https://accounts.google.com",
            SocialProvider.GITHUB_ISSUER,
            "https://idp.example.com/realms/acme");
    assertThat(social.redirectUri(social.provider("corp").orElseThrow()).toString())
        .isEqualTo("https://app.example.com/auth/corp/callback");
    assertThat(social.providers().toString()).doesNotContain("very-secret");
  }

  @Test
  void misconfiguration_failsNamingTheSetting() {
    assertThatThrownBy(
            () ->
                SocialSettings.read(
                    settings(
                        Map.of(
                            "social.providers",
                            "corp",
                            "social.callbackBase",
                            "https://a.example/auth",
                            "social.corp.clientId",
                            "c",
                            "social.corp.clientSecret",
                            "s")),
                    ATTEMPTS,
                    true,
                    Clock.systemUTC(),
                    KEY))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("social.corp.issuer");
    assertThatThrownBy(
            () ->
                SocialSettings.read(
                    settings(
                        Map.of(
                            "social.providers",
                            "google",
                            "social.google.clientId",
                            "g",
                            "social.google.clientSecret",
                            "s")),
                    ATTEMPTS,
                    true,
                    Clock.systemUTC(),
                    KEY))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("social.callbackBase");
    assertThatThrownBy(
            () ->
                SocialSettings.read(
                    settings(
                        Map.of(
                            "social.providers",
                            "google",
                            "social.callbackBase",
                            "https://a.example/auth",
                            "social.google.clientId",
                            "g",
                            "social.google.clientSecretEnv",
                            "REFAUTH_TEST_UNSET_SECRET")),
                    ATTEMPTS,
                    true,
                    Clock.systemUTC(),
                    KEY))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("REFAUTH_TEST_UNSET_SECRET");
    assertThatThrownBy(
            () ->
                SocialSettings.read(
                    settings(
                        Map.of(
                            "social.providers",
                            "google",
                            "social.callbackBase",
                            "https://a.example/auth",
                            "social.google.clientId",
                            "g",
                            "social.google.clientSecret",
                            "top-secret-value",
                            "social.google.clientSecrt",
                            "typo")),
                    ATTEMPTS,
                    true,
                    Clock.systemUTC(),
                    KEY))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("social.google.clientSecrt")
        .hasMessageNotContaining("top-secret-value");
    assertThatThrownBy(
            () ->
                SocialSettings.read(
                    settings(
                        Map.of(
                            "social.providers",
                            "corp",
                            "social.callbackBase",
                            "https://a.example/auth",
                            "social.corp.issuer",
                            "http://idp.example.com",
                            "social.corp.clientId",
                            "c",
                            "social.corp.clientSecret",
                            "s")),
                    ATTEMPTS,
                    true,
                    Clock.systemUTC(),
                    KEY))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("https");
    assertThatThrownBy(
            () ->
                SocialSettings.read(
                    settings(
                        Map.of(
                            "social.providers",
                            "Bad Name",
                            "social.callbackBase",
                            "https://a.example/auth")),
                    ATTEMPTS,
                    true,
                    Clock.systemUTC(),
                    KEY))
        .isInstanceOf(AuthException.class);
  }
}
