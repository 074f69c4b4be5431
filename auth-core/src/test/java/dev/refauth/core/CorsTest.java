package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.adapter.HttpReply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class CorsTest {
  private static final Cors CORS =
      Cors.of(
          List.of("http://localhost:5173", "https://Admin.Example.com:443"),
          Cors.DEFAULT_ALLOWED_HEADERS,
          Cors.DEFAULT_EXPOSED_HEADERS,
          Duration.ofMinutes(10));

  private static AuthRequest req(String method, String... headers) {
    AuthRequest.Builder b = AuthRequest.builder(method, "/api/posts");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  @Test
  void origins_normalizedAsBrowsersWriteThem() {
    assertThat(Cors.normalizeOrigin("HTTPS://Admin.Example.com:443"))
        .isEqualTo("https://admin.example.com");
    assertThat(Cors.normalizeOrigin("http://localhost:80")).isEqualTo("http://localhost");
    assertThat(Cors.normalizeOrigin("https://app.example.com/"))
        .as("a trailing slash is forgiven")
        .isEqualTo("https://app.example.com");
    assertThat(Cors.normalizeOrigin("http://[::1]:5173")).isEqualTo("http://[::1]:5173");
    assertThat(CORS.origins())
        .containsExactlyInAnyOrder("http://localhost:5173", "https://admin.example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*",
        "https://*.example.com",
        "null",
        "https://app.example.com/path",
        "https://app.example.com?x",
        "ftp://app.example.com",
        "app.example.com",
        "https://user@app.example.com",
        "https://"
      })
  void notAnOrigin_refusedNamingIt(String origin) {
    assertThatThrownBy(() -> Cors.normalizeOrigin(origin))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(origin);
  }

  @Test
  void preflight_allowedOrigin_204WithTheHeaders() {
    HttpReply r =
        CORS.preflight(
                req(
                    "OPTIONS",
                    "Origin",
                    "http://localhost:5173",
                    "Access-Control-Request-Method",
                    "POST",
                    "Access-Control-Request-Headers",
                    "authorization,content-type,x-tenant-id"))
            .orElseThrow();
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.headers())
        .containsEntry("Access-Control-Allow-Origin", "http://localhost:5173")
        .containsEntry("Access-Control-Allow-Credentials", "true")
        .containsEntry("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE")
        .containsEntry(
            "Access-Control-Allow-Headers",
            "Authorization, Content-Type, X-Tenant-ID, X-CSRF-Token, X-Requested-With")
        .containsEntry("Access-Control-Max-Age", "600");
    assertThat(r.headers().get("Vary")).contains("Origin");
  }

  @Test
  void preflight_otherOrigin_orMethod_orHeader_403WithoutAllowance() {
    for (AuthRequest r :
        List.of(
            req(
                "OPTIONS",
                "Origin",
                "https://evil.example",
                "Access-Control-Request-Method",
                "POST"),
            req(
                "OPTIONS",
                "Origin",
                "http://localhost:5174",
                "Access-Control-Request-Method",
                "POST"),
            req("OPTIONS", "Origin", "null", "Access-Control-Request-Method", "POST"),
            req(
                "OPTIONS",
                "Origin",
                "http://localhost:5173",
                "Access-Control-Request-Method",
                "TRACE"),
            req(
                "OPTIONS",
                "Origin",
                "http://localhost:5173",
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "x-evil"))) {
      HttpReply reply = CORS.preflight(r).orElseThrow();
      assertThat(reply.status()).as(r.headerNames().toString()).isEqualTo(403);
      assertThat(reply.headers().keySet()).noneMatch(h -> h.startsWith("Access-Control-"));
    }
  }

  @Test
  void twoOriginHeaders_neverAllowed_evenIfOneIs() {
    HttpReply preflight =
        CORS.preflight(
                req(
                    "OPTIONS",
                    "Origin",
                    "http://localhost:5173",
                    "Origin",
                    "https://evil.example",
                    "Access-Control-Request-Method",
                    "POST"))
            .orElseThrow();
    assertThat(preflight.status()).isEqualTo(403);
    assertThat(preflight.json())
        .as("a body: the container would drop Vary from an error page")
        .isPresent();
    assertThat(preflight.headers().get("Vary")).contains("Origin");
    assertThat(
            CORS.headers(
                    req("GET", "Origin", "http://localhost:5173", "Origin", "https://evil.example"))
                .headers())
        .containsOnlyKeys("Vary");
  }

  @Test
  void notAPreflight_orCorsOff_nothingToAnswer() {
    assertThat(CORS.preflight(req("OPTIONS", "Origin", "http://localhost:5173")))
        .as("no requested method")
        .isEmpty();
    assertThat(
            CORS.preflight(
                req(
                    "POST",
                    "Origin",
                    "http://localhost:5173",
                    "Access-Control-Request-Method",
                    "POST")))
        .isEmpty();
    assertThat(
            Cors.off()
                .preflight(
                    req(
                        "OPTIONS",
                        "Origin",
                        "http://localhost:5173",
                        "Access-Control-Request-Method",
                        "POST")))
        .isEmpty();
    assertThat(Cors.off().headers(req("GET", "Origin", "http://localhost:5173")).isEmpty())
        .isTrue();
  }

  @Test
  void actualRequest_allowanceForAllowedOriginsOnly_varyAlways() {
    ResponseEffects allowed = CORS.headers(req("GET", "Origin", "https://admin.example.com"));
    assertThat(allowed.headers())
        .containsEntry("Access-Control-Allow-Origin", "https://admin.example.com")
        .containsEntry("Access-Control-Allow-Credentials", "true")
        .containsEntry("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After")
        .containsEntry("Vary", "Origin");
    assertThat(CORS.headers(req("GET", "Origin", "https://evil.example")).headers())
        .containsOnlyKeys("Vary");
    assertThat(CORS.headers(req("GET")).headers())
        .as("no Origin: a cache must still keep them apart")
        .containsOnlyKeys("Vary");
  }

  @Test
  void wildcard_orBadHeaderNames_refused() {
    assertThatThrownBy(() -> Cors.of(List.of("*"), List.of(), List.of(), Duration.ZERO))
        .hasMessageContaining("no wildcard");
    assertThatThrownBy(
            () -> Cors.of(List.of("https://a.example"), List.of("X Bad"), List.of(), Duration.ZERO))
        .hasMessageContaining("X Bad");
  }
}
