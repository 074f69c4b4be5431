package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ValuesTest {

  @Test
  void actionResponse_reservedDataKeysRefused() {
    assertThatThrownBy(() -> AuthActionResponse.success().with("success", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthActionResponse.success().with("error", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AuthActionResponse.success().with("token", "t").data("token")).contains("t");
  }

  @Test
  void actionResponse_toStringHidesData() {
    assertThat(AuthActionResponse.success().with("accessToken", "secret-token").toString())
        .doesNotContain("secret-token");
  }

  @Test
  void unsupported_isA501Failure() {
    AuthActionResponse r = AuthActionResponse.unsupported("register");
    assertThat(r.isSuccess()).isFalse();
    assertThat(r.error().orElseThrow().status()).hasValue(501);
    assertThat(r.error().orElseThrow().name()).isEqualTo("NotSupported");
  }

  @Test
  void cookie_header() {
    assertThat(ResponseCookie.of("sid", "abc").toSetCookieHeader())
        .isEqualTo("sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax");
    assertThat(ResponseCookie.clear("sid").toSetCookieHeader())
        .isEqualTo(
            "sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Lax");
    assertThat(
            ResponseCookie.of("r", "x")
                .withPath("/auth/refresh")
                .withSameSite(ResponseCookie.SameSite.STRICT)
                .withMaxAge(Duration.ofDays(1))
                .toSetCookieHeader())
        .isEqualTo("r=x; Path=/auth/refresh; Max-Age=86400; Secure; HttpOnly; SameSite=Strict");
    assertThat(ResponseCookie.of("sid", "secret").toString()).doesNotContain("secret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a;b", "a b", "a\r\nSet-Cookie: x=y", "a,b", "\"q\""})
  void cookie_injectionRefused(String value) {
    assertThatThrownBy(() -> ResponseCookie.of("sid", value))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cookie_prefixRules() {
    assertThatThrownBy(() -> ResponseCookie.of("__Host-sid", "x").withSecure(false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResponseCookie.of("__Host-sid", "x").withPath("/auth"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ResponseCookie.of("__Host-sid", "x").secure()).isTrue();
  }

  @Test
  void effects_headerInjectionRefused() {
    assertThatThrownBy(() -> ResponseEffects.none().withHeader("X-A", "a\r\nX-B: b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResponseEffects.none().withHeader("Set-Cookie", "a=b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ResponseEffects.none().withHeader("X-A", "1").withHeader("x-a", "2").headers())
        .isEqualTo(Map.of("x-a", "2"));
  }

  @Test
  void request_bearerToken() {
    assertThat(req("Authorization", "Bearer abc.def-ghi_j~k+l/m==").bearerToken())
        .contains("abc.def-ghi_j~k+l/m==");
    assertThat(req("Authorization", "bearer abc").bearerToken()).contains("abc");
    assertThat(req("Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l").bearerToken()).isEmpty();
    assertThat(req("Authorization", "Bearer ").bearerToken()).isEmpty();
    assertThat(req("Authorization", "Bearer a b").bearerToken()).isEmpty();
    assertThat(req("Authorization", "Bearer a\"b").bearerToken()).isEmpty();
    AuthRequest two =
        AuthRequest.builder("GET", "/")
            .header("Authorization", "Bearer a")
            .header("authorization", "Bearer b")
            .build();
    assertThat(two.bearerToken()).isEmpty();
    assertThat(two.hasAuthorization()).isTrue();
  }

  @Test
  void request_headers_caseInsensitive_spellingsMerged_namesAsSent() {
    AuthRequest r =
        AuthRequest.builder("GET", "/")
            .header("X-Tenant-ID", "acme")
            .header("Accept", "text/html")
            .header("x-tenant-id", "globex")
            .header("AUTHORIZATION", "Bearer t")
            .build();
    assertThat(r.headers("x-TENANT-id")).containsExactly("acme", "globex");
    assertThat(r.header("accept")).contains("text/html");
    assertThat(r.header("Authorization")).contains("Bearer t");
    assertThat(r.bearerToken()).contains("t");
    assertThat(r.header("Origin")).isEmpty();
    assertThat(r.headers("Origin")).isEmpty();
    assertThat(r.headerNames()).containsExactly("X-Tenant-ID", "Accept", "AUTHORIZATION");
    AuthRequest copy = r.withFormCsrfToken("c").withTenant("acme");
    assertThat(copy.headerNames()).isEqualTo(r.headerNames());
    assertThat(copy.headers("X-Tenant-Id")).containsExactly("acme", "globex");
    assertThat(copy.csrfToken()).contains("c");
    assertThat(copy.tenant()).contains("acme");
    assertThat(r.csrfToken()).as("the original unchanged").isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.headers("Accept").add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void request_queryParams() {
    AuthRequest r =
        AuthRequest.builder("GET", "/login").query("to=%2Fposts%3Fa%3D1&x=1&bad=%zz").build();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(AuthRequest.builder("get", "/").build().method())
        .as("methods are case-sensitive: as sent")
        .isEqualTo("get");
    assertThat(r.queryParam("to")).contains("/posts?a=1");
    assertThat(r.queryParam("bad")).isEmpty();
    assertThat(r.pathAndQuery()).isEqualTo("/login?to=%2Fposts%3Fa%3D1&x=1&bad=%zz");
    assertThat(r.header("X-MISSING")).isEmpty();
  }

  @Test
  void request_toStringHidesCredentials() {
    assertThat(req("Authorization", "Bearer supersecret").toString()).doesNotContain("supersecret");
  }

  @Test
  void settings_typedAndStrict() {
    AuthSettings s =
        AuthSettings.of(
            Map.of("a", " true ", "n", "5", "d", "15m", "l", "x, y z", "provider.users", "f"));
    assertThat(s.bool("a", false)).isTrue();
    assertThat(s.integer("n", 0, 1, 10)).isEqualTo(5);
    assertThat(s.duration("d", Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.list("l")).containsExactly("x", "y", "z");
    assertThat(s.subset("provider.").require("users")).isEqualTo("f");
    assertThatThrownBy(() -> AuthSettings.of(Map.of("a", "yes")).bool("a", false))
        .hasMessageContaining("'a'")
        .hasMessageContaining("true or false");
    assertThatThrownBy(() -> AuthSettings.of(Map.of("n", "50")).integer("n", 0, 1, 10))
        .hasMessageContaining("'n'");
    assertThatThrownBy(() -> AuthSettings.of(Map.of("d", "soon")).duration("d", Duration.ZERO))
        .hasMessageContaining("'d'");
    s.requireOnly(Set.of("a", "n", "d", "l"), "provider.");
    assertThatThrownBy(() -> s.requireOnly(Set.of("a", "n", "d"), "provider."))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("'l'");
    assertThatThrownBy(() -> s.subset("provider.").require("missing"))
        .hasMessageContaining("'provider.missing'");
  }

  @Test
  void settings_secretValuesNeverInMessages() {
    assertThatThrownBy(
            () -> AuthSettings.of(Map.of("jwtSecret", "hunter2")).bool("jwtSecret", false))
        .hasMessageNotContaining("hunter2");
  }

  private static AuthRequest req(String header, String value) {
    return AuthRequest.builder("GET", "/").header(header, value).build();
  }
}
