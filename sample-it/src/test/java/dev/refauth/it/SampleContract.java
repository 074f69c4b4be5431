package dev.refauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What the deployed sample must do on any server: pages, the /auth API, the JAX-RS resources with their
 * permissions, the filter's browser and API answers. Each server's IT extends it.
 */
abstract class SampleContract {

  abstract SampleClient client();

  @Test
  void loginPage_andAssets_public() throws Exception {
    HttpResponse<String> login = client().page("/login");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body())
        .contains("action=\"")
        .contains("/auth/login\"")
        .contains("name=\"_csrf\"");
    assertThat(client().page("/register").statusCode()).isEqualTo(200);
    assertThat(client().get("/assets/style.css").statusCode()).isEqualTo(200);
  }

  @Test
  void deepLink_whileLoggedOut_redirectsToLoginWithTheTarget_apiGets401Json() throws Exception {
    HttpResponse<String> page = client().page("/admin");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login?to=%2Fadmin");
    HttpResponse<String> api = client().get("/api/posts");
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.body()).contains("\"authenticated\":false");
  }

  @Test
  void posts_readWriteDelete_byPermission() throws Exception {
    String user = client().token("user@example.com", "demo-user-pass");
    String admin = client().token("admin@example.com", "demo-admin-pass");
    assertThat(client().get("/api/posts", "Authorization", "Bearer " + user).statusCode())
        .isEqualTo(200);
    assertThat(
            client()
                .postJson("/api/posts", "{\"title\":\"x\"}", "Authorization", "Bearer " + user)
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> created =
        client()
            .postJson(
                "/api/posts", "{\"title\":\"From the IT\"}", "Authorization", "Bearer " + admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  @Test
  void adminUsers_needsUsersManage_andListsOnlyTheCallersTenant() throws Exception {
    String user = client().token("user@example.com", "demo-user-pass");
    String admin = client().token("admin@example.com", "demo-admin-pass");
    assertThat(client().get("/api/admin/users", "Authorization", "Bearer " + user).statusCode())
        .isEqualTo(403);
    HttpResponse<String> list =
        client().get("/api/admin/users", "Authorization", "Bearer " + admin);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body())
        .contains("admin@example.com", "user@example.com")
        .doesNotContain("globex")
        .doesNotContain("argon2");
  }

  @Test
  void secondFactor_enrolThenSignInInTwoSteps_overHttp() throws Exception {
    String email = "two-steps-" + System.nanoTime() + "@example.com";
    String password = "a-long-passphrase-2fa";
    register(email, password);
    String bearer = "Bearer " + client().token(email, password);
    String begun =
        client()
            .postJson(
                "/auth/second-factor",
                "{\"action\":\"begin-totp\",\"password\":\"" + password + "\"}",
                "Authorization",
                bearer)
            .body();
    String secret = begun.replaceAll(".*\"secret\":\"([A-Z2-7]+)\".*", "$1");
    long step = System.currentTimeMillis() / 30_000;
    if (System.currentTimeMillis() % 30_000 > 20_000) {
      Thread.sleep(30_000 - System.currentTimeMillis() % 30_000 + 200); // three steps in the window
      step = System.currentTimeMillis() / 30_000;
    }
    HttpResponse<String> confirmed =
        client()
            .postJson(
                "/auth/second-factor",
                "{\"action\":\"confirm-totp\",\"code\":\"" + code(secret, step - 1) + "\"}",
                "Authorization",
                bearer);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    assertThat(confirmed.body()).contains("recoveryCodes");

    HttpResponse<String> first =
        client()
            .postJson(
                "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    assertThat(first.statusCode()).isEqualTo(401);
    assertThat(first.body())
        .contains("\"SecondFactorRequired\"", "\"redirectTo\":\"/login/second-factor\"")
        .doesNotContain("accessToken");
    String pending =
        first.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("refauth_mfa="))
            .findFirst()
            .orElseThrow()
            .split(";")[0];
    String answer = "{\"code\":\"" + code(secret, step) + "\"}";
    assertThat(client().postJson("/auth/login", answer).statusCode())
        .as("without the pending cookie")
        .isEqualTo(401);
    HttpResponse<String> second = client().postJson("/auth/login", answer, "Cookie", pending);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(second.body()).contains("accessToken");
    assertThat(
            client()
                .postJson(
                    "/auth/login",
                    "{\"code\":\"" + code(secret, step + 1) + "\"}",
                    "Cookie",
                    pending)
                .statusCode())
        .as("the pending sign-in, once")
        .isEqualTo(401);
    String token = second.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
    assertThat(client().get("/auth/me", "Authorization", "Bearer " + token).body())
        .contains("\"secondFactor\":true");
  }

  /** A new account of acme (open to registration). */
  private void register(String email, String password) throws Exception {
    assertThat(
            client()
                .postJson(
                    "/auth/register",
                    "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                .statusCode())
        .isEqualTo(200);
  }

  /** The id of an account of acme, as the demo administrator lists them. */
  private String idOf(String adminBearer, String email) throws Exception {
    String list = client().get("/api/admin/users", "Authorization", adminBearer).body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "\\{\"id\":\"([^\"]+)\",\"email\":\"" + java.util.regex.Pattern.quote(email) + "\"")
            .matcher(list);
    assertThat(m.find()).as(email + " in " + list).isTrue();
    return m.group(1);
  }

  @Test
  void stepUp_aSensitiveCallNeedsARecentSecondFactor_overHttp() throws Exception {
    long n = System.nanoTime();
    String manager = "step-up-" + n + "@example.com";
    String member = "step-up-member-" + n + "@example.com";
    String password = "a-long-passphrase-step";
    register(manager, password);
    register(member, password);
    String admin = client().operator();
    assertThat(
            client()
                .put(
                    "/api/admin/users/" + idOf(admin, manager) + "/permissions",
                    "[\"posts:read\", \"users:manage\"]",
                    "Authorization",
                    admin)
                .statusCode())
        .isEqualTo(204);
    String statusPath = "/api/admin/users/" + idOf(admin, member) + "/status";
    String suspend = "{\"status\":\"DISABLED\"}";
    String bearer = "Bearer " + client().token(manager, password);
    HttpResponse<String> noFactor = client().put(statusPath, suspend, "Authorization", bearer);
    assertThat(noFactor.statusCode()).isEqualTo(403);
    assertThat(noFactor.body())
        .contains("SecondFactorEnrolmentRequired", "\"redirectTo\":\"/account/security\"");

    String secret =
        client()
            .postJson(
                "/auth/second-factor",
                "{\"action\":\"begin-totp\",\"password\":\"" + password + "\"}",
                "Authorization",
                bearer)
            .body()
            .replaceAll(".*\"secret\":\"([A-Z2-7]+)\".*", "$1");
    if (System.currentTimeMillis() % 30_000 > 20_000) {
      Thread.sleep(30_000 - System.currentTimeMillis() % 30_000 + 200); // three steps in the window
    }
    long step = System.currentTimeMillis() / 30_000;
    assertThat(
            client()
                .postJson(
                    "/auth/second-factor",
                    "{\"action\":\"confirm-totp\",\"code\":\"" + code(secret, step - 1) + "\"}",
                    "Authorization",
                    bearer)
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> pwdOnly = client().put(statusPath, suspend, "Authorization", bearer);
    assertThat(pwdOnly.statusCode()).isEqualTo(403);
    assertThat(pwdOnly.body())
        .contains("StepUpRequired", "\"redirectTo\":\"/login/second-factor?stepUp=true\"");
    assertThat(pwdOnly.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("insufficient_user_authentication", "max_age=\"600\"");

    HttpResponse<String> challenge =
        client().postJson("/auth/login", "{\"stepUp\":true}", "Authorization", bearer);
    assertThat(challenge.statusCode()).isEqualTo(401);
    assertThat(challenge.body()).contains("SecondFactorRequired");
    String pending =
        challenge.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("refauth_mfa="))
            .findFirst()
            .orElseThrow()
            .split(";")[0];
    HttpResponse<String> stepped =
        client()
            .postJson(
                "/auth/login", "{\"code\":\"" + code(secret, step) + "\"}", "Cookie", pending);
    assertThat(stepped.statusCode()).as(stepped.body()).isEqualTo(200);
    String fresh = "Bearer " + stepped.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
    assertThat(client().put(statusPath, suspend, "Authorization", bearer).statusCode())
        .as("the older token, again")
        .isEqualTo(403);
    assertThat(client().put(statusPath, suspend, "Authorization", fresh).statusCode())
        .isEqualTo(204);
    assertThat(
            client()
                .postJson(
                    "/auth/login",
                    "{\"email\":\"" + member + "\",\"password\":\"" + password + "\"}")
                .statusCode())
        .as("the member is suspended")
        .isEqualTo(401);
  }

  /** A code from an independent TOTP implementation (samstevens'). */
  private static String code(String secret, long step) throws Exception {
    return new dev.samstevens.totp.code.DefaultCodeGenerator().generate(secret, step);
  }

  /** Whether this server lets the sample's OpenTelemetry SDK start (Payara loads its own, older API first). */
  boolean exportsMetrics() {
    return true;
  }

  @Test
  void securityEvents_forAuditReadInTheCallersTenantOnly_andMetricsForMetricsRead()
      throws Exception {
    String tag = "it-" + Long.toHexString(System.nanoTime());
    HttpResponse<String> failed =
        client()
            .postJson(
                "/auth/login",
                "{\"email\":\"admin@example.com\",\"password\":\"not-the-password\"}",
                "X-Request-Id",
                tag);
    assertThat(failed.statusCode()).isEqualTo(401);
    String admin = client().token("admin@example.com", "demo-admin-pass");
    String user = client().token("user@example.com", "demo-user-pass");
    HttpResponse<String> gil =
        client()
            .postJson(
                "/auth/login",
                "{\"email\":\"admin@globex.example\",\"password\":\"demo-globex-pass\","
                    + "\"tenantId\":\"globex\"}");
    assertThat(gil.statusCode()).as(gil.body()).isEqualTo(200);
    String globex = gil.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");

    HttpResponse<String> events =
        client().get("/api/admin/events?type=authn_login_fail", "Authorization", "Bearer " + admin);
    assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
    assertThat(events.body()).contains(tag).doesNotContain("not-the-password", "admin@example.com");
    HttpResponse<String> counts =
        client().get("/api/admin/events/counts?hours=2", "Authorization", "Bearer " + admin);
    assertThat(counts.statusCode()).isEqualTo(200);
    assertThat(counts.body()).contains("\"failures\":");
    HttpResponse<String> theirs =
        client().get("/api/admin/events?tenant=acme", "Authorization", "Bearer " + globex);
    assertThat(theirs.statusCode()).as("the control: globex's admin reads globex's").isEqualTo(200);
    assertThat(theirs.body()).doesNotContain(tag);
    assertThat(client().get("/api/admin/events", "Authorization", "Bearer " + user).statusCode())
        .isEqualTo(403);
    assertThat(client().get("/api/admin/events").statusCode()).isEqualTo(401);

    HttpResponse<String> metrics = client().get("/metrics", "Authorization", "Bearer " + admin);
    if (exportsMetrics()) {
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("refauth_sign_ins_total{");
    } else {
      assertThat(metrics.statusCode()).as("off, said so, the application up").isEqualTo(503);
    }
    assertThat(client().get("/metrics", "Authorization", "Bearer " + user).statusCode())
        .isEqualTo(403);
  }

  @Test
  void me_andLogout() throws Exception {
    String token = client().token("admin@example.com", "demo-admin-pass");
    HttpResponse<String> me = client().get("/auth/me", "Authorization", "Bearer " + token);
    assertThat(me.body()).contains("\"name\":\"Ada Admin\"", "\"tenant\":\"acme\"");
    assertThat(
            client()
                .postJson("/auth/logout", "{}", "Authorization", "Bearer " + token)
                .statusCode())
        .isEqualTo(200);
    assertThat(client().get("/auth/me", "Authorization", "Bearer " + token).statusCode())
        .isEqualTo(401);
  }

  @Test
  void setPermissions_badBodies400_otherTenant404_withoutUsersManageOrSecondFactor403_validOne204()
      throws Exception {
    String admin = client().token("admin@example.com", "demo-admin-pass");
    String operator = client().operator();
    String user = client().token("user@example.com", "demo-user-pass");
    String list = client().get("/api/admin/users", "Authorization", "Bearer " + admin).body();
    String userId =
        list.replaceAll(".*\"id\":\"([^\"]+)\",\"email\":\"user@example\\.com\".*", "$1");
    try {
      for (String bad : new String[] {"[null]", "{}", "[\"bad perm!\"]", "not json", "[1]"}) {
        HttpResponse<String> r =
            client()
                .put("/api/admin/users/" + userId + "/permissions", bad, "Authorization", operator);
        assertThat(r.statusCode()).as(bad).isEqualTo(400);
      }
    } finally { // whatever a failure left behind, Uma keeps exactly what the demo gives her
      client()
          .put(
              "/api/admin/users/" + userId + "/permissions",
              "[\"posts:read\"]",
              "Authorization",
              operator);
    }
    assertThat(
            client()
                .put("/api/admin/users/no-such-id/permissions", "[]", "Authorization", operator)
                .statusCode())
        .isEqualTo(404);
    assertThat(
            client()
                .put(
                    "/api/admin/users/" + userId + "/permissions",
                    "[]",
                    "Authorization",
                    "Bearer " + user)
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> passwordOnly =
        client()
            .put(
                "/api/admin/users/" + userId + "/permissions",
                "[]",
                "Authorization",
                "Bearer " + admin);
    assertThat(passwordOnly.statusCode()).isEqualTo(403);
    assertThat(passwordOnly.body())
        .as("a manager without a recent second factor")
        .contains("SecondFactorEnrolmentRequired");
    assertThat(client().get("/api/posts", "Authorization", "Bearer " + user).statusCode())
        .as("nothing changed")
        .isEqualTo(200);
    assertThat(
            client()
                .put(
                    "/api/admin/users/" + userId + "/permissions",
                    "[\"posts:read\"]",
                    "Authorization",
                    operator)
                .statusCode())
        .isEqualTo(204);
  }

  /**
   * A subset of the hostile suite ({@code sample-launcher}'s {@code HostileSuiteTest}, which attacks the sample in
   * embedded Jetty in depth), here on every server, each attack beside its control: forged tokens, path tricks,
   * a cross-site request riding on the session cookie, an open redirect, malformed and oversized bodies.
   */
  @Test
  void hostileSubset_sameAnswersOnEveryServer() throws Exception {
    String user = client().token("user@example.com", "demo-user-pass");
    assertThat(client().get("/api/posts", "Authorization", "Bearer " + user).statusCode())
        .as("control")
        .isEqualTo(200);
    String[] parts = user.split("\\.");
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String payload =
        new String(
            java.util.Base64.getUrlDecoder().decode(parts[1]),
            java.nio.charset.StandardCharsets.UTF_8);
    for (String forged :
        new String[] {
          b64.encodeToString(
                  "{\"alg\":\"none\",\"typ\":\"at+jwt\"}"
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8))
              + "."
              + parts[1]
              + ".",
          parts[0]
              + "."
              + b64.encodeToString(
                  payload
                      .replace("\"sub\":\"", "\"sub\":\"x")
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8))
              + "."
              + parts[2],
          parts[0] + "." + parts[1] + "." + b64.encodeToString(new byte[64]),
          parts[0] + "." + parts[1],
          "a.b.c"
        }) {
      HttpResponse<String> r = client().get("/api/posts", "Authorization", "Bearer " + forged);
      assertThat(r.statusCode()).as(forged).isEqualTo(401);
      assertThat(r.body()).doesNotContain("Hello, refauth");
    }
    for (String path :
        new String[] {
          "/assets/..%2fapi/posts",
          "/api%2fposts",
          "/assets/%2e%2e/api/posts",
          "/api/posts;x=1",
          "/API/posts",
          "/api/posts%00"
        }) {
      HttpResponse<String> r = client().get(path);
      assertThat(r.statusCode()).as(path).isIn(400, 401, 404);
      assertThat(r.body()).as(path).doesNotContain("Hello, refauth").doesNotContain("Exception");
    }
    HttpResponse<String> login =
        client()
            .postJson(
                "/auth/login",
                "{\"email\":\"admin@example.com\",\"password\":\"demo-admin-pass\",\"to\":\"//evil.example\"}");
    assertThat(login.body()).contains("\"redirectTo\":\"/\"").doesNotContain("evil");
    String session =
        login.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("refauth_session="))
            .map(c -> c.substring(0, c.indexOf(';')))
            .findFirst()
            .orElseThrow();
    String before = client().get("/api/posts", "Authorization", "Bearer " + user).body();
    HttpResponse<String> forged =
        client()
            .postJson(
                "/api/posts",
                "{\"title\":\"forged\"}",
                "Cookie",
                session,
                "Sec-Fetch-Site",
                "cross-site",
                "Origin",
                "https://evil.example");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(client().get("/api/posts", "Authorization", "Bearer " + user).body())
        .as("no post written")
        .isEqualTo(before);
    assertThat(
            client()
                .postJson(
                    "/api/posts",
                    "{\"title\":\"same-origin\"}",
                    "Cookie",
                    session,
                    "Sec-Fetch-Site",
                    "same-origin")
                .statusCode())
        .as("control: the same request from the app itself")
        .isEqualTo(201);
    for (String body : new String[] {"{", "[]", "[".repeat(10_000), "{\"email\":{\"$ne\":null}}"}) {
      HttpResponse<String> r = client().postJson("/auth/login", body);
      assertThat(r.statusCode()).as(body.length() > 20 ? "deep nesting" : body).isIn(400, 401);
    }
    assertThat(client().statusForDeclaredLength("/auth/login", 2_000_000))
        .as("a 2 MB login body, refused by its declared length")
        .isEqualTo(413);
  }
}
