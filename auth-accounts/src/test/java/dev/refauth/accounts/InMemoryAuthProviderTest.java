package dev.refauth.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthProviders;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.CheckResponse;
import dev.refauth.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class InMemoryAuthProviderTest {
  private static final PasswordHasher FAST = PasswordHasher.argon2id(1024, 1, 1);

  @Test
  void usersFile_fromClasspath_viaProviderLookup() {
    AuthProvider p =
        AuthProviders.load(
            InMemoryAuthProvider.class.getName(),
            AuthSettings.of(Map.of("users", "classpath:/users.properties", "tokenTtl", "15m")),
            getClass().getClassLoader());
    AuthActionResponse login =
        p.login(
            AuthParams.of(Map.of("email", " Admin@Example.com ", "password", "demo-admin-pass")),
            anon());
    assertThat(login.isSuccess()).isTrue();
    assertThat(login.data("expiresIn")).contains(900L);
    CheckResponse check = p.check(bearer(login));
    var auth = check.authentication().orElseThrow();
    assertThat(auth.identity().name()).contains("Ada Admin");
    assertThat(auth.identity().tenant()).contains("acme");
    assertThat(auth.permissions().implies("posts:delete")).isTrue();
    assertThat(auth.permissions().implies("billing:read")).isFalse();
  }

  @Test
  void settings_unknownOrMissingFailNamingIt() {
    ClassLoader cl = getClass().getClassLoader();
    assertThatThrownBy(
            () ->
                AuthProviders.load(InMemoryAuthProvider.class.getName(), AuthSettings.empty(), cl))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("'users'");
    assertThatThrownBy(
            () ->
                AuthProviders.load(
                    InMemoryAuthProvider.class.getName(),
                    AuthSettings.of(
                        Map.of("users", "classpath:/users.properties", "tokenTTL", "1h")),
                    cl))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("'tokenTTL'");
    assertThatThrownBy(
            () ->
                AuthProviders.load(
                    InMemoryAuthProvider.class.getName(),
                    AuthSettings.of(Map.of("users", "/no/such/file")),
                    cl))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("'users'");
  }

  @Test
  void token_expiresWithTheClock() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    InMemoryAuthProvider p =
        InMemoryAuthProvider.builder()
            .hasher(FAST)
            .clock(clock)
            .tokenTtl(Duration.ofMinutes(10))
            .user("u@x.io", "password-1", "U")
            .build();
    AuthActionResponse login =
        p.login(AuthParams.of(Map.of("email", "u@x.io", "password", "password-1")), anon());
    AuthRequest r = bearer(login);
    clock.advance(Duration.ofMinutes(9));
    assertThat(p.check(r).isAuthenticated()).isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThat(p.check(r).isAuthenticated()).isFalse();
  }

  @Test
  void cookie_worksLikeBearer_andIsHttpOnly() {
    InMemoryAuthProvider p =
        InMemoryAuthProvider.builder().hasher(FAST).user("u@x.io", "password-1", "U").build();
    AuthActionResponse login =
        p.login(AuthParams.of(Map.of("email", "u@x.io", "password", "password-1")), anon());
    var cookie = login.effects().cookies().get(0);
    assertThat(cookie.name()).isEqualTo(InMemoryAuthProvider.COOKIE);
    assertThat(cookie.httpOnly()).isTrue();
    assertThat(cookie.secure()).isTrue();
    AuthRequest withCookie =
        AuthRequest.builder("GET", "/").cookie(cookie.name(), cookie.value()).build();
    assertThat(p.check(withCookie).authentication().orElseThrow().scheme()).isEqualTo("Session");
    AuthRequest twoCookies =
        AuthRequest.builder("GET", "/")
            .cookie(cookie.name(), cookie.value())
            .cookie(cookie.name(), "other")
            .build();
    assertThat(p.check(twoCookies).isAuthenticated()).isFalse();
  }

  @Test
  void hashes_areStoredNotPlainPasswords() {
    String hash = FAST.hash("s3cret-pass");
    InMemoryAuthProvider p =
        InMemoryAuthProvider.builder()
            .hasher(FAST)
            .usersFile("a@b.c = " + hash + " | A | admin")
            .build();
    assertThat(
            p.login(AuthParams.of(Map.of("email", "a@b.c", "password", "s3cret-pass")), anon())
                .isSuccess())
        .isTrue();
    assertThat(
            p.login(AuthParams.of(Map.of("email", "a@b.c", "password", hash)), anon()).isSuccess())
        .isFalse();
  }

  @Test
  void duplicateUser_isAnError() {
    assertThatThrownBy(
            () ->
                InMemoryAuthProvider.builder()
                    .hasher(FAST)
                    .user("a@b.c", "p1", "A")
                    .user("A@B.C", "p2", "B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a@b.c");
  }

  private static AuthRequest anon() {
    return AuthRequest.builder("POST", "/auth/login").build();
  }

  private static AuthRequest bearer(AuthActionResponse login) {
    return AuthRequest.builder("GET", "/")
        .header("Authorization", "Bearer " + login.data("accessToken").orElseThrow())
        .build();
  }
}
