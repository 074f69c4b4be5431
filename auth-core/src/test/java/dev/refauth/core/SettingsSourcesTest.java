package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings the map does not have come from the sources, in order, under {@code refauth.<full name>}. */
final class SettingsSourcesTest {
  private static final AuthSettings.Source ENV =
      AuthSettings.Source.environment(
          Map.of(
              "REFAUTH_PROVIDER_JWT_SECRET", "from-env",
              "REFAUTH_PROVIDER_ACCESSTTL", "soon",
              "REFAUTH_LOGINPATH", "/env-login"));

  private static AuthSettings.Source map(String kind, Map<String, String> values) {
    return new AuthSettings.Source() {
      @Override
      public Optional<String> find(String name) {
        return Optional.ofNullable(values.get("refauth." + name));
      }

      @Override
      public String where(String name) {
        return kind + " refauth." + name;
      }
    };
  }

  @Test
  void theMapWins_thenTheSourcesInOrder() {
    AuthSettings s =
        AuthSettings.of(Map.of("loginPath", "/signin"))
            .withSources(
                List.of(map("config", Map.of("refauth.provider.jwt.secret", "from-config")), ENV));
    assertThat(s.get("loginPath")).contains("/signin"); // web.xml wins over the environment
    assertThat(s.get("provider.jwt.secret"))
        .contains("from-config"); // the first source that has it
    assertThat(s.subset("provider.").get("jwt.secret")).contains("from-config");
    assertThat(AuthSettings.of(Map.of()).withSources(List.of(ENV)).get("loginPath"))
        .contains("/env-login");
    // control: without sources, nothing but the map
    assertThat(AuthSettings.of(Map.of()).get("provider.jwt.secret")).isEmpty();
  }

  @Test
  void environmentNames_followMicroProfileConfig() {
    AuthSettings.Source env =
        AuthSettings.Source.environment(
            Map.of(
                "refauth.a.exact", "1",
                "refauth_b_underscored", "2",
                "REFAUTH_C_UPPER", "3",
                "REFAUTH_D_BLANK", " "));
    AuthSettings s = AuthSettings.of(Map.of()).withSources(List.of(env));
    assertThat(s.get("a.exact")).contains("1");
    assertThat(s.get("b.underscored")).contains("2");
    assertThat(s.get("c.upper")).contains("3");
    assertThat(s.get("d.blank")).isEmpty();
  }

  @Test
  void whatWasTakenAway_noSourceGivesBack() {
    AuthSettings s = AuthSettings.of(Map.of()).withSources(List.of(ENV)).subset("provider.");
    assertThat(s.get("jwt.secret")).contains("from-env"); // control
    assertThat(s.without("jwt.secret").get("jwt.secret")).isEmpty();
    assertThat(s.withoutPrefix("jwt.").get("jwt.secret")).isEmpty();
    assertThat(s.withoutPrefix("social.").get("jwt.secret")).contains("from-env");
  }

  @Test
  void aMissingSetting_namesEveryPlaceLookedIn() {
    AuthSettings s =
        AuthSettings.of(Map.of())
            .withSources(List.of(map("MicroProfile Config", Map.of()), ENV))
            .subset("provider.");
    assertThatThrownBy(() -> s.require("jdbc.password"))
        .isInstanceOf(AuthException.class)
        .hasMessage(
            "setting 'provider.jdbc.password' is required: not set, nor in MicroProfile Config"
                + " refauth.provider.jdbc.password or environment variable"
                + " REFAUTH_PROVIDER_JDBC_PASSWORD");
    // control: without sources, the short message
    assertThatThrownBy(() -> AuthSettings.of(Map.of()).require("x"))
        .hasMessage("setting 'x' is required");
  }

  @Test
  void aBadValue_namesTheSourceItCameFrom_neverASecret() {
    AuthSettings s = AuthSettings.of(Map.of()).withSources(List.of(ENV)).subset("provider.");
    assertThatThrownBy(() -> s.duration("accessTtl", Duration.ofMinutes(5)))
        .hasMessageContaining(
            "'provider.accessTtl' (from environment variable REFAUTH_PROVIDER_ACCESSTTL)")
        .hasMessageContaining("was 'soon'");
    assertThatThrownBy(() -> s.integer("jwt.secret", 1, 0, 9))
        .hasMessageContaining("(from environment variable REFAUTH_PROVIDER_JWT_SECRET)")
        .hasMessageNotContaining("from-env");
    // control: a value from the map names no source
    assertThatThrownBy(
            () ->
                AuthSettings.of(Map.of("accessTtl", "soon"))
                    .withSources(List.of(ENV))
                    .duration("accessTtl", Duration.ofMinutes(5)))
        .hasMessageStartingWith("setting 'accessTtl' must be");
  }

  @Test
  void systemProperties_underTheRefauthPrefix() {
    System.setProperty("refauth.test.sysprop", "yes");
    try {
      AuthSettings s =
          AuthSettings.of(Map.of()).withSources(List.of(AuthSettings.Source.systemProperties()));
      assertThat(s.get("test.sysprop")).contains("yes");
      assertThat(s.get("test.other")).isEmpty();
    } finally {
      System.clearProperty("refauth.test.sysprop");
    }
  }
}
