package dev.refauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.accounts.InMemoryAuthProvider;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthProviderFactory;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.GuardSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A setting web.xml leaves out comes from MicroProfile Config (SmallRye here, as on a server that has it), else from
 * system properties and the environment; web.xml wins; a missing one names where it was looked for.
 */
final class SettingsFromConfigTest {
  static final AtomicReference<AuthSettings> SEEN = new AtomicReference<>();

  /** Requires {@code secret}; remembers what it was given. */
  public static final class NeedsSecret implements AuthProviderFactory {
    @Override
    public AuthProvider create(AuthSettings settings) {
      settings.require("secret");
      SEEN.set(settings);
      return TestProviderFactory.USERS.build();
    }
  }

  @AfterEach
  void clear() {
    System.clearProperty("refauth.provider.secret");
    System.clearProperty("refauth.provider.greeting");
    SEEN.set(null);
  }

  @Test
  void theFilter_readsWhatWebXmlLeavesOut_fromMicroProfileConfig() throws Exception {
    System.setProperty("refauth.provider.secret", "from-the-deployment");
    System.setProperty("refauth.provider.greeting", "from-the-deployment");
    try (JettyServer jetty =
        new JettyServer(
            Map.of("provider", NeedsSecret.class.getName(), "provider.greeting", "from-web.xml"))) {
      assertThat(jetty.port).isPositive();
      AuthSettings seen = SEEN.get();
      assertThat(seen).isNotNull();
      assertThat(seen.get("secret")).contains("from-the-deployment");
      assertThat(seen.get("greeting")).contains("from-web.xml"); // what web.xml sets wins
      assertThat(seen.keys()).doesNotContain("secret"); // looked up, not copied into the map
    }
  }

  @Test
  void whatTheFilterProtects_onlyWebXmlSets() throws Exception {
    System.setProperty("refauth.publicPaths", "/*");
    System.setProperty("refauth.apiPath", "/admin");
    System.setProperty("refauth.provider.secret", "s");
    try (JettyServer jetty = new JettyServer(Map.of("provider", NeedsSecret.class.getName()))) {
      // the provider's setting came from outside (control), the guard's did not: / is still
      // protected
      assertThat(SEEN.get().get("secret")).contains("s");
      assertThat(jetty.get("/private", "Accept", "application/json").statusCode()).isEqualTo(401);
      assertThat(jetty.get("/admin/x", "Accept", "application/json").statusCode()).isEqualTo(401);
      assertThat(jetty.appCalls).hasValue(0);
    } finally {
      System.clearProperty("refauth.publicPaths");
      System.clearProperty("refauth.apiPath");
    }
  }

  @Test
  void aMissingSetting_failsNamingMicroProfileConfig() {
    AuthSettings settings =
        AuthSettings.of(Map.of("provider", NeedsSecret.class.getName()))
            .withSources(SettingsSources.of(getClass().getClassLoader()));
    assertThatThrownBy(() -> GuardSettings.guard(settings, getClass().getClassLoader()))
        .isInstanceOf(AuthException.class)
        .hasMessage(
            "setting 'provider.secret' is required: not set, nor in MicroProfile Config as"
                + " refauth.provider.secret");
    // control: given through a system property, MicroProfile Config finds it
    System.setProperty("refauth.provider.secret", "s");
    assertThat(GuardSettings.guard(settings, getClass().getClassLoader()).provider())
        .isInstanceOf(InMemoryAuthProvider.class);
  }

  @Test
  void withoutMicroProfileConfig_systemPropertiesThenTheEnvironment() {
    List<AuthSettings.Source> sources = SettingsSources.withoutMicroProfile();
    assertThat(sources).hasSize(2);
    AuthSettings s = AuthSettings.of(Map.of()).withSources(sources).subset("provider.");
    assertThatThrownBy(() -> s.require("secret"))
        .hasMessage(
            "setting 'provider.secret' is required: not set, nor in system property"
                + " refauth.provider.secret or environment variable REFAUTH_PROVIDER_SECRET");
    System.setProperty("refauth.provider.secret", "s");
    assertThat(s.get("secret")).contains("s");
    // what the filter protects never comes from there
    System.setProperty("refauth.publicPaths", "/*");
    try {
      assertThat(AuthSettings.of(Map.of()).withSources(sources).get("publicPaths")).isEmpty();
    } finally {
      System.clearProperty("refauth.publicPaths");
    }
  }
}
