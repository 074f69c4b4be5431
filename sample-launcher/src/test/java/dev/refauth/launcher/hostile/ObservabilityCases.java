package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.launcher.hostile.Raw.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The audit trail and the metrics, fed what a client controls: control characters, line and paragraph separators and
 * forged JSON in every field that reaches an event (the request id, the client address through the trusted proxy, the
 * tenant, the email), a flood of failures with ever new values, and the doors to read them taken by those who may
 * not. Each leaves a trail whose every field is clean (the JSON lines themselves: {@code JsonAuditLogTest}), and
 * metric label sets that do not grow.
 */
final class ObservabilityCases {
  static final String CATEGORY = "Observability";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a request id in the trail may be: the header's when well-formed, else one made up. */
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]*");

  /** An IP literal, v4 or v6: the client address in the trail is never the client's text. */
  private static final Pattern IP = Pattern.compile("[0-9a-fA-F:.]+");

  /** U+2028 (line separator) as the UTF-8 bytes a header carries (Raw writes ISO-8859-1). */
  private static final String LS = "\u00e2\u0080\u00a8";

  /** U+0085 (next line) as UTF-8 bytes. */
  private static final String NEL = "\u00c2\u0085";

  private ObservabilityCases() {}

  static List<Case> all(Target t) {
    String ada = t.token(Target.ADA, Target.ADA_PASSWORD);
    String uma = t.token(Target.UMA, Target.UMA_PASSWORD);
    String gil =
        Target.accessToken(t.login(Target.GIL, Target.GIL_PASSWORD, "\"tenantId\":\"globex\""));
    String adaId = AccountCases.subject(ada);
    Case.Probe successes =
        new Case.Probe("acme's sign-in successes", () -> count(t, ada, "authn_login_success"));
    Case.Probe failures =
        new Case.Probe("acme's sign-in failures", () -> count(t, ada, "authn_login_fail"));
    List<Case> cases = new ArrayList<>();

    cases.add(
        Case.control(
                CATEGORY,
                "acme's admin reads acme's events",
                () -> t.send(Raw.get("/api/admin/events?limit=5").json().bearer(ada)))
            .status(200)
            .expect(r -> assertThat(events(r)).isNotEmpty()));
    cases.add(
        Case.control(
                CATEGORY,
                "acme's admin scrapes /metrics",
                () -> t.send(Raw.get("/metrics").bearer(ada)))
            .status(200)
            .expect(r -> assertThat(r.body()).contains("refauth_sign_ins_total")));
    cases.add(
        Case.attack(
                CATEGORY,
                "a failed sign-in whose X-Request-Id carries U+2028 and a forged JSON field",
                () ->
                    t.send(
                        login(Target.UMA, "wrong-password-1")
                            .header(
                                "X-Request-Id",
                                "req-1\"}" + LS + "{\"type\":\"authn_login_success\"")))
            .status(401)
            .unchanged(successes)
            .changes(failures)
            .expect(
                r ->
                    assertThat(latestFailure(t, ada).get("request").asText())
                        .matches("[0-9a-f]{24}"))
            .expect(r -> cleanTrail(t, ada)));
    cases.add(
        Case.attack(
                CATEGORY,
                "the same with ESC, DEL and NEL in X-Request-Id",
                () ->
                    t.send(
                        login(Target.UMA, "wrong-password-2")
                            .header("X-Request-Id", "req-2\u001b[31m\u007f" + NEL)))
            .status(400, 401)
            .unchanged(successes)
            .expect(r -> cleanTrail(t, ada)));
    cases.add(
        Case.attack(
                CATEGORY,
                "an email carrying CR/LF and a forged JSON line",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .json()
                            .jsonBody(
                                "{\"email\":\"x\\r\\n{\\\"type\\\":\\\"authn_login_success\\\",\\\"account\\\":\\\""
                                    + adaId
                                    + "\\\"}@example.com\",\"password\":\"whatever-password\"}")))
            .status(400, 401)
            .unchanged(successes)
            .expect(r -> cleanTrail(t, ada)));
    cases.add(
        Case.attack(
                CATEGORY,
                "X-Forwarded-For from the trusted proxy carrying NEL, U+2028 and a forged field",
                () ->
                    t.send(
                        login(Target.UMA, "wrong-password-3")
                            .from(Target.PROXY)
                            .header(
                                "X-Forwarded-For",
                                "198.51.100.7" + NEL + LS + "{\"client\":\"203.0.113.1\"}")))
            .status(400, 401)
            .unchanged(successes)
            .expect(r -> cleanTrail(t, ada)));
    cases.add(
        Case.attack(
                CATEGORY,
                "X-Tenant-ID carrying U+2028 on a sign-in: refused, nothing in any trail",
                () ->
                    t.send(
                        login(Target.UMA, Target.UMA_PASSWORD)
                            .header("X-Tenant-ID", "acme" + LS + "{\"tenant\":\"globex\"}")))
            .status(400, 403)
            .unchanged(successes, failures)
            .expect(r -> cleanTrail(t, ada)));
    cases.add(
        Case.attack(
                CATEGORY,
                "a flood of 100 failed sign-ins with new emails, request ids and client addresses,"
                    + " and 100 unknown tenants, grows no metric label set",
                () -> {
                  Set<String> before = series(t, ada);
                  long failedBefore = failureCount(t, ada);
                  for (int i = 0; i < 100; i++) {
                    t.send(
                        Raw.post("/auth/login")
                            .from("127.0.9." + (i + 10))
                            .json()
                            .header("X-Request-Id", "flood-" + i + "-" + System.nanoTime())
                            .jsonBody(
                                "{\"email\":\"flood-"
                                    + i
                                    + "@example.net\",\"password\":\"not-the-password\"}"));
                    t.send(
                        login("flood-t" + i + "@example.net", "not-the-password")
                            .header("X-Tenant-ID", "tenant-" + i));
                  }
                  Set<String> after = series(t, ada);
                  assertThat(failureCount(t, ada) - failedBefore)
                      .as("the failures were counted (the positive side)")
                      .isGreaterThanOrEqualTo(100);
                  Set<String> grown = new TreeSet<>(after);
                  grown.removeAll(before);
                  assertThat(grown).as("new series after the flood").hasSizeLessThanOrEqualTo(2);
                  assertThat(String.join("\n", after)).doesNotContain("flood-", "tenant-");
                  return t.send(Raw.get("/metrics").bearer(ada));
                })
            .status(200));
    cases.add(
        Case.attack(
                CATEGORY,
                "/metrics with a token without metrics:read",
                () -> t.send(Raw.get("/metrics").bearer(uma)))
            .status(403)
            .expect(r -> assertThat(r.body()).doesNotContain("refauth_")));
    cases.add(
        Case.attack(
                CATEGORY,
                "/metrics without a credential",
                () -> t.send(Raw.get("/metrics").header("Accept", "text/plain")))
            .status(401, 302, 303)
            .expect(r -> assertThat(r.body()).doesNotContain("refauth_")));
    cases.add(
        Case.attack(
                CATEGORY,
                "the ordinary user reads the security events",
                () -> t.send(Raw.get("/api/admin/events").json().bearer(uma)))
            .status(403)
            .expect(r -> assertThat(r.body()).doesNotContain("authn_")));
    cases.add(
        Case.attack(
                CATEGORY,
                "globex's admin asks for acme's events by query and header",
                () ->
                    t.send(
                        Raw.get("/api/admin/events?tenant=acme&limit=1000")
                            .json()
                            .bearer(gil)
                            .header("X-Tenant-ID", "acme")))
            .status(403)
            .expect(r -> assertThat(r.body()).doesNotContain(adaId)));
    cases.add(
        Case.attack(
                CATEGORY,
                "globex's admin asks for acme's events by query only",
                () ->
                    t.send(Raw.get("/api/admin/events?tenant=acme&limit=1000").json().bearer(gil)))
            .status(200, 400)
            .expect(r -> assertThat(r.body()).doesNotContain(adaId)));
    return cases;
  }

  private static Raw.Request login(String email, String password) {
    return Raw.post("/auth/login")
        .json()
        .jsonBody("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  private static JsonNode events(Reply r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      assertThat(n.isArray()).as("an array: %s", r).isTrue();
      return n;
    } catch (IOException e) {
      throw new AssertionError(r.toString(), e);
    }
  }

  private static JsonNode trail(Target t, String admin, String query) {
    Reply r = t.send(Raw.get("/api/admin/events?limit=1000" + query).json().bearer(admin));
    assertThat(r.status()).as("the trail: %s", r).isEqualTo(200);
    return events(r);
  }

  private static int count(Target t, String admin, String type) {
    return trail(t, admin, "&type=" + type).size();
  }

  private static JsonNode latestFailure(Target t, String admin) {
    return trail(t, admin, "&type=authn_login_fail").get(0);
  }

  /** Every event of the tenant: a clean request id, an IP literal as the client, no email, no control character. */
  private static void cleanTrail(Target t, String admin) {
    for (JsonNode e : trail(t, admin, "")) {
      assertThat(e.path("request").asText()).matches(REQUEST_ID);
      assertThat(e.path("client").asText()).matches(IP);
      assertThat(e.toString())
          .doesNotContain("@")
          .doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]");
      assertThat(e.toString()).doesNotContain("globex");
    }
  }

  /** The names and labels of the refauth series in /metrics (values dropped). */
  private static Set<String> series(Target t, String admin) {
    Reply r = t.send(Raw.get("/metrics").bearer(admin));
    assertThat(r.status()).as("/metrics: %s", r).isEqualTo(200);
    Set<String> out = new TreeSet<>();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("refauth_") && !line.contains("_bucket{")) {
        out.add(line.substring(0, line.lastIndexOf(' ')));
      }
    }
    return out;
  }

  private static long failureCount(Target t, String admin) {
    Reply r = t.send(Raw.get("/metrics").bearer(admin));
    long n = 0;
    for (String line : r.body().split("\n")) {
      if (line.startsWith("refauth_sign_ins_total{") && line.contains("outcome=\"failure\"")) {
        n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return n;
  }
}
