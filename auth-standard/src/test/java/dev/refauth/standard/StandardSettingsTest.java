package dev.refauth.standard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.accounts.Account;
import dev.refauth.accounts.AccountStore;
import dev.refauth.accounts.Accounts;
import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthEventQuery;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.Authentication;
import dev.refauth.core.GuardSettings;
import dev.refauth.core.spi.AuthEventStore;
import dev.refauth.social.SocialLoginProvider;
import dev.refauth.tokens.TokenAuthProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad, missing or contradictory setting fails at start, naming the settings and never a secret's value. */
final class StandardSettingsTest {
  @TempDir Path dir;

  private Map<String, String> valid() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("publicOrigin", "http://localhost:8080");
    p.put("provider.jwt.jwks", dir.resolve("dev.jwks").toString());
    p.put("provider.jwt.generate", "ES256");
    p.put("provider.mail.folder", dir.resolve("mail").toString());
    return p;
  }

  private static void start(Map<String, String> p) {
    GuardSettings.guard(AuthSettings.of(p), StandardSettingsTest.class.getClassLoader())
        .provider()
        .close();
  }

  private Map<String, String> with(String... kv) {
    Map<String, String> p = valid();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] == null) {
        p.remove(kv[i]);
      } else {
        p.put(kv[i], kv[i + 1]);
      }
    }
    return p;
  }

  @Test
  void theValidOne_starts() {
    start(valid()); // the control for every refusal below
  }

  @Test
  void
      theAccountsItRunsOn_andSocialLogin_areReachableByType_andCallbacksDefaultToThePublicOrigin() {
    Map<String, String> p =
        with(
            "provider.social.providers",
            "github",
            "provider.social.github.clientId",
            "id",
            "provider.social.github.clientSecret",
            "s3cret-for-the-test",
            "contextPath",
            "/app");
    AuthProvider provider =
        GuardSettings.guard(AuthSettings.of(p), StandardSettingsTest.class.getClassLoader())
            .provider();
    try {
      assertThat(provider.unwrap(Accounts.class)).isPresent();
      assertThat(provider.unwrap(TokenAuthProvider.class)).isPresent();
      assertThat(provider.unwrap(SocialLoginProvider.class)).get().isSameAs(provider);
      assertThat(provider.unwrap(String.class)).isEmpty();
      AuthActionResponse started =
          provider.login(
              AuthParams.of(Map.of("providerName", "github")),
              AuthRequest.builder("GET", "/auth/login").build());
      assertThat(started.redirectTo())
          .get()
          .asString()
          .contains(
              "redirect_uri="
                  + URLEncoder.encode(
                      "http://localhost:8080/app/auth/github/callback", StandardCharsets.UTF_8));
    } finally {
      provider.close();
    }
  }

  @Test
  void inMemory_aPermissionOrStatusChange_appliesAtOnce_notAfterTheIdentityCache()
      throws Exception {
    AuthGuard guard =
        GuardSettings.guard(
            AuthSettings.of(with("provider.users", "classpath:/demo-users.properties")),
            StandardSettingsTest.class.getClassLoader());
    try {
      String token =
          (String)
              guard
                  .provider()
                  .login(
                      AuthParams.of(
                          Map.of("email", "admin@example.com", "password", "demo-admin-pass")),
                      AuthRequest.builder("POST", "/auth/login").build())
                  .data("accessToken")
                  .orElseThrow();
      AuthRequest call =
          AuthRequest.builder("GET", "/api/x").header("Authorization", "Bearer " + token).build();
      Authentication before = guard.authenticate(call).orElseThrow();
      assertThat(before.permissions().implies("admin")).isTrue(); // now in the identity cache
      AccountStore store = guard.provider().unwrap(Accounts.class).orElseThrow().store();
      String id = before.identity().id();

      store.setPermissions(id, Set.of("posts:read"), Instant.now());
      assertThat(guard.authenticate(call).orElseThrow().permissions().implies("admin"))
          .as("the revoked permission, at once")
          .isFalse();
      store.setStatus(id, Account.Status.DISABLED, Instant.now());
      assertThat(guard.authenticate(call)).as("the disabled account, at once").isEmpty();
    } finally {
      guard.provider().close();
    }
  }

  @Test
  void keptEvents_areInTheStoreTheGuardFinds_inMemoryAndInTheDatabase() {
    Map<String, Map<String, String>> setups =
        Map.of(
            "memory",
            with(
                "provider.events.keep",
                "true",
                "provider.users",
                "classpath:/demo-users.properties"),
            "jdbc",
            with(
                "provider.events.keep",
                "true",
                "provider.events.retention",
                "PT2H",
                "provider.users",
                "classpath:/demo-users.properties",
                "provider.store",
                "jdbc",
                "provider.jdbc.url",
                "jdbc:h2:mem:events-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "provider.jdbc.driver",
                "org.h2.Driver"));
    setups.forEach(
        (name, p) -> {
          AuthGuard guard =
              GuardSettings.guard(AuthSettings.of(p), StandardSettingsTest.class.getClassLoader());
          try {
            AuthEventStore store = guard.provider().unwrap(AuthEventStore.class).orElseThrow();
            AuthRequest from = AuthRequest.builder("POST", "/auth/login").build();
            guard
                .provider()
                .login(
                    AuthParams.of(Map.of("email", "admin@example.com", "password", "wrong-pass")),
                    from);
            guard
                .provider()
                .login(
                    AuthParams.of(
                        Map.of("email", "admin@example.com", "password", "demo-admin-pass")),
                    from);
            assertThat(store.find(AuthEventQuery.of("")))
                .as(name)
                .extracting(AuthEvent::type)
                .containsExactly(AuthEvent.Type.SIGNED_IN, AuthEvent.Type.SIGN_IN_FAILED);
            // a flood of one kind from one client is kept 20 a minute (refused, then throttled)
            for (int i = 0; i < 60; i++) {
              guard
                  .provider()
                  .login(
                      AuthParams.of(Map.of("email", "nobody@example.com", "password", "x-" + i)),
                      from);
            }
            assertThat(store.find(AuthEventQuery.of("").withLimit(1000)))
                .as(name)
                .hasSizeBetween(22, 42);
          } finally {
            guard.provider().close();
          }
        });
    // the control: without events.keep there is no store, and a retention alone is refused
    AuthProvider plain =
        GuardSettings.guard(AuthSettings.of(valid()), StandardSettingsTest.class.getClassLoader())
            .provider();
    try {
      assertThat(plain.unwrap(AuthEventStore.class)).isEmpty();
    } finally {
      plain.close();
    }
    assertFails(
        with("provider.events.retention", "PT2H"),
        "'provider.events.retention' needs 'provider.store=jdbc'");
    assertFails(
        with(
            "provider.events.retention",
            "PT2H",
            "provider.store",
            "jdbc",
            "provider.jdbc.url",
            "jdbc:h2:mem:x"),
        "'provider.events.retention' has no use without 'events.keep=true'");
    assertFails(
        with("provider.events.keep", "true", "provider.events.retention", "PT1M"),
        "provider.events.retention");
  }

  @Test
  void eachMistake_namesItsSettings() {
    assertFails(with("publicOrigin", null), "needs 'publicOrigin'");
    assertFails(with("provider.store", "disk"), "'provider.store' must be memory or jdbc");
    assertFails(with("provider.store", "jdbc"), "exactly one of 'provider.jdbc.dataSource'");
    assertFails(
        with(
            "provider.store",
            "jdbc",
            "provider.jdbc.url",
            "jdbc:h2:mem:x",
            "provider.jdbc.dataSource",
            "jdbc/x"),
        "both are set");
    assertFails(
        with("provider.jdbc.url", "jdbc:h2:mem:x"),
        "'provider.jdbc.url' needs 'provider.store=jdbc'");
    assertFails(
        with("provider.store", "jdbc", "provider.jdbc.dataSource", "java:comp/env/jdbc/none"),
        "nothing named 'java:comp/env/jdbc/none' in JNDI");
    assertFails(with("provider.mail.folder", null), "set one of 'provider.mail.session'");
    assertFails(
        with("provider.mail.smtp.host", "127.0.0.1"), "set only one of 'provider.mail.session'");
    assertFails(
        with("provider.mail.folder", null, "provider.mail.smtp.host", "127.0.0.1"),
        "setting 'provider.mail.from' is required");
    assertFails(
        with("provider.accounts.defaultTenat", "acme"),
        "unknown setting 'provider.accounts.defaultTenat'");
    assertFails(with("provider.jwt.jwks", null, "provider.jwt.generate", null), "no signing key");
    assertFails(
        with("provider.users", dir.resolve("none.properties").toString()), "setting 'users'");
    assertFails(with("provider.jdbcurl", "jdbc:h2:mem:x"), "unknown setting 'provider.jdbcurl'");
    assertFails(
        with("provider.social.google.clientId", "id"),
        "'provider.social.google.clientId' has no use without 'provider.social.providers'");
    assertFails(
        with("provider.store", "jdbc", "provider.jdbc.dataSource", "ldap://evil.example/x"),
        "must be a java: name");
    assertFails(
        with(
            "provider.mail.folder",
            null,
            "provider.mail.smtp.host",
            "smtp.example.com",
            "provider.mail.from",
            "a@example.com",
            "provider.mail.smtp.user",
            "u",
            "provider.mail.smtp.password",
            "p",
            "provider.mail.smtp.startTls",
            "false"),
        "would cross the network in clear");
    assertFails(
        with("provider.jwt.secret", "0123456789abcdef0123456789abcdef-more"),
        "'provider.jwt.jwks' and 'provider.jwt.secret' are both set");
  }

  @Test
  void aUrlWithItsPassword_isNeverRepeated() {
    AuthException e =
        assertFails(
            with("provider.store", "jdbc", "provider.jdbc.url", "postgres://user:s3cret@db/x"),
            "must be a JDBC URL");
    assertThat(e.getMessage()).doesNotContain("s3cret");
  }

  @Test
  void aSecretIsNeverInTheMessage() {
    AuthException e =
        assertFails(
            with(
                "provider.store",
                "jdbc",
                "provider.jdbc.dataSource",
                "jdbc/x",
                "provider.jdbc.password",
                "s3cret-value"),
            "'provider.jdbc.password' is for a pool refauth builds");
    assertThat(e.getMessage()).doesNotContain("s3cret-value");
    AuthException unreachable =
        assertFails(
            with(
                "provider.store",
                "jdbc",
                "provider.jdbc.url",
                "jdbc:h2:" + dir.resolve("locked") + ";IFEXISTS=TRUE",
                "provider.jdbc.user",
                "sa",
                "provider.jdbc.password",
                "s3cret-value"),
            "'provider.jdbc.url': the database cannot be reached");
    assertThat(unreachable.getMessage()).doesNotContain("s3cret-value");
  }

  private static AuthException assertFails(Map<String, String> p, String message) {
    try {
      start(p);
    } catch (AuthException e) {
      assertThat(e.getMessage()).contains(message);
      return e;
    }
    throw new AssertionError("started with " + p.keySet() + "; expected: " + message);
  }

  @Test
  void theFailureLeavesNothingOpen() {
    // an H2 file pool opened, then the mail setting fails: started again with the mail fixed, the
    // file is free
    String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_DELAY=-1";
    assertThatThrownBy(
            () ->
                start(
                    with(
                        "provider.store",
                        "jdbc",
                        "provider.jdbc.url",
                        url,
                        "provider.users",
                        "classpath:/demo-users.properties",
                        "provider.social.providers",
                        "nowhere")))
        .isInstanceOf(AuthException.class);
    start(with("provider.store", "jdbc", "provider.jdbc.url", url));
  }
}
