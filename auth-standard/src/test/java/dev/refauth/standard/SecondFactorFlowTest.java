package dev.refauth.standard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.GuardSettings;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second factor over HTTP, configured by settings alone ({@code provider.mfa.key}): enrolment with a code from an
 * independent TOTP implementation, the two-step sign-in with its pending cookie, recovery codes, removal, and the
 * attacks on each step (another browser, a replayed pending state, another account's code, guessing), over the JDBC
 * store so that what is left at rest is read too.
 */
final class SecondFactorFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir Path dir;

  private String url;

  private Map<String, String> settings() {
    url = "jdbc:h2:file:" + dir.resolve("db/refauth") + ";DB_CLOSE_DELAY=-1";
    Map<String, String> p = new LinkedHashMap<>();
    p.put("publicOrigin", "http://localhost:8080");
    p.put("provider.users", "classpath:/demo-users.properties");
    p.put("provider.jwt.jwks", dir.resolve("keys/dev.jwks").toString());
    p.put("provider.jwt.generate", "ES256");
    p.put("provider.store", "jdbc");
    p.put("provider.jdbc.url", url);
    p.put("provider.jdbc.driver", "org.h2.Driver");
    p.put("provider.mfa.key", KEY);
    p.put("provider.mfa.issuer", "Acme");
    p.put("provider.mail.folder", dir.resolve("mail").toString());
    return p;
  }

  @Test
  void enrol_thenSignInInTwoSteps_recoveryCodesOnce_remove() throws Exception {
    awayFromAStepBoundary();
    try (Site site = new Site(settings())) {
      Browser owner = new Browser(site);
      assertThat(owner.login("admin@example.com", "demo-admin-pass").statusCode()).isEqualTo(200);
      assertThat(owner.me().path("secondFactor").asBoolean()).isFalse();

      // enrolment: a secret shown once, a QR code as SVG, a first code confirms it
      assertThat(owner.secondFactor("{\"action\":\"begin-totp\"}").status)
          .as("the first factor needs the password again")
          .isEqualTo(403);
      JsonNode begun =
          owner.secondFactor("{\"action\":\"begin-totp\",\"password\":\"demo-admin-pass\"}").json;
      String secret = begun.path("secret").asText();
      assertThat(begun.path("uri").asText()).startsWith("otpauth://totp/Acme:");
      assertThat(begun.path("qrSvg").asText()).startsWith("<svg");
      assertThat(owner.secondFactor("{\"action\":\"confirm-totp\",\"code\":\"000000\"}").status)
          .isEqualTo(400);
      long step = System.currentTimeMillis() / 30_000;
      Reply confirmed =
          owner.secondFactor(
              "{\"action\":\"confirm-totp\",\"code\":\"" + code(secret, step - 1) + "\"}");
      assertThat(confirmed.status).isEqualTo(200);
      List<String> recovery = texts(confirmed.json.path("recoveryCodes"));
      assertThat(recovery).hasSize(10);
      assertThat(owner.me().path("secondFactor").asBoolean()).isTrue();

      // another browser: the password alone no longer signs in
      Browser other = new Browser(site);
      Reply first = other.loginJson("admin@example.com", "demo-admin-pass");
      assertThat(first.status).isEqualTo(401);
      assertThat(first.json.path("error").path("name").asText()).isEqualTo("SecondFactorRequired");
      assertThat(first.json.path("redirectTo").asText()).isEqualTo("/login/second-factor");
      assertThat(texts(first.json.path("methods"))).containsExactly("totp", "recovery");
      assertThat(first.json.has("accessToken")).isFalse();
      assertThat(other.cookie("refauth_session")).isEmpty();
      String pending = other.cookie("refauth_mfa").orElseThrow();
      assertThat(first.setCookies())
          .anyMatch(c -> c.startsWith("refauth_mfa=") && c.contains("HttpOnly"));

      // the second step from a third browser (no pending cookie) fails, even with the right code
      Browser thief = new Browser(site);
      assertThat(thief.post("/auth/login", "{\"code\":\"" + code(secret, step) + "\"}").status)
          .isEqualTo(401);
      assertThat(thief.cookie("refauth_session")).isEmpty();
      // a wrong code fails and keeps the pending sign-in
      assertThat(
              other
                  .post("/auth/login", "{\"code\":\"123456\"}")
                  .json
                  .path("error")
                  .path("name")
                  .asText())
          .isEqualTo("InvalidCode");
      // the right one signs in, once, and its tokens say how
      Reply second = other.post("/auth/login", "{\"code\":\"" + code(secret, step) + "\"}");
      assertThat(second.status).isEqualTo(200);
      assertThat(amr(second.json.path("accessToken").asText()))
          .containsExactly("pwd", "otp", "mfa");
      assertThat(other.cookie("refauth_session")).isPresent();
      assertThat(other.cookie("refauth_mfa")).isEmpty();
      // the same pending state again, from a browser that kept it, with a code not used yet:
      // refused
      Browser replay = new Browser(site);
      replay.setCookie("refauth_mfa", pending);
      assertThat(replay.post("/auth/login", "{\"code\":\"" + code(secret, step + 1) + "\"}").status)
          .isEqualTo(401);
      assertThat(replay.cookie("refauth_session")).isEmpty();
      // a refreshed access token still says how its sign-in was made
      Reply refreshed = other.post("/auth/refresh", "");
      assertThat(refreshed.status).isEqualTo(200);
      assertThat(amr(refreshed.json.path("accessToken").asText())).contains("mfa");

      // a recovery code signs in once
      Browser lost = new Browser(site);
      lost.loginJson("admin@example.com", "demo-admin-pass");
      assertThat(mailsSaying("recovery codes was just used"))
          .as("control: no use yet, no notice")
          .isEmpty();
      Reply byRecovery = lost.post("/auth/login", "{\"recoveryCode\":\"" + recovery.get(0) + "\"}");
      assertThat(byRecovery.status).isEqualTo(200);
      // the owner is told, and the mail carries no code
      List<String> notices = awaitMailsSaying("recovery codes was just used", 1);
      assertThat(notices.get(0)).contains("admin@example.com").doesNotContain(recovery.get(0));
      assertThat(mailsSaying("a second factor was added")).hasSize(1);
      Browser again = new Browser(site);
      again.loginJson("admin@example.com", "demo-admin-pass");
      assertThat(again.post("/auth/login", "{\"recoveryCode\":\"" + recovery.get(0) + "\"}").status)
          .isEqualTo(401);
      assertThat(again.post("/auth/login", "{\"recoveryCode\":\"" + recovery.get(1) + "\"}").status)
          .isEqualTo(200); // control: an unused one serves

      // at rest: neither the secret nor a recovery code nor a pending value
      String cells = String.join("\n", StandardProviderTest.everyTextCell(url));
      assertThat(cells).isNotEmpty();
      for (String secretValue :
          List.of(secret, recovery.get(2), recovery.get(2).replace("-", ""), pending)) {
        assertThat(cells).doesNotContain(secretValue);
      }

      // removal needs a fresh code; a wrong one changes nothing
      assertThat(
              owner.secondFactor(
                      "{\"action\":\"remove\",\"recoveryCode\":\"" + recovery.get(2) + "\"}")
                  .status)
          .as("the right recovery code, without the password")
          .isEqualTo(403);
      assertThat(
              owner.secondFactor(
                      "{\"action\":\"remove\",\"code\":\"000000\",\"password\":\"demo-admin-pass\"}")
                  .status)
          .isEqualTo(400);
      assertThat(owner.me().path("secondFactor").asBoolean()).isTrue();
      assertThat(
              owner.secondFactor(
                      "{\"action\":\"remove\",\"password\":\"demo-admin-pass\",\"recoveryCode\":\""
                          + recovery.get(2)
                          + "\"}")
                  .status)
          .isEqualTo(200);
      assertThat(owner.me().path("secondFactor").asBoolean()).isFalse();
      assertThat(new Browser(site).login("admin@example.com", "demo-admin-pass").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void anotherAccountsCode_guessing_andTheEndpointWithoutASignIn() throws Exception {
    awayFromAStepBoundary();
    try (Site site = new Site(settings())) {
      assertThat(new Browser(site).post("/auth/second-factor", "{\"action\":\"status\"}").status)
          .isEqualTo(401);
      Browser admin = new Browser(site);
      admin.login("admin@example.com", "demo-admin-pass");
      String adminSecret = enrol(admin);
      Browser viewer = new Browser(site);
      viewer.login("user@example.com", "demo-user-pass");
      String viewerSecret = enrol(viewer);
      long step = System.currentTimeMillis() / 30_000;

      // the viewer's pending sign-in answered with the admin's current code: refused
      Browser b = new Browser(site);
      b.loginJson("user@example.com", "demo-user-pass");
      assertThat(b.post("/auth/login", "{\"code\":\"" + code(adminSecret, step) + "\"}").status)
          .isEqualTo(401);
      assertThat(b.cookie("refauth_session")).isEmpty();
      assertThat(b.post("/auth/login", "{\"code\":\"" + code(viewerSecret, step) + "\"}").status)
          .isEqualTo(200); // control: the viewer's own

      // guessing: five tries per pending sign-in, then five wrong answers in a row lock the
      // account's second step
      Browser guesser = new Browser(site);
      guesser.loginJson("admin@example.com", "demo-admin-pass");
      for (int i = 0; i < 5; i++) {
        assertThat(guesser.post("/auth/login", "{\"code\":\"00000" + i + "\"}").status)
            .isEqualTo(401);
      }
      // out of tries: even the right code fails on this pending sign-in
      assertThat(
              guesser.post("/auth/login", "{\"code\":\"" + code(adminSecret, step) + "\"}").status)
          .isEqualTo(401);
      // and the account is locked for a while: a new pending sign-in answers 429 without checking
      Browser next = new Browser(site);
      assertThat(next.loginJson("admin@example.com", "demo-admin-pass").status).isEqualTo(401);
      Reply locked = next.post("/auth/login", "{\"code\":\"" + code(adminSecret, step) + "\"}");
      assertThat(locked.status).isEqualTo(429);
      // the code was not spent (the lock's end is driven on a clock in SecondStepTest); the other
      // account is not locked
      Browser viewerAgain = new Browser(site);
      viewerAgain.loginJson("user@example.com", "demo-user-pass");
      assertThat(
              viewerAgain.post("/auth/login", "{\"code\":\"" + code(viewerSecret, step + 1) + "\"}")
                  .status)
          .isEqualTo(200);
    }
  }

  @Test
  void aPasswordReset_doesNotBypassTheSecondFactor() throws Exception {
    awayFromAStepBoundary();
    try (Site site = new Site(settings())) {
      Browser owner = new Browser(site);
      owner.login("user@example.com", "demo-user-pass");
      String secret = enrol(owner);
      Browser other = new Browser(site);
      assertThat(other.post("/auth/forgot-password", "{\"email\":\"user@example.com\"}").status)
          .isEqualTo(202);
      String token = "";
      for (int i = 0; i < 100 && token.isEmpty(); i++) { // the mail leaves off the request thread
        token =
            StandardProviderTest.lastLink(StandardProviderTest.folderMails(dir.resolve("mail")));
        Thread.sleep(token.isEmpty() ? 50 : 0);
      }
      Reply reset =
          other.post(
              "/auth/update-password",
              "{\"token\":\"" + token + "\",\"password\":\"a-brand-new-passphrase\"}");
      assertThat(reset.status).isEqualTo(200);
      assertThat(reset.json.has("accessToken")).as("a reset signs nobody in").isFalse();
      assertThat(other.cookie("refauth_session")).isEmpty();
      Reply first = other.loginJson("user@example.com", "a-brand-new-passphrase");
      assertThat(first.json.path("error").path("name").asText()).isEqualTo("SecondFactorRequired");
      long step = System.currentTimeMillis() / 30_000;
      assertThat(other.post("/auth/login", "{\"code\":\"" + code(secret, step) + "\"}").status)
          .isEqualTo(200);
    }
  }

  @Test
  void formSignIn_goesToTheSecondStepsPage() throws Exception {
    awayFromAStepBoundary();
    try (Site site = new Site(settings())) {
      Browser owner = new Browser(site);
      owner.login("admin@example.com", "demo-admin-pass");
      enrol(owner);
      Browser form = new Browser(site);
      HttpResponse<String> r =
          form.send(
              HttpRequest.newBuilder(URI.create(site.baseUri() + "/auth/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Sec-Fetch-Site", "same-origin")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "email=admin%40example.com&password=demo-admin-pass&to=%2Fposts"))
                  .build());
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(r.headers().firstValue("Location").orElseThrow())
          .isEqualTo("/login/second-factor?to=%2Fposts");
      assertThat(form.cookie("refauth_mfa")).isPresent();
    }
  }

  @Test
  void stepUp_anOlderSignInOrAPasswordAlone_isAskedAgain_aFreshSecondFactorPasses()
      throws Exception {
    awayFromAStepBoundary();
    Map<String, String> p = settings();
    p.put("secondFactorPaths", "/admin/*");
    p.put("secondFactorWithin", "PT3S");
    p.put("secondFactorEnrolmentPath", "/account/security");
    try (Site site = new Site(p)) {
      Browser owner = new Browser(site);
      Reply password = owner.loginJson("admin@example.com", "demo-admin-pass");
      String passwordToken = password.json.path("accessToken").asText();
      // no second factor yet: sent to enrolment, the page not served
      HttpResponse<String> enrolFirst = owner.get("/admin/keys");
      assertThat(enrolFirst.statusCode()).isEqualTo(403);
      assertThat(enrolFirst.body())
          .contains("SecondFactorEnrolmentRequired")
          .contains("\"redirectTo\":\"/account/security\"")
          .doesNotContain("hello");
      assertThat(
              owner
                  .post("/auth/login", "{\"stepUp\":true}")
                  .json
                  .path("error")
                  .path("name")
                  .asText())
          .isEqualTo("SecondFactorEnrolmentRequired");
      String secret = enrol(owner);
      // enrolled, but signed in with a password alone: a step-up, for cookie and bearer alike
      HttpResponse<String> pwdOnly = owner.get("/admin/keys");
      assertThat(pwdOnly.statusCode()).isEqualTo(403);
      assertThat(pwdOnly.body())
          .contains("StepUpRequired")
          .contains("\"redirectTo\":\"/login/second-factor?stepUp=true\"");
      assertThat(pwdOnly.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("insufficient_user_authentication")
          .contains("max_age=\"3\"");
      assertThat(site.get("/admin/keys", passwordToken).statusCode()).isEqualTo(403);
      assertThat(owner.get("/posts").statusCode())
          .as("control: elsewhere the password suffices")
          .isEqualTo(200);

      // the step-up: the signed-in browser asks for a challenge and answers it
      assertThat(new Browser(site).post("/auth/login", "{\"stepUp\":true}").status)
          .as("nobody signed in: nothing to step up")
          .isEqualTo(401);
      Reply challenge = owner.post("/auth/login", "{\"stepUp\":true}");
      assertThat(challenge.status).isEqualTo(401);
      assertThat(challenge.json.path("error").path("name").asText())
          .isEqualTo("SecondFactorRequired");
      long step = System.currentTimeMillis() / 30_000;
      Reply stepped = owner.post("/auth/login", "{\"code\":\"" + code(secret, step) + "\"}");
      assertThat(stepped.status).isEqualTo(200);
      String fresh = stepped.json.path("accessToken").asText();
      assertThat(amr(fresh)).contains("mfa");
      assertThat(owner.get("/admin/keys").statusCode()).as("by cookie").isEqualTo(200);
      assertThat(site.get("/admin/keys", fresh).statusCode()).as("by token").isEqualTo(200);
      // the older token, still valid, is not made recent by the step-up
      assertThat(site.get("/posts", passwordToken).statusCode()).isEqualTo(200);
      assertThat(site.get("/admin/keys", passwordToken).statusCode()).isEqualTo(403);
      assertThat(site.get("/admin/keys", passwordToken).statusCode()).as("twice").isEqualTo(403);

      // time passes: the step-up ages out, and a refresh does not make it recent again
      Thread.sleep(3_100);
      assertThat(owner.get("/admin/keys").statusCode()).isEqualTo(403);
      assertThat(site.get("/admin/keys", fresh).statusCode()).isEqualTo(403);
      Reply refreshed = owner.post("/auth/refresh", "");
      assertThat(refreshed.status).isEqualTo(200);
      String refreshedToken = refreshed.json.path("accessToken").asText();
      assertThat(amr(refreshedToken)).contains("mfa");
      assertThat(site.get("/admin/keys", refreshedToken).statusCode()).isEqualTo(403);
      assertThat(site.get("/posts", refreshedToken).statusCode())
          .as("control: the refreshed token serves")
          .isEqualTo(200);
    }
  }

  @Test
  void aStolenSession_getsFiveStepUps_neverLocksTheOwner() throws Exception {
    awayFromAStepBoundary();
    try (Site site = new Site(settings())) {
      Browser owner = new Browser(site);
      owner.loginJson("user@example.com", "demo-user-pass");
      Enrolment enrolment = enrolWithCodes(owner);
      String secret = enrolment.secret();
      long step = enrolment.step();
      List<String> recovery = enrolment.recovery();
      Browser laptop = new Browser(site); // the owner's other sign-in
      assertThat(laptop.loginJson("user@example.com", "demo-user-pass").status).isEqualTo(401);
      assertThat(laptop.post("/auth/login", "{\"code\":\"" + code(secret, step) + "\"}").status)
          .isEqualTo(200);
      // the thief holds only the owner's session (its cookies), not the password nor the factor
      Browser thief = new Browser(site);
      thief.setCookie("refauth_session", owner.cookie("refauth_session").orElseThrow());
      assertThat(thief.get("/auth/me").statusCode()).isEqualTo(200);
      int lastStatus = 0;
      for (int i = 0; i < 5; i++) { // five step-ups, each guessed at twice, spaced out or not
        Reply asked = thief.post("/auth/login", "{\"stepUp\":true}");
        assertThat(asked.json.path("error").path("name").asText())
            .as("a challenge")
            .isEqualTo("SecondFactorRequired");
        for (int j = 0; j < 2; j++) {
          lastStatus = thief.post("/auth/login", "{\"code\":\"00000" + j + "\"}").status;
        }
      }
      assertThat(lastStatus).as("the guessing is throttled").isEqualTo(429);
      for (int i = 0; i < 2; i++) {
        Reply sixth = thief.post("/auth/login", "{\"stepUp\":true}");
        assertThat(sixth.status).isEqualTo(403);
        assertThat(sixth.json.path("error").path("name").asText())
            .as("no more challenges for this login")
            .isEqualTo("ReauthenticationRequired");
      }
      assertThat(laptop.get("/auth/me").statusCode())
          .as("the owner's other sign-in stays")
          .isEqualTo(200);
      // the owner signs in anew with her password and her code: not locked, and her changes are not
      // either
      Browser fresh = new Browser(site);
      assertThat(fresh.loginJson("user@example.com", "demo-user-pass").status).isEqualTo(401);
      assertThat(fresh.post("/auth/login", "{\"code\":\"" + code(secret, step + 1) + "\"}").status)
          .isEqualTo(200);
      for (int i = 0; i < 6; i++) { // the thief's last challenge, asked before her sign-in, is dead
        assertThat(thief.post("/auth/login", "{\"code\":\"11111" + i + "\"}").status)
            .isEqualTo(401);
      }
      assertThat(
              fresh.secondFactor(
                      "{\"action\":\"new-recovery-codes\",\"password\":\"demo-user-pass\","
                          + "\"recoveryCode\":\""
                          + recovery.get(0)
                          + "\"}")
                  .status)
          .isEqualTo(200);
    }
  }

  /** Thirty step-ups asked at once by one login: five challenges, on every node's count at once. */
  @Test
  void stepUpsAskedAtOnce_fiveChallengesPerLogin() throws Exception {
    try (Site site = new Site(settings())) {
      Browser owner = new Browser(site);
      owner.loginJson("user@example.com", "demo-user-pass");
      enrol(owner);
      ExecutorService pool = Executors.newFixedThreadPool(30);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> asked = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          asked.add(
              pool.submit(
                  () -> {
                    go.await();
                    return owner.post("/auth/login", "{\"stepUp\":true}");
                  }));
        }
        go.countDown();
        int challenges = 0;
        for (Future<Reply> f : asked) {
          Reply r = f.get();
          if (r.status == 401) {
            assertThat(r.json.path("error").path("name").asText())
                .isEqualTo("SecondFactorRequired");
            challenges++;
          } else {
            assertThat(r.status).isEqualTo(403);
          }
        }
        assertThat(challenges).isEqualTo(5);
      } finally {
        pool.shutdownNow();
      }
      Browser fresh = new Browser(site);
      assertThat(fresh.loginJson("user@example.com", "demo-user-pass").status)
          .as("control: a new login is a new count (and a second step)")
          .isEqualTo(401);
    }
  }

  @Test
  void aChallengeMadeBeforeAPasswordChange_isDeadAfterIt_andItsAnswerSpendsNothing()
      throws Exception {
    awayFromAStepBoundary();
    try (Site site = new Site(settings())) {
      Browser owner = new Browser(site);
      owner.loginJson("user@example.com", "demo-user-pass");
      Enrolment enrolment = enrolWithCodes(owner);
      String secret = enrolment.secret();
      long step = enrolment.step();
      List<String> recovery = enrolment.recovery();
      // a step-up and a sign-in challenge made now, with a session and the old password
      assertThat(owner.post("/auth/login", "{\"stepUp\":true}").status).isEqualTo(401);
      Browser old = new Browser(site);
      assertThat(old.loginJson("user@example.com", "demo-user-pass").status).isEqualTo(401);
      Thread.sleep(5); // the change comes strictly after the challenges
      Browser changer = new Browser(site);
      changer.loginJson("user@example.com", "demo-user-pass");
      changer.post("/auth/login", "{\"code\":\"" + code(secret, step) + "\"}");
      assertThat(
              changer.post(
                      "/auth/update-password",
                      "{\"currentPassword\":\"demo-user-pass\",\"password\":\"a-brand-new-passphrase\"}")
                  .status)
          .isEqualTo(200);
      // right answers, on challenges from before the change: refused
      Reply stepUp = owner.post("/auth/login", "{\"code\":\"" + code(secret, step + 1) + "\"}");
      Reply signIn = old.post("/auth/login", "{\"recoveryCode\":\"" + recovery.get(0) + "\"}");
      for (Reply late : List.of(stepUp, signIn)) {
        assertThat(late.status).as("a challenge from before the change").isEqualTo(401);
        assertThat(late.json.has("accessToken")).isFalse();
      }
      Browser next = new Browser(site);
      assertThat(next.loginJson("user@example.com", "a-brand-new-passphrase").status)
          .isEqualTo(401);
      assertThat(next.post("/auth/login", "{\"recoveryCode\":\"" + recovery.get(0) + "\"}").status)
          .as(
              "control: a challenge after the change; the refused answer spent nothing of the owner's")
          .isEqualTo(200);
    }
  }

  @Test
  void aRequiredPolicy_sendsAPasswordSignInToEnrolment_thenToTheSecondFactor() throws Exception {
    awayFromAStepBoundary();
    Map<String, String> p = settings();
    p.put("secondFactorPolicy", "admin");
    p.put("secondFactorEnrolmentPath", "/account/security");
    try (Site site = new Site(p)) {
      Browser admin = new Browser(site);
      admin.loginJson("admin@example.com", "demo-admin-pass");
      assertThat(admin.me().path("email").asText())
          .as("the /auth API still says who signed in, so that the client can send them to enrol")
          .isEqualTo("admin@example.com");
      HttpResponse<String> page = admin.page("/posts?x=1");
      assertThat(page.statusCode()).isEqualTo(302);
      assertThat(page.headers().firstValue("Location").orElseThrow())
          .isEqualTo("/account/security?to=%2Fposts%3Fx%3D1");
      assertThat(admin.page("/account/security").statusCode())
          .as("the enrolment page itself")
          .isEqualTo(200);
      Browser reader = new Browser(site);
      reader.loginJson("user@example.com", "demo-user-pass");
      assertThat(reader.page("/posts").statusCode())
          .as("control: the policy covers admins only")
          .isEqualTo(200);

      String secret = enrol(admin);
      HttpResponse<String> stepUp = admin.page("/posts");
      assertThat(stepUp.headers().firstValue("Location").orElseThrow())
          .isEqualTo("/login/second-factor?stepUp=true&to=%2Fposts");
      admin.post("/auth/login", "{\"stepUp\":true}");
      long step = System.currentTimeMillis() / 30_000;
      assertThat(admin.post("/auth/login", "{\"code\":\"" + code(secret, step) + "\"}").status)
          .isEqualTo(200);
      assertThat(admin.page("/posts").statusCode()).isEqualTo(200);
      // the next sign-in asks for the second factor at once, as for any enrolled account
      Browser later = new Browser(site);
      assertThat(
              later
                  .loginJson("admin@example.com", "demo-admin-pass")
                  .json
                  .path("error")
                  .path("name")
                  .asText())
          .isEqualTo("SecondFactorRequired");
    }
  }

  @Test
  void settings_aBadKeyFailsTheStartNamingIt_withoutRepeatingIt() {
    Map<String, String> p = settings();
    p.put("provider.store", "memory");
    p.remove("provider.jdbc.url");
    p.remove("provider.jdbc.driver");
    p.put("provider.mfa.key", "c2hvcnQ=");
    assertThatThrownBy(() -> start(p))
        .hasMessageContaining("provider.mfa.key")
        .hasMessageNotContaining("c2hvcnQ=");
    p.remove("provider.mfa.key");
    assertThatThrownBy(() -> start(p))
        .hasMessageContaining("provider.mfa.issuer")
        .hasMessageContaining("provider.mfa.key");
    p.remove("provider.mfa.issuer");
    start(p); // control: no second factor, and nothing asks for one
  }

  private static void start(Map<String, String> p) {
    GuardSettings.guard(AuthSettings.of(p), SecondFactorFlowTest.class.getClassLoader())
        .provider()
        .close();
  }

  private List<String> mailsSaying(String text) throws Exception {
    return StandardProviderTest.folderMails(dir.resolve("mail")).stream()
        .filter(m -> m.replace("=\r\n", "").contains(text))
        .toList();
  }

  /** The mails saying {@code text} once there are {@code count} (mail leaves off the request thread). */
  private List<String> awaitMailsSaying(String text, int count) throws Exception {
    for (int i = 0; i < 100; i++) {
      List<String> found = mailsSaying(text);
      if (found.size() >= count) {
        return found;
      }
      Thread.sleep(50);
    }
    return mailsSaying(text);
  }

  /** Enrols the signed-in browser's account (a demo account: its password is known); answers the secret. */
  private static String enrol(Browser b) throws Exception {
    return enrolWithCodes(b).secret();
  }

  /** A TOTP enrolment: its secret, the step now (the one before was used to confirm), the recovery codes. */
  record Enrolment(String secret, long step, List<String> recovery) {}

  private static Enrolment enrolWithCodes(Browser b) throws Exception {
    String password =
        b.me().path("email").asText().startsWith("admin") ? "demo-admin-pass" : "demo-user-pass";
    String secret =
        b.secondFactor("{\"action\":\"begin-totp\",\"password\":\"" + password + "\"}")
            .json
            .path("secret")
            .asText();
    long step = System.currentTimeMillis() / 30_000;
    Reply confirmed =
        b.secondFactor("{\"action\":\"confirm-totp\",\"code\":\"" + code(secret, step - 1) + "\"}");
    assertThat(confirmed.status).isEqualTo(200);
    return new Enrolment(secret, step, texts(confirmed.json.path("recoveryCodes")));
  }

  /** A code made by an independent implementation (samstevens' totp). */
  static String code(String base32Secret, long step) throws Exception {
    return new DefaultCodeGenerator().generate(base32Secret, step);
  }

  /** Codes of the step before, this one and the next must all be in the window while a test runs. */
  static void awayFromAStepBoundary() throws InterruptedException {
    long intoStep = System.currentTimeMillis() % 30_000;
    if (intoStep > 20_000) {
      Thread.sleep(30_000 - intoStep + 200);
    }
  }

  private static List<String> amr(String jwt) throws Exception {
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    return texts(claims.path("amr"));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  record Reply(int status, JsonNode json, List<String> setCookies) {}

  /** A browser: its own cookies, JSON in and out. */
  static final class Browser {
    private final Site site;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;

    Browser(Site site) {
      this.site = site;
      this.client =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NEVER)
              .cookieHandler(cookies)
              .build();
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    Reply post(String path, String json) throws Exception {
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(URI.create(site.baseUri() + path))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build());
      JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new Reply(r.statusCode(), body, r.headers().allValues("Set-Cookie"));
    }

    HttpResponse<String> login(String email, String password) throws Exception {
      return send(
          HttpRequest.newBuilder(URI.create(site.baseUri() + "/auth/login"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
              .build());
    }

    Reply loginJson(String email, String password) throws Exception {
      return post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    Reply secondFactor(String json) throws Exception {
      return post("/auth/second-factor", json);
    }

    /** A GET as a script makes it (JSON), with this browser's cookies. */
    HttpResponse<String> get(String path) throws Exception {
      return send(
          HttpRequest.newBuilder(URI.create(site.baseUri() + path))
              .header("Accept", "application/json")
              .build());
    }

    /** A navigation (HTML), with this browser's cookies. */
    HttpResponse<String> page(String path) throws Exception {
      return send(
          HttpRequest.newBuilder(URI.create(site.baseUri() + path))
              .header("Accept", "text/html")
              .build());
    }

    JsonNode me() throws Exception {
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(URI.create(site.baseUri() + "/auth/me"))
                  .header("Accept", "application/json")
                  .build());
      return JSON.readTree(r.body());
    }

    Optional<String> cookie(String name) {
      return cookies.getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals(name) && !c.hasExpired())
          .map(HttpCookie::getValue)
          .findFirst();
    }

    void setCookie(String name, String value) {
      HttpCookie c = new HttpCookie(name, value);
      c.setPath("/");
      c.setVersion(0);
      cookies.getCookieStore().add(site.baseUri(), c);
    }
  }
}
