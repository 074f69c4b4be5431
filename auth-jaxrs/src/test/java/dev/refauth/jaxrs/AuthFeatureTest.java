package dev.refauth.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.accounts.InMemoryAuthProvider;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.IdentityCache;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 200/401/403 matrix of the annotations, over HTTP, with JAX-RS alone (no servlet filter). */
final class AuthFeatureTest {
  static final InMemoryAuthProvider.Builder USERS =
      InMemoryAuthProvider.builder()
          .hasher(PasswordHasher.argon2id(1024, 1, 1))
          .secureCookies(false)
          .user(
              "admin@example.com",
              "demo-admin-pass",
              "Ada Admin",
              "admin",
              "posts:*",
              "users:manage")
          .user("user@example.com", "demo-user-pass", "Uma User", "posts:read")
          .user(
              "writer@example.com", "demo-writer-pass", "Wes Writer", "posts:read", "posts:write");
  private static CountingProvider provider;
  private static JerseyServer server;
  private static String admin;
  private static String user;
  private static String writer;

  @BeforeAll
  static void start() throws Exception {
    provider = new CountingProvider(USERS.build());
    AuthGuard guard =
        AuthGuard.builder(provider).identityCache(IdentityCache.builder().build()).build();
    server = new JerseyServer(guard, false, Map.of());
    admin = token("admin@example.com", "demo-admin-pass");
    user = token("user@example.com", "demo-user-pass");
    writer = token("writer@example.com", "demo-writer-pass");
  }

  static String token(String email, String password) {
    return (String)
        provider
            .login(
                AuthParams.of(Map.of("email", email, "password", password)),
                AuthRequest.builder("POST", "/auth/login").build())
            .data("accessToken")
            .orElseThrow();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    Resources.CALLS.set(0);
  }

  @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
  @CsvSource({
    "GET, /api/cls, nobody, 401",
    "GET, /api/cls, user, 200",
    "GET, /api/cls/open, nobody, 200",
    "GET, /api/cls/admin, user, 403",
    "GET, /api/cls/admin, admin, 200",
    "GET, /api/perm/any, user, 403",
    "GET, /api/perm/any, writer, 200",
    "GET, /api/perm/any, admin, 200",
    "GET, /api/perm/all, writer, 403",
    "GET, /api/perm/all, admin, 200",
    "GET, /api/perm/wild, writer, 403",
    "GET, /api/perm/wild, admin, 200",
    "GET, /api/perm/wild, nobody, 401",
    "GET, /api/perm/none, nobody, 200",
    "GET, /api/impl/iface, user, 403",
    "GET, /api/impl/iface, admin, 200",
    "GET, /api/sub, user, 403",
    "GET, /api/sub, admin, 200",
    "GET, /api/roles, user, 403",
    "GET, /api/roles, admin, 200",
    "GET, /api/posts, nobody, 401",
    "GET, /api/posts, user, 200",
    "POST, /api/posts, user, 403",
    "POST, /api/posts, writer, 200",
    "DELETE, /api/posts, writer, 403",
    "DELETE, /api/posts, admin, 200",
    "HEAD, /api/posts, nobody, 401",
    "HEAD, /api/posts, user, 200",
    "GET, /api/deny/forgotten, admin, 200",
  })
  void matrix(String method, String path, String who, int expected) throws Exception {
    String[] headers =
        switch (who) {
          case "admin" ->
              new String[] {"Authorization", "Bearer " + admin, "Accept", "application/json"};
          case "user" ->
              new String[] {"Authorization", "Bearer " + user, "Accept", "application/json"};
          case "writer" ->
              new String[] {"Authorization", "Bearer " + writer, "Accept", "application/json"};
          default -> new String[] {"Accept", "application/json"};
        };
    HttpResponse<String> r = server.send(method, path, headers);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
    assertThat(Resources.CALLS.get()).as("resource invoked").isEqualTo(expected == 200 ? 1 : 0);
    if (expected == 401) {
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      if (!method.equals("HEAD")) {
        assertThat(r.body()).startsWith("{\"authenticated\":false,\"redirectTo\":\"/login\"");
      }
    }
    if (expected == 403 && !path.equals("/api/roles")) {
      assertThat(r.body())
          .isEqualTo(
              "{\"error\":{\"name\":\"Forbidden\",\"message\":\"You don't have permission to perform this action\",\"statusCode\":403}}");
    }
  }

  @Test
  void forbidden_goesThroughOnError_andKeepsUserLoggedIn() throws Exception {
    int before = provider.onErrors.get();
    assertThat(server.get("/api/cls/admin", "Authorization", "Bearer " + user).statusCode())
        .isEqualTo(403);
    assertThat(provider.onErrors.get()).isEqualTo(before + 1);
    assertThat(server.get("/api/cls", "Authorization", "Bearer " + user).statusCode())
        .isEqualTo(200);
  }

  @Test
  void invalidToken_saysSo() throws Exception {
    HttpResponse<String> r =
        server.get("/api/cls", "Authorization", "Bearer not-a-token", "Accept", "application/json");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"invalid_token\"");
  }

  @Test
  void securityContext_rolesArePermissions() throws Exception {
    HttpResponse<String> r = server.get("/api/roles", "Authorization", "Bearer " + admin);
    assertThat(r.body()).isEqualTo("roles:Bearer:true");
  }

  @Test
  void currentUser_typedInjection() throws Exception {
    HttpResponse<String> r = server.get("/api/me", "Authorization", "Bearer " + writer);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("Wes Writer|writer@example.com|[posts:read, posts:write]");
    assertThat(server.get("/api/me/maybe").body()).isEqualTo("anonymous");
    assertThat(server.get("/api/me/maybe", "Authorization", "Bearer " + user).body())
        .isEqualTo("user@example.com");
  }

  @Test
  void publicMethod_stillSeesTheCallerWhenACredentialIsSent() throws Exception {
    assertThat(server.get("/api/perm/none", "Authorization", "Bearer " + user).body())
        .isEqualTo("none:user@example.com");
    assertThat(server.get("/api/perm/none").body()).isEqualTo("none:-");
  }
}
