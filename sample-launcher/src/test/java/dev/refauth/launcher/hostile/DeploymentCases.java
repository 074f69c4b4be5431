package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.launcher.hostile.Case.Probe;
import dev.refauth.launcher.hostile.Raw.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The sample as deployed for a Refine app on another origin ({@link Target#APP_ORIGIN}) behind a proxy
 * ({@link Target#PROXY}): CORS for that origin only, the CSRF check against it, forwarding headers believed from the
 * proxy only (client address for throttling, origin for the CSRF check), and an expired access token that logs
 * nothing else out.
 */
final class DeploymentCases {
  static final String CATEGORY = "Deployments: CORS, proxies, expiry";
  private static final String POST = "{\"title\":\"written across origins\"}";

  private DeploymentCases() {}

  static List<Case> all(Target t) throws Exception {
    String ada = SessionCases.browserSession(t, Target.ADA, Target.ADA_PASSWORD);
    List<Case> cases = new ArrayList<>();

    // CORS: the allowed origin, and no other, may call with credentials
    cases.add(
        Case.control(
                CATEGORY,
                "preflight from the allowed origin: 204 with the allowance",
                () ->
                    t.send(
                        preflight(
                            "/api/posts", Target.APP_ORIGIN, "POST", "authorization,content-type")))
            .status(204)
            .expect(
                r ->
                    assertThat(r.header("Access-Control-Allow-Origin")).contains(Target.APP_ORIGIN))
            .expect(
                r -> assertThat(r.header("Access-Control-Allow-Credentials")).contains("true")));
    for (String path : new String[] {"/api/posts", "/auth/login", "/auth/refresh", "/posts"}) {
      cases.add(
          noGrant(
              t,
              "preflight from another origin to " + path,
              preflight(path, "https://evil.example", "POST", "content-type")));
    }
    for (String lookalike :
        new String[] {
          "http://admin.example.test",
          "https://admin.example.test:8443",
          "https://admin.example.test.evil.example",
          "https://evil-admin.example.test",
          "null",
          "HTTPS://ADMIN.EXAMPLE.TEST.evil.example"
        }) {
      cases.add(
          noGrant(
              t,
              "preflight from a look-alike origin " + lookalike,
              preflight("/api/posts", lookalike, "POST", "content-type")));
    }
    cases.add(
        noGrant(
            t,
            "preflight from the allowed origin for a method it may not use (TRACE)",
            preflight("/api/posts", Target.APP_ORIGIN, "TRACE", "")));
    cases.add(
        noGrant(
            t,
            "preflight from the allowed origin for a header not on the list",
            preflight("/api/posts", Target.APP_ORIGIN, "POST", "x-admin-override")));
    cases.add(
        Case.attack(
                CATEGORY,
                "cross-origin read with the victim's cookie from another origin: no grant to read it",
                () ->
                    t.send(
                        Raw.get("/auth/me")
                            .json()
                            .cookie(ada)
                            .header("Origin", "https://evil.example")
                            .header("Sec-Fetch-Site", "cross-site")))
            .expect(r -> assertThat(r.headers()).doesNotContainKey("access-control-allow-origin")));
    cases.add(
        Case.control(
                CATEGORY,
                "cookie-carrying JSON POST from the allowed origin (a same-site Refine app)",
                () ->
                    t.send(
                        Raw.post("/api/posts")
                            .json()
                            .cookie(ada)
                            .header("Origin", Target.APP_ORIGIN)
                            .header("Sec-Fetch-Site", "same-site")
                            .jsonBody(POST)))
            .status(201)
            .changes(t.acmePosts())
            .expect(
                r ->
                    assertThat(r.header("Access-Control-Allow-Origin"))
                        .contains(Target.APP_ORIGIN)));
    cases.add(
        refused(
            t,
            "cookie-carrying JSON POST from another origin, Fetch Metadata same-site",
            Raw.post("/api/posts")
                .json()
                .cookie(ada)
                .header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "same-site")
                .jsonBody(POST)));
    cases.add(
        refused(
            t,
            "cookie-carrying JSON POST from another origin, no Fetch Metadata",
            Raw.post("/api/posts")
                .json()
                .cookie(ada)
                .header("Origin", "https://evil.example")
                .jsonBody(POST)));
    cases.add(
        refused(
            t,
            "cookie-carrying form POST from the allowed origin itself (no second proof: a form could send it)",
            Raw.post("/api/posts")
                .cookie(ada)
                .header("Origin", Target.APP_ORIGIN)
                .header("Sec-Fetch-Site", "same-site")
                .body("application/x-www-form-urlencoded", "title=x")));
    cases.add(
        refused(
            t,
            "cookie-carrying text/plain POST from the allowed origin (no second proof)",
            Raw.post("/api/posts")
                .cookie(ada)
                .header("Origin", Target.APP_ORIGIN)
                .header("Sec-Fetch-Site", "same-site")
                .body("text/plain", POST)));
    cases.add(
        Case.attack(
                CATEGORY,
                "login from another origin with a JSON body: refused, no session",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .header("Origin", "https://evil.example")
                            .header("Sec-Fetch-Site", "cross-site")
                            .jsonBody(
                                "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}")))
            .status(403)
            .expect(r -> assertThat(r.headers()).doesNotContainKey("access-control-allow-origin")));

    // forwarding headers: believed from the proxy, from nobody else
    String[] forgedForwarding = {
      "X-Forwarded-Host",
      "evil.example",
      "X-Forwarded-Proto",
      "https",
      "X-Forwarded-For",
      "203.0.113.9"
    };
    Raw.Request forgedOrigin =
        Raw.post("/api/posts")
            .json()
            .cookie(ada)
            .header("Origin", "https://evil.example")
            .jsonBody(POST);
    for (int i = 0; i < forgedForwarding.length; i += 2) {
      forgedOrigin.header(forgedForwarding[i], forgedForwarding[i + 1]);
    }
    cases.add(
        refused(
            t,
            "X-Forwarded-Host/-Proto from an untrusted peer, to make evil.example the own origin",
            forgedOrigin));
    cases.add(
        refused(
            t,
            "Forwarded (RFC 7239) from an untrusted peer, to make evil.example the own origin",
            Raw.post("/api/posts")
                .json()
                .cookie(ada)
                .header("Origin", "https://evil.example")
                .header("Forwarded", "for=203.0.113.9;proto=https;host=evil.example")
                .jsonBody(POST)));
    // the sample has a public origin (its launcher's URL), which the standard provider needs for
    // its links: it is the
    // own origin whatever a proxy reports, even the trusted one (the proxy's report counts only
    // without one)
    cases.add(
        refused(
            t,
            "X-Forwarded-Host/-Proto from the trusted proxy, to move the own origin off the public origin",
            Raw.post("/api/posts")
                .from(Target.PROXY)
                .json()
                .cookie(ada)
                .header("Origin", "https://sample.example.test")
                .header("X-Forwarded-For", "198.51.100.20")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "sample.example.test")
                .jsonBody(POST)));
    cases.add(
        Case.control(
                CATEGORY,
                "the same from the trusted proxy with the public origin: written",
                () ->
                    t.send(
                        Raw.post("/api/posts")
                            .from(Target.PROXY)
                            .json()
                            .cookie(ada)
                            .header("Origin", t.base)
                            .header("X-Forwarded-For", "198.51.100.20")
                            .header("X-Forwarded-Proto", "https")
                            .header("X-Forwarded-Host", "sample.example.test")
                            .jsonBody(POST)))
            .status(201)
            .changes(t.acmePosts()));
    // the throttling key is the client the proxy settings name: three failures on one account from
    // one client make it
    // wait (429), spread over three clients they do not
    String strong = "a-long-enough-passphrase";
    cases.add(
        Case.attack(
                CATEGORY,
                "X-Forwarded-For from an untrusted peer does not choose the throttling key",
                () -> {
                  t.newAccount("xff-1@example.com", strong);
                  for (int i = 0; i < 3; i++) { // each claiming another client
                    t.send(
                        Raw.post("/auth/login")
                            .from("127.0.0.2")
                            .header("X-Forwarded-For", "198.51.100." + i)
                            .jsonBody(
                                "{\"email\":\"xff-1@example.com\",\"password\":\"wrong-password\"}"));
                  }
                  return t.send(
                      Raw.post("/auth/login")
                          .from("127.0.0.2")
                          .header("X-Forwarded-For", "198.51.100.99")
                          .jsonBody(
                              "{\"email\":\"xff-1@example.com\",\"password\":\"" + strong + "\"}"));
                })
            .status(429));
    cases.add(
        Case.control(
                CATEGORY,
                "from the trusted proxy, X-Forwarded-For is the client: three clients' failures make none wait",
                () -> {
                  t.newAccount("xff-2@example.com", strong);
                  for (int i = 0; i < 3; i++) {
                    t.send(
                        Raw.post("/auth/login")
                            .from(Target.PROXY)
                            .header("X-Forwarded-For", "198.51.100." + i)
                            .jsonBody(
                                "{\"email\":\"xff-2@example.com\",\"password\":\"wrong-password\"}"));
                  }
                  return t.send(
                      Raw.post("/auth/login")
                          .from(Target.PROXY)
                          .header("X-Forwarded-For", "198.51.100.99")
                          .jsonBody(
                              "{\"email\":\"xff-2@example.com\",\"password\":\"" + strong + "\"}"));
                })
            .status(200));
    cases.add(
        Case.attack(
                CATEGORY,
                "behind the proxy (which appends X-Forwarded-For), the client's own Forwarded header does not "
                    + "choose the throttling key",
                () -> {
                  t.newAccount("xff-3@example.com", strong);
                  for (int i = 0; i < 3; i++) {
                    t.send(
                        Raw.post("/auth/login")
                            .from(Target.PROXY)
                            .header("Forwarded", "for=203.0.113." + i)
                            .header("X-Forwarded-For", "198.51.100.77")
                            .jsonBody(
                                "{\"email\":\"xff-3@example.com\",\"password\":\"wrong-password\"}"));
                  }
                  return t.send(
                      Raw.post("/auth/login")
                          .from(Target.PROXY)
                          .header("X-Forwarded-For", "198.51.100.77")
                          .jsonBody(
                              "{\"email\":\"xff-3@example.com\",\"password\":\"" + strong + "\"}"));
                })
            .status(429));
    cases.add(
        Case.attack(
                CATEGORY,
                "behind the proxy, failures claiming another client in Forwarded do not make that innocent client wait",
                () -> {
                  t.newAccount("xff-4@example.com", strong);
                  for (int i = 0; i < 3; i++) {
                    t.send(
                        Raw.post("/auth/login")
                            .from(Target.PROXY)
                            .header("Forwarded", "for=198.51.100.79")
                            .header("X-Forwarded-For", "198.51.100.78")
                            .jsonBody(
                                "{\"email\":\"xff-4@example.com\",\"password\":\"wrong-password\"}"));
                  }
                  return t.send(
                      Raw.post("/auth/login")
                          .from(Target.PROXY)
                          .header("X-Forwarded-For", "198.51.100.79")
                          .jsonBody(
                              "{\"email\":\"xff-4@example.com\",\"password\":\"" + strong + "\"}"));
                })
            .allowSession()
            .status(200));

    // time passes: an expired access token beside a live session cookie and refresh cookie
    Reply umaLogin =
        t.send(
            Raw.post("/auth/login")
                .sameOrigin()
                .jsonBody(
                    "{\"email\":\""
                        + Target.UMA
                        + "\",\"password\":\""
                        + Target.UMA_PASSWORD
                        + "\"}"));
    String umaSession = umaLogin.cookiePair("refauth_session");
    String umaRefresh = umaLogin.cookiePair("refauth_refresh");
    Forge forge = new Forge(Target.accessToken(umaLogin), t.data);
    Instant past = Instant.now().minusSeconds(600);
    String expired =
        forge.byServer(
            forge.claims(
                c ->
                    c.issueTime(Date.from(past))
                        .expirationTime(Date.from(past.plusSeconds(300)))
                        .jwtID("expired-" + past.getEpochSecond())));
    Probe session = SessionCases.sessionValid(t, umaSession);
    for (String path : new String[] {"/api/posts", "/auth/me"}) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "an expired (authentic) access token beside the session and refresh cookies, twice, at "
                      + path,
                  () -> {
                    Reply first =
                        t.send(
                            Raw.get(path)
                                .json()
                                .bearer(expired)
                                .cookie(umaSession + "; " + umaRefresh));
                    assertThat(first.setCookies()).as("no cookie cleared").isEmpty();
                    return t.send(
                        Raw.get(path)
                            .json()
                            .bearer(expired)
                            .cookie(umaSession + "; " + umaRefresh));
                  })
              .status(401)
              .unchanged(session)
              .expect(
                  r ->
                      assertThat(r.header("WWW-Authenticate"))
                          .contains(
                              "Bearer error=\"invalid_token\", error_description=\"The access token expired\""))
              .expect(r -> assertThat(r.setCookies()).as("no cookie cleared").isEmpty())
              .expect(JwtCases::noData));
    }
    cases.add(
        Case.control(
                CATEGORY,
                "after the expired token: the refresh cookie still refreshes, the session cookie still signs in",
                () ->
                    t.send(
                        Raw.post("/auth/refresh").sameOrigin().cookie(umaRefresh).jsonBody("{}")))
            .status(200)
            .expect(r -> assertThat(r.body()).contains("\"accessToken\""))
            .expect(
                r ->
                    assertThat(t.status(Raw.get("/auth/me").json().cookie(umaSession)))
                        .isEqualTo(200)));
    return cases;
  }

  private static Raw.Request preflight(String path, String origin, String method, String headers) {
    Raw.Request r =
        Raw.request("OPTIONS", path)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method);
    return headers.isEmpty() ? r : r.header("Access-Control-Request-Headers", headers);
  }

  private static Case noGrant(Target t, String name, Raw.Request request) {
    return Case.attack(CATEGORY, name, () -> t.send(request))
        .status(403)
        .expect(
            r ->
                assertThat(r.headers().keySet())
                    .noneMatch(h -> h.startsWith("access-control-allow")));
  }

  /** Refused by the CSRF check, nothing written; only the allowed origin may read the refusal. */
  private static Case refused(Target t, String name, Raw.Request request) {
    boolean allowedOrigin =
        request.headers.stream()
            .anyMatch(h -> h[0].equals("Origin") && h[1].equals(Target.APP_ORIGIN));
    return Case.attack(CATEGORY, name, () -> t.send(request))
        .status(403)
        .expect(r -> assertThat(r.body()).contains("CsrfError"))
        .expect(
            r ->
                assertThat(r.header("Access-Control-Allow-Origin"))
                    .isEqualTo(allowedOrigin ? Optional.of(Target.APP_ORIGIN) : Optional.empty()))
        .unchanged(t.acmePosts());
  }
}
