package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

final class TenantResolverTest {
  private static AuthRequest req(String path, String... headers) {
    AuthRequest.Builder b = AuthRequest.builder("GET", path);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  @Test
  void header() {
    TenantResolver r = TenantResolver.header();
    assertThat(r.resolve(req("/"))).isEqualTo(TenantResolver.Resolution.none());
    assertThat(r.resolve(req("/", "X-Tenant-ID", "acme")).tenant()).contains("acme");
    assertThat(r.resolve(req("/", "x-tenant-id", "acme")).tenant())
        .as("header names are case-insensitive")
        .contains("acme");
    assertThat(r.resolve(req("/", "X-Tenant-ID", "ACME")).malformed()).isTrue();
    assertThat(r.resolve(req("/", "X-Tenant-ID", "")).malformed()).isTrue();
    assertThat(r.resolve(req("/", "X-Tenant-ID", "acme", "X-Tenant-ID", "acme")).malformed())
        .isTrue();
  }

  @Test
  void subdomain() {
    TenantResolver r = TenantResolver.subdomain("app.example.com");
    assertThat(r.resolve(req("/", "Host", "acme.app.example.com:8443")).tenant()).contains("acme");
    assertThat(r.resolve(req("/", "Host", "app.example.com")).tenant()).isEmpty();
    assertThat(r.resolve(req("/", "Host", "acme.evil.example")).malformed()).isTrue();
    assertThat(r.resolve(req("/", "Host", "a.b.app.example.com")).malformed()).isTrue();
  }

  @Test
  void pathPrefix() {
    TenantResolver r = TenantResolver.pathPrefix("/t/");
    assertThat(r.resolve(req("/t/globex/posts")).tenant()).contains("globex");
    assertThat(r.resolve(req("/posts")).tenant()).isEmpty();
    assertThat(r.resolve(req("/t/Globex/posts")).malformed()).isTrue();
  }

  @Test
  void fixed() {
    assertThat(TenantResolver.fixed("acme").resolve(req("/", "X-Tenant-ID", "globex")).tenant())
        .isEqualTo(Optional.of("acme"));
    assertThatThrownBy(() -> TenantResolver.fixed("Not Valid"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
