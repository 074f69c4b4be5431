package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.launcher.hostile.Case.Probe;
import dev.refauth.launcher.hostile.Raw.Reply;
import dev.refauth.testsupport.TotpCodes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The second factor's two steps and its enrolment endpoint: the pending sign-in taken to another browser, replayed,
 * answered for another account, sent through the other doors (a bearer token, a body field, GET, a cross-site form),
 * codes of the wrong type or size, recovery codes twice or of another account, and the enrolment changed without a
 * fresh code or cross-site. Fresh accounts, so that no other table's accounts get a second factor.
 */
final class SecondFactorCases {
  static final String CATEGORY = "Second factor";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "a-long-passphrase-for-mfa";

  private SecondFactorCases() {}

  /** An account with a second factor: its email, its authenticator app, its recovery codes, a bearer token. */
  record Enrolled(String email, TotpCodes app, List<String> recovery, String token) {}

  static Enrolled enrolled(Target t, String email) throws Exception {
    String token = t.newAccount(email, PASSWORD);
    JsonNode begun =
        json(
            t.send(
                Raw.post("/auth/second-factor")
                    .bearer(token)
                    .jsonBody("{\"action\":\"begin-totp\",\"password\":\"" + PASSWORD + "\"}")));
    TotpCodes app = new TotpCodes(begun.path("secret").asText());
    Reply confirmed =
        t.send(
            Raw.post("/auth/second-factor")
                .bearer(token)
                .jsonBody("{\"action\":\"confirm-totp\",\"code\":\"" + app.next() + "\"}"));
    assertThat(confirmed.status()).as("confirm: %s", confirmed).isEqualTo(200);
    List<String> recovery = new ArrayList<>();
    json(confirmed).path("recoveryCodes").forEach(n -> recovery.add(n.asText()));
    return new Enrolled(email, app, recovery, token);
  }

  static JsonNode json(Reply r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r, e);
    }
  }

  /** The first step: the pending cookie ({@code refauth_mfa=...}) of a right password. */
  static String pending(Target t, Enrolled account) {
    Reply r = t.login(account.email(), PASSWORD);
    assertThat(r.status()).as("first step: %s", r).isEqualTo(401);
    return r.cookiePair("refauth_mfa");
  }

  /** A token of a sign-in with the password and a code: one that carries a fresh second factor. */
  static String steppedUp(Target t, Enrolled account) {
    try {
      Reply r =
          t.send(secondStep(pending(t, account), "{\"code\":\"" + account.app().next() + "\"}"));
      assertThat(r.status()).as("second step: %s", r).isEqualTo(200);
      return Target.accessToken(r);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The answer's {@code error.name} is {@code name}. */
  static Consumer<Reply> errorNamed(String name) {
    return r -> assertThat(json(r).path("error").path("name").asText()).isEqualTo(name);
  }

  static Raw.Request secondStep(String pendingCookie, String json) {
    return Raw.post("/auth/login").cookie(pendingCookie).jsonBody(json);
  }

  static Probe status(Target t, Enrolled account) {
    return new Probe(
        "the second factor of " + account.email(),
        () ->
            json(t.send(
                    Raw.post("/auth/second-factor")
                        .bearer(account.token())
                        .jsonBody("{\"action\":\"status\"}")))
                .toString());
  }

  static List<Case> all(Target t) throws Exception {
    long n = System.nanoTime();
    Enrolled owner = enrolled(t, "mfa-owner-" + n + "@example.com");
    Enrolled other = enrolled(t, "mfa-other-" + n + "@example.com");
    Enrolled guessed = enrolled(t, "mfa-guessed-" + n + "@example.com");
    AtomicReference<String> usedPending = new AtomicReference<>();
    AtomicReference<String> ownerSession = new AtomicReference<>();
    Probe ownerFactor = status(t, owner);
    Probe otherFactor = status(t, other);
    List<Case> cases = new ArrayList<>();

    cases.add(
        Case.control(
                CATEGORY,
                "a right password on an account with a second factor: SecondFactorRequired, the second step's page,"
                    + " an httpOnly pending cookie, no session",
                () -> t.login(owner.email(), PASSWORD))
            .status(401)
            .expect(
                r -> {
                  JsonNode b = json(r);
                  assertThat(b.path("error").path("name").asText())
                      .isEqualTo("SecondFactorRequired");
                  assertThat(b.path("redirectTo").asText()).isEqualTo("/login/second-factor");
                  assertThat(b.has("accessToken")).isFalse();
                  assertThat(r.cookieSet("refauth_session")).isEmpty();
                  assertThat(r.setCookies())
                      .anySatisfy(
                          c ->
                              assertThat(c)
                                  .startsWith("refauth_mfa=")
                                  .containsIgnoringCase("HttpOnly")
                                  .containsIgnoringCase("SameSite="));
                }));
    cases.add(
        Case.attack(
                CATEGORY,
                "the second step from another browser (no pending cookie), with the right code",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .jsonBody("{\"code\":\"" + owner.app().current() + "\"}")))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "another account's pending sign-in answered with this account's current code",
                () ->
                    t.send(
                        secondStep(
                            pending(t, other), "{\"code\":\"" + owner.app().current() + "\"}")))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "the pending value sent as a bearer token with the right code",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .bearer(pending(t, owner).substring("refauth_mfa=".length()))
                            .jsonBody("{\"code\":\"" + owner.app().current() + "\"}")))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "the pending value sent in the body with the right code",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .jsonBody(
                                "{\"refauth_mfa\":\""
                                    + pending(t, owner).substring("refauth_mfa=".length())
                                    + "\",\"code\":\""
                                    + owner.app().current()
                                    + "\"}")))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "the pending cookie is no session: /auth/me with it",
                () -> t.send(Raw.get("/auth/me").json().cookie(pending(t, owner))))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "the pending cookie is no session: the enrolment endpoint with it",
                () ->
                    t.send(
                        Raw.post("/auth/second-factor")
                            .cookie(pending(t, owner))
                            .sameOrigin()
                            .jsonBody("{\"action\":\"begin-totp\"}")))
            .status(401)
            .unchanged(ownerFactor));
    cases.add(
        Case.attack(
                CATEGORY,
                "the second step by GET, the code in the query",
                () ->
                    t.send(
                        Raw.get("/auth/login?code=" + owner.app().current())
                            .json()
                            .cookie(pending(t, owner))))
            .status(405));
    cases.add(
        Case.attack(
                CATEGORY,
                "the second step as a cross-site form (login CSRF into the attacker's account)",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .header("Origin", "https://evil.example")
                            .header("Sec-Fetch-Site", "cross-site")
                            .cookie(pending(t, owner))
                            .body(
                                "application/x-www-form-urlencoded",
                                "code=" + owner.app().current())))
            .status(403));
    cases.add(
        Case.attack(
                CATEGORY,
                "codes as numbers no authenticator shows: negative, a fraction",
                () -> {
                  String p = pending(t, owner);
                  Reply last = null;
                  for (String number : List.of("-1", "12345.5")) {
                    last = t.send(secondStep(p, "{\"code\":" + number + "}"));
                    assertThat(last.status()).as("%s: %s", number, last).isEqualTo(401);
                  }
                  return last;
                })
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "a code of 5,000 characters with control characters",
                () ->
                    t.send(
                        secondStep(
                            pending(t, owner),
                            "{\"code\":\"" + "1\\u0000\\r\\n".repeat(1_000) + "\"}")))
            .status(400, 401, 413));
    cases.add(
        Case.attack(
                CATEGORY,
                "another account's recovery code",
                () ->
                    t.send(
                        secondStep(
                            pending(t, owner),
                            "{\"recoveryCode\":\"" + other.recovery().get(0) + "\"}")))
            .status(401)
            .unchanged(otherFactor));
    cases.add(
        Case.control(
                CATEGORY,
                "the account's own code signs in, its token saying amr, the pending cookie cleared",
                () -> {
                  String p = pending(t, owner);
                  usedPending.set(p);
                  Reply r = t.send(secondStep(p, "{\"code\":\"" + owner.app().next() + "\"}"));
                  ownerSession.set(r.cookiePair("refauth_session"));
                  return r;
                })
            .status(200)
            .expect(r -> assertThat(Target.accessToken(r)).isNotEmpty())
            .expect(r -> assertThat(r.cookieSet("refauth_mfa")).contains("")));
    cases.add(
        Case.attack(
                CATEGORY,
                "the used pending cookie again, with a code not used yet",
                () ->
                    t.send(
                        secondStep(
                            usedPending.get(), "{\"code\":\"" + owner.app().current() + "\"}")))
            .status(401));
    cases.add(
        Case.control(
                CATEGORY,
                "a recovery code of the account signs in",
                () ->
                    t.send(
                        secondStep(
                            pending(t, owner),
                            "{\"recoveryCode\":\"" + owner.recovery().get(0) + "\"}")))
            .status(200)
            .changes(ownerFactor));
    cases.add(
        Case.attack(
                CATEGORY,
                "the same recovery code twice",
                () ->
                    t.send(
                        secondStep(
                            pending(t, owner),
                            "{\"recoveryCode\":\"" + owner.recovery().get(0) + "\"}")))
            .status(401)
            .unchanged(ownerFactor));
    cases.add(
        Case.attack(
                CATEGORY,
                "turning the factor off cross-site, riding on the session cookie",
                () ->
                    t.send(
                        Raw.post("/auth/second-factor")
                            .header("Origin", "https://evil.example")
                            .header("Sec-Fetch-Site", "cross-site")
                            .cookie(ownerSession.get())
                            .body(
                                "application/x-www-form-urlencoded",
                                "action=remove&recoveryCode=" + owner.recovery().get(1))))
            .status(403)
            .unchanged(ownerFactor));
    cases.add(
        Case.attack(
                CATEGORY,
                "turning the factor off without a right code",
                () ->
                    t.send(
                        Raw.post("/auth/second-factor")
                            .bearer(owner.token())
                            .jsonBody(
                                "{\"action\":\"remove\",\"code\":\"000000\",\"password\":\""
                                    + PASSWORD
                                    + "\"}")))
            .status(400)
            .unchanged(ownerFactor));
    cases.add(
        Case.attack(
                CATEGORY,
                "a new enrolment over the confirmed one (a secret the attacker would know), even with the"
                    + " password",
                () ->
                    t.send(
                        Raw.post("/auth/second-factor")
                            .bearer(owner.token())
                            .jsonBody(
                                "{\"action\":\"begin-totp\",\"password\":\"" + PASSWORD + "\"}")))
            .status(409)
            .unchanged(ownerFactor));
    cases.add(
        Case.attack(
                CATEGORY,
                "the enrolment endpoint without any credential",
                () -> t.send(Raw.post("/auth/second-factor").jsonBody("{\"action\":\"status\"}")))
            .status(401));
    cases.add(
        Case.control(
                CATEGORY,
                "a sign-in by passkey: the request options to sign and an httpOnly cookie, nothing else",
                () -> t.send(Raw.post("/auth/login").jsonBody("{\"passkey\":true}")))
            .status(401)
            .expect(
                r -> {
                  JsonNode b = json(r);
                  assertThat(b.path("error").path("name").asText()).isEqualTo("PasskeyChallenge");
                  assertThat(b.path("passkey").path("rpId").asText()).isEqualTo("localhost");
                  assertThat(b.path("passkey").path("userVerification").asText())
                      .isEqualTo("required");
                  assertThat(b.path("passkey").path("challenge").asText()).hasSizeGreaterThan(40);
                  assertThat(r.cookieSet("refauth_session")).isEmpty();
                  assertThat(r.setCookies())
                      .anySatisfy(
                          c ->
                              assertThat(c)
                                  .startsWith("refauth_mfa=")
                                  .containsIgnoringCase("HttpOnly"));
                }));
    for (String bad :
        List.of(
            "\"not a credential\"",
            "12345",
            "[1,2,3]",
            "{\"id\":\"x\",\"response\":{}}",
            "{\"a\":\"" + "x".repeat(20_000) + "\"}")) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "a passkey answer that is no credential: "
                      + (bad.length() > 40 ? "20 KB of JSON" : bad),
                  () -> {
                    Reply challenge =
                        t.send(Raw.post("/auth/login").jsonBody("{\"passkey\":true}"));
                    return t.send(
                        Raw.post("/auth/login")
                            .cookie(challenge.cookiePair("refauth_mfa"))
                            .jsonBody("{\"passkey\":" + bad + "}"));
                  })
              .status(401, 413));
    }
    cases.add(
        Case.attack(
                CATEGORY,
                "a passkey answer without the challenge's cookie",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .jsonBody("{\"passkey\":{\"id\":\"x\",\"type\":\"public-key\"}}")))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "guessing: five wrong codes, then the right one, on one pending sign-in",
                () -> {
                  String p = pending(t, guessed);
                  for (int i = 0; i < 5; i++) {
                    t.send(secondStep(p, "{\"code\":\"00000" + i + "\"}"));
                  }
                  return t.send(secondStep(p, "{\"code\":\"" + guessed.app().current() + "\"}"));
                })
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "guessing, then a new pending sign-in: the account's second step is locked (429), nothing checked",
                () ->
                    t.send(
                        secondStep(
                            pending(t, guessed), "{\"code\":\"" + guessed.app().current() + "\"}")))
            .status(429));
    cases.add(
        Case.control(
                CATEGORY,
                "another account is not locked by the guesses at this one",
                () ->
                    t.send(
                        secondStep(pending(t, other), "{\"code\":\"" + other.app().next() + "\"}")))
            .status(200));
    String fresh = t.newAccount("mfa-fresh-" + n + "@example.com", PASSWORD);
    Probe freshFactor =
        new Probe(
            "the second factor of a fresh account",
            () ->
                json(t.send(
                        Raw.post("/auth/second-factor")
                            .bearer(fresh)
                            .jsonBody("{\"action\":\"status\"}")))
                    .toString());
    for (String password : List.of("", ",\"password\":\"not-the-password-at-all\"")) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "a stolen fresh session adds the thief's authenticator app "
                      + (password.isEmpty() ? "(no password)" : "(a wrong password)"),
                  () ->
                      t.send(
                          Raw.post("/auth/second-factor")
                              .bearer(fresh)
                              .jsonBody("{\"action\":\"begin-totp\"" + password + "}")))
              .status(403)
              .unchanged(freshFactor));
    }
    cases.addAll(stepUp(t, n));
    return cases;
  }

  /** The id of an acme account, as the demo administrator lists it. */
  private static String idOf(Target t, String adminToken, String email) {
    for (int page = 0; page < 100; page++) {
      for (JsonNode a :
          json(t.send(Raw.get("/api/admin/users?page=" + page).bearer(adminToken).json()))) {
        if (a.path("email").asText().equals(email)) {
          return a.path("id").asText();
        }
      }
    }
    throw new AssertionError("no account " + email);
  }

  /**
   * The step-up: suspending an account ({@code PUT /api/admin/users/{id}/status}) needs a second factor given in the
   * last 10 minutes. A manager with a second factor, whose token comes from a password sign-in, tries the other doors.
   */
  private static List<Case> stepUp(Target t, long n) throws Exception {
    Enrolled manager = enrolled(t, "mfa-manager-" + n + "@example.com");
    String member = "mfa-member-" + n + "@example.com";
    t.newAccount(member, PASSWORD);
    String admin = t.operator();
    Reply granted =
        t.send(
            Raw.request(
                    "PUT", "/api/admin/users/" + idOf(t, admin, manager.email()) + "/permissions")
                .bearer(admin)
                .jsonBody("[\"posts:read\", \"users:manage\"]"));
    assertThat(granted.status()).as("grant: %s", granted).isEqualTo(204);
    String status = "/api/admin/users/" + idOf(t, admin, member) + "/status";
    String suspend = "{\"status\":\"DISABLED\"}";
    List<Case> cases = new ArrayList<>();
    for (String round : List.of("", ", again")) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "a sensitive call with the token of a password sign-in (older than the second factor)"
                      + round,
                  () ->
                      t.send(Raw.request("PUT", status).bearer(manager.token()).jsonBody(suspend)))
              .status(403)
              .expect(errorNamed("StepUpRequired"))
              .unchanged(t.acmeAccounts()));
    }
    String permissions = "/api/admin/users/" + idOf(t, admin, member) + "/permissions";
    for (String round : List.of("", ", again")) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "the other door: the same token grants the member users:manage" + round,
                  () ->
                      t.send(
                          Raw.request("PUT", permissions)
                              .bearer(manager.token())
                              .jsonBody("[\"posts:read\", \"users:manage\"]")))
              .status(403)
              .expect(errorNamed("StepUpRequired"))
              .unchanged(t.acmeAccounts()));
    }
    cases.add(
        Case.attack(
                CATEGORY,
                "the other door: the same token invites an accomplice with users:manage",
                () ->
                    t.send(
                        Raw.post("/api/admin/users")
                            .bearer(manager.token())
                            .jsonBody(
                                "{\"email\":\"accomplice-"
                                    + n
                                    + "@example.com\",\"permissions\":[\"users:manage\"]}")))
            .status(403)
            .expect(errorNamed("StepUpRequired"))
            .unchanged(t.acmeAccounts(), t.mail()));
    cases.add(
        Case.attack(
                CATEGORY,
                "a manager without a second factor (Ada) changes permissions: sent to enrol first",
                () ->
                    t.send(
                        Raw.request("PUT", permissions)
                            .bearer(t.token(Target.ADA, Target.ADA_PASSWORD))
                            .jsonBody("[\"posts:read\"]")))
            .status(403)
            .expect(errorNamed("SecondFactorEnrolmentRequired"))
            .unchanged(t.acmeAccounts()));
    cases.add(
        Case.attack(
                CATEGORY,
                "the same call by POST with a method override header",
                () ->
                    t.send(
                        Raw.post(status)
                            .header("X-HTTP-Method-Override", "PUT")
                            .bearer(manager.token())
                            .jsonBody(suspend)))
            .status(403, 404, 405)
            .unchanged(t.acmeAccounts()));
    cases.add(
        Case.attack(
                CATEGORY,
                "the step-up page opened by another site (Sec-Fetch-Site: cross-site) does not start a step-up by"
                    + " itself",
                () ->
                    t.send(
                        Raw.get("/login/second-factor?stepUp=true")
                            .header("Sec-Fetch-Site", "cross-site")
                            .bearer(manager.token())))
            .status(200)
            .expect(r -> assertThat(r.body()).contains("data-start=\"click\"")));
    cases.add(
        Case.control(
                CATEGORY,
                "the step-up page reached from the app starts it at once",
                () ->
                    t.send(
                        Raw.get("/login/second-factor?stepUp=true")
                            .header("Sec-Fetch-Site", "same-origin")
                            .bearer(manager.token())))
            .status(200)
            .expect(r -> assertThat(r.body()).contains("data-start=\"auto\"")));
    cases.add(
        Case.attack(
                CATEGORY,
                "a step-up asked with no credential at all",
                () -> t.send(Raw.post("/auth/login").jsonBody("{\"stepUp\":true}")))
            .status(401)
            .expect(r -> assertThat(r.cookieSet("refauth_mfa")).isEmpty()));
    Enrolled crossed = enrolled(t, "mfa-crossed-" + n + "@example.com");
    cases.add(
        Case.attack(
                CATEGORY,
                "the second step sent naming another tenant (X-Tenant-ID: globex), with a right recovery code:"
                    + " refused, and the code not spent",
                () ->
                    t.send(
                        secondStep(
                                pending(t, crossed),
                                "{\"recoveryCode\":\"" + crossed.recovery().get(0) + "\"}")
                            .header("X-Tenant-ID", "globex")))
            .status(401)
            .expect(
                r -> {
                  assertThat(r.cookieSet("refauth_session")).isEmpty();
                  Reply again =
                      t.send(
                          secondStep(
                              pending(t, crossed),
                              "{\"recoveryCode\":\"" + crossed.recovery().get(0) + "\"}"));
                  assertThat(again.status())
                      .as("the same code, from acme: %s", again)
                      .isEqualTo(200);
                }));
    Enrolled suspended = enrolled(t, "mfa-suspended-" + n + "@example.com");
    String suspendedStatus = "/api/admin/users/" + idOf(t, admin, suspended.email()) + "/status";
    cases.add(
        Case.attack(
                CATEGORY,
                "the second step of an account suspended since its first, with a right recovery code: refused,"
                    + " and the code not spent",
                () -> {
                  String firstStep = pending(t, suspended);
                  assertThat(
                          t.send(
                                  Raw.request("PUT", suspendedStatus)
                                      .bearer(t.operator())
                                      .jsonBody("{\"status\":\"DISABLED\"}"))
                              .status())
                      .isEqualTo(204);
                  return t.send(
                      secondStep(
                          firstStep, "{\"recoveryCode\":\"" + suspended.recovery().get(0) + "\"}"));
                })
            .status(401)
            .expect(
                r -> {
                  assertThat(r.cookieSet("refauth_session")).isEmpty();
                  t.send(
                      Raw.request("PUT", suspendedStatus)
                          .bearer(t.operator())
                          .jsonBody("{\"status\":\"ACTIVE\"}"));
                  Reply again =
                      t.send(
                          secondStep(
                              pending(t, suspended),
                              "{\"recoveryCode\":\"" + suspended.recovery().get(0) + "\"}"));
                  assertThat(again.status())
                      .as("restored, the same code: %s", again)
                      .isEqualTo(200);
                }));
    cases.add(
        Case.attack(
                CATEGORY,
                "a step-up asked for another tenant (X-Tenant-ID: globex) with an acme token",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .bearer(manager.token())
                            .header("X-Tenant-ID", "globex")
                            .jsonBody("{\"stepUp\":true}")))
            .status(401, 403)
            .expect(r -> assertThat(r.cookieSet("refauth_mfa")).isEmpty()));
    cases.add(
        Case.attack(
                CATEGORY,
                "a step-up's challenge answered without its pending cookie (another browser), with the right"
                    + " code",
                () -> {
                  t.send(
                      Raw.post("/auth/login")
                          .bearer(manager.token())
                          .jsonBody("{\"stepUp\":true}"));
                  return t.send(
                      Raw.post("/auth/login")
                          .bearer(manager.token())
                          .jsonBody("{\"code\":\"" + manager.app().current() + "\"}"));
                })
            .status(401)
            .unchanged(t.acmeAccounts()));
    cases.add(
        Case.control(
                CATEGORY,
                "the step-up answered with a fresh code: the new token makes the sensitive call",
                () -> {
                  Reply challenge =
                      t.send(
                          Raw.post("/auth/login")
                              .bearer(manager.token())
                              .jsonBody("{\"stepUp\":true}"));
                  assertThat(json(challenge).path("error").path("name").asText())
                      .isEqualTo("SecondFactorRequired");
                  Reply stepped =
                      t.send(
                          secondStep(
                              challenge.cookiePair("refauth_mfa"),
                              "{\"code\":\"" + manager.app().next() + "\"}"));
                  assertThat(stepped.status()).as("step-up: %s", stepped).isEqualTo(200);
                  return t.send(
                      Raw.request("PUT", status)
                          .bearer(Target.accessToken(stepped))
                          .jsonBody(suspend));
                })
            .status(204)
            .changes(t.acmeAccounts()));
    return cases;
  }
}
