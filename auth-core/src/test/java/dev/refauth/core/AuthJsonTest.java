package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.core.internal.AuthJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON shapes, field by field, against Refine's types in the reference. */
final class AuthJsonTest {
  private static final ObjectMapper M = new ObjectMapper();

  private static JsonNode tree(String json) throws Exception {
    return M.readTree(json);
  }

  private static List<String> fields(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void actionResponse_success() throws Exception {
    JsonNode n =
        tree(
            AuthJson.toJson(
                AuthActionResponse.success("/")
                    .withSuccessNotification(Notification.of("Login successful", "Welcome back!"))
                    .with("accessToken", "abc")
                    .with("expiresIn", 900)));
    assertThat(fields(n))
        .containsExactly(
            "success", "redirectTo", "successNotification", "accessToken", "expiresIn");
    assertThat(n.get("success").isBoolean()).isTrue();
    assertThat(n.get("success").booleanValue()).isTrue();
    assertThat(n.get("redirectTo").textValue()).isEqualTo("/");
    assertThat(fields(n.get("successNotification"))).containsExactly("message", "description");
    assertThat(n.get("successNotification").get("message").textValue())
        .isEqualTo("Login successful");
    assertThat(n.get("successNotification").get("description").textValue())
        .isEqualTo("Welcome back!");
    assertThat(n.get("accessToken").textValue()).isEqualTo("abc");
    assertThat(n.get("expiresIn").intValue()).isEqualTo(900);
  }

  @Test
  void actionResponse_failure() throws Exception {
    JsonNode n = tree(AuthJson.toJson(AuthActionResponse.failure(AuthError.invalidCredentials())));
    assertThat(fields(n)).containsExactly("success", "error", "message");
    assertThat(n.get("success").booleanValue()).isFalse();
    assertThat(fields(n.get("error"))).containsExactly("name", "message", "statusCode");
    assertThat(n.get("error").get("name").textValue()).isEqualTo("LoginError");
    assertThat(n.get("error").get("message").textValue()).isEqualTo("Invalid email or password");
    assertThat(n.get("error").get("statusCode").intValue()).isEqualTo(401);
    assertThat(n.get("message").textValue()).isEqualTo("Invalid email or password");
  }

  @Test
  void actionResponse_minimal() throws Exception {
    assertThat(AuthJson.toJson(AuthActionResponse.success())).isEqualTo("{\"success\":true}");
  }

  @Test
  void checkResponse_shapes() throws Exception {
    assertThat(AuthJson.toJson(CheckResponse.authenticated()))
        .isEqualTo("{\"authenticated\":true}");
    JsonNode n =
        tree(
            AuthJson.toJson(
                CheckResponse.unauthenticated("/login")
                    .withLogout(true)
                    .withError(AuthError.unauthorized())));
    assertThat(fields(n)).containsExactly("authenticated", "redirectTo", "logout", "error");
    assertThat(n.get("authenticated").booleanValue()).isFalse();
    assertThat(n.get("redirectTo").textValue()).isEqualTo("/login");
    assertThat(n.get("logout").booleanValue()).isTrue();
    assertThat(n.get("error").get("name").textValue()).isEqualTo("Unauthorized");
  }

  @Test
  void checkResponse_authenticationIsNotSerialized() {
    String json =
        AuthJson.toJson(
            CheckResponse.authenticated(
                Authentication.of(Identity.of("u1"), Permissions.of("admin"))));
    assertThat(json).isEqualTo("{\"authenticated\":true}");
  }

  @Test
  void onErrorResponse_shapes() throws Exception {
    assertThat(AuthJson.toJson(OnErrorResponse.none())).isEqualTo("{}");
    JsonNode n =
        tree(AuthJson.toJson(OnErrorResponse.logout("/login").withError(AuthError.unauthorized())));
    assertThat(fields(n)).containsExactly("redirectTo", "logout", "error");
    assertThat(n.get("logout").booleanValue()).isTrue();
    JsonNode forbidden = tree(AuthJson.toJson(OnErrorResponse.of(AuthError.forbidden())));
    assertThat(fields(forbidden)).containsExactly("error");
    assertThat(forbidden.get("error").get("statusCode").intValue()).isEqualTo(403);
  }

  @Test
  void identity_shape() throws Exception {
    Identity id =
        Identity.builder("u1")
            .name("Ada Admin")
            .email("admin@example.com")
            .avatar("/a.png")
            .tenant("acme")
            .attribute("role", "admin")
            .build();
    JsonNode n = tree(AuthJson.toJson(id));
    assertThat(fields(n)).containsExactly("id", "name", "email", "avatar", "tenant", "role");
    assertThat(n.get("name").textValue()).isEqualTo("Ada Admin");
    assertThat(AuthJson.toJson(Identity.of("x"))).isEqualTo("{\"id\":\"x\"}");
  }

  @Test
  void permissions_areAnArray() {
    assertThat(AuthJson.toJson(Permissions.of("admin", "posts:*")))
        .isEqualTo("[\"admin\",\"posts:*\"]");
    assertThat(AuthJson.toJson(Permissions.none())).isEqualTo("[]");
  }

  @Test
  void readParams_object() {
    AuthParams p =
        AuthJson.readParams(
                "{\"email\":\"a@b.c\",\"password\":\"pw\",\"remember\":true,\"extra\":{\"x\":1}}"
                    .getBytes(StandardCharsets.UTF_8))
            .orElseThrow();
    assertThat(p.email()).contains("a@b.c");
    assertThat(p.password()).contains("pw");
    assertThat(p.remember()).isTrue();
    assertThat(p.get("extra")).contains(Map.of("x", 1));
    assertThat(p.toString()).doesNotContain("pw");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "null",
        "[]",
        "\"x\"",
        "42",
        "{",
        "{\"a\":1}{}",
        "{\"a\":1,\"a\":2}",
        "{'a':1}",
        "{\"a\":NaN}"
      })
  void readParams_malformed(String body) {
    assertThat(AuthJson.readParams(body.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void readParams_deepNesting() {
    String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertThat(AuthJson.readParams(deep.getBytes(StandardCharsets.UTF_8))).isEmpty();
    String ok = "{\"a\":" + "[".repeat(10) + "]".repeat(10) + "}";
    assertThat(AuthJson.readParams(ok.getBytes(StandardCharsets.UTF_8))).isPresent();
  }

  @Test
  void readParams_invalidUtf8() {
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThat(AuthJson.readParams(bad)).isEmpty();
  }

  /** The application's own user type, as useGetIdentity&lt;User&gt;() reads it. */
  public static final class User {
    public String id;
    public String name;
    public String email;
  }

  @Test
  void identity_asTypedUser() {
    Identity id =
        Identity.builder("u1").name("Ada").email("a@x").attribute("role", "admin").build();
    User u = id.as(User.class);
    assertThat(u.id).isEqualTo("u1");
    assertThat(u.name).isEqualTo("Ada");
    User attached = new User();
    assertThat(Identity.builder("u2").user(attached).build().as(User.class)).isSameAs(attached);
  }
}
