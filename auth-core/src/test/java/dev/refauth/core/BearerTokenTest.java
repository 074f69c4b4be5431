package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 6750 bearer syntax, checked without a regex on the hot path. */
final class BearerTokenTest {
  private static java.util.Optional<String> bearer(String header) {
    return AuthRequest.builder("GET", "/").header("Authorization", header).build().bearerToken();
  }

  @Test
  void wellFormed_accepted_malformed_refused() {
    assertThat(bearer("Bearer eyJh.eyJz.c2ln")).contains("eyJh.eyJz.c2ln");
    assertThat(bearer("bearer abc-._~+/==")).contains("abc-._~+/==");
    assertThat(bearer("Bearer ===")).isEmpty();
    assertThat(bearer("Bearer a=b")).isEmpty();
    assertThat(bearer("Bearer a b")).isEmpty();
    assertThat(bearer("Bearer ab\u00e9")).isEmpty();
    assertThat(bearer("Bearer ")).isEmpty();
    assertThat(bearer("Basic YWxhZGRpbjpvcGVuc2VzYW1l")).isEmpty();
    assertThat(AuthRequest.isB64Token("x")).isTrue();
  }

  @Test
  void computedOnce_sameAnswerEveryTime() {
    AuthRequest r = AuthRequest.builder("GET", "/").header("Authorization", "Bearer tok").build();
    assertThat(r.bearerToken()).isSameAs(r.bearerToken());
  }
}
