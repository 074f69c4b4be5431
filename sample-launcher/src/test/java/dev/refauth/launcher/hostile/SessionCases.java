package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.launcher.hostile.Case.Probe;
import dev.refauth.launcher.hostile.Raw.Reply;
import java.util.ArrayList;
import java.util.List;

/** Cookie sessions: fixation, cross-site requests riding on them, login and logout CSRF, replay after logout. */
final class SessionCases {
  static final String CATEGORY = "Sessions and CSRF";

  private SessionCases() {}

  /** A browser's form login (same-origin): its session cookie, {@code refauth_session=...}. */
  static String browserSession(Target t, String email, String password) {
    Reply r =
        t.send(
            Raw.post("/auth/login")
                .sameOrigin()
                .body(
                    "application/x-www-form-urlencoded",
                    "email=" + email.replace("@", "%40") + "&password=" + password));
    assertThat(r.status()).as("form login %s", r).isEqualTo(303);
    return r.cookiePair("refauth_session");
  }

  static Probe sessionValid(Target t, String cookie) {
    return new Probe(
        "the session's validity", () -> t.status(Raw.get("/auth/me").json().cookie(cookie)));
  }

  static List<Case> all(Target t) {
    String ada = browserSession(t, Target.ADA, Target.ADA_PASSWORD);
    String uma = browserSession(t, Target.UMA, Target.UMA_PASSWORD);
    List<Case> cases = new ArrayList<>();
    String post = "{\"title\":\"written by a forged request\"}";

    cases.add(
        Case.control(
                CATEGORY,
                "the login answer's session cookie is HttpOnly and SameSite",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .sameOrigin()
                            .body(
                                "application/x-www-form-urlencoded",
                                "email=user%40example.com&password=demo-user-pass")))
            .status(303)
            .expect(
                r ->
                    assertThat(r.setCookies())
                        .anySatisfy(
                            c ->
                                assertThat(c)
                                    .startsWith("refauth_session=")
                                    .containsIgnoringCase("HttpOnly")
                                    .containsIgnoringCase("SameSite="))));
    cases.add(
        Case.attack(
                CATEGORY,
                "session fixation: the cookie the attacker planted before login is not the session after it",
                () -> {
                  String planted = "refauth_session=AttackerChosenSessionValue0123456789abcdef";
                  Reply login =
                      t.send(
                          Raw.post("/auth/login")
                              .sameOrigin()
                              .cookie(planted)
                              .body(
                                  "application/x-www-form-urlencoded",
                                  "email=user%40example.com&password=demo-user-pass"));
                  assertThat(login.cookiePair("refauth_session")).isNotEqualTo(planted);
                  assertThat(
                          t.status(
                              Raw.get("/auth/me")
                                  .json()
                                  .cookie(login.cookiePair("refauth_session"))))
                      .as("control: the new one works")
                      .isEqualTo(200);
                  return t.send(Raw.get("/auth/me").json().cookie(planted));
                })
            .status(401));
    // found by an outside look: the identity cache keyed the cookie's value like a bearer token, so
    // once the cookie had been checked its value worked as a bearer token for a minute
    String umaSession = uma.substring(uma.indexOf('=') + 1);
    cases.add(
        Case.attack(
                CATEGORY,
                "the session cookie's value as a bearer token, right after the cookie was checked",
                () -> {
                  assertThat(t.status(Raw.get("/auth/me").json().cookie(uma)))
                      .as("control: the cookie itself")
                      .isEqualTo(200);
                  return t.send(Raw.get("/api/posts").json().bearer(umaSession));
                })
            .status(401)
            .expect(JwtCases::noData));
    cases.add(
        Case.control(
                CATEGORY,
                "same-origin JSON POST with the session cookie",
                () ->
                    t.send(
                        Raw.post("/api/posts")
                            .json()
                            .cookie(ada)
                            .sameOrigin()
                            .header("Origin", t.base)
                            .jsonBody(post)))
            .status(201)
            .changes(t.acmePosts()));
    cases.add(
        Case.control(
                CATEGORY,
                "cross-site POST with a bearer token (no ambient credential: CSRF does not apply)",
                () ->
                    t.send(
                        Raw.post("/api/posts")
                            .json()
                            .bearer(t.token(Target.ADA, Target.ADA_PASSWORD))
                            .header("Sec-Fetch-Site", "cross-site")
                            .header("Origin", "https://evil.example")
                            .jsonBody(post)))
            .status(201)
            .changes(t.acmePosts()));
    cases.add(
        crossSite(
            t,
            "cross-site JSON POST riding on the session cookie",
            Raw.post("/api/posts")
                .json()
                .cookie(ada)
                .header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://evil.example")
                .jsonBody(post)));
    cases.add(
        crossSite(
            t,
            "same-site (a sibling subdomain) POST riding on the session cookie",
            Raw.post("/api/posts")
                .json()
                .cookie(ada)
                .header("Sec-Fetch-Site", "same-site")
                .header("Origin", "http://evil.localhost")
                .jsonBody(post)));
    cases.add(
        crossSite(
            t,
            "cross-site form POST from an old browser (Origin only)",
            Raw.post("/api/posts")
                .cookie(ada)
                .header("Origin", "https://evil.example")
                .body("application/x-www-form-urlencoded", "title=x")));
    cases.add(
        crossSite(
            t,
            "POST with Origin: null (sandboxed iframe)",
            Raw.post("/api/posts").cookie(ada).header("Origin", "null").body("text/plain", post)));
    cases.add(
        crossSite(
            t,
            "text/plain POST without Fetch Metadata or Origin (no proof of origin)",
            Raw.post("/api/posts").cookie(ada).body("text/plain", post)));
    cases.add(
        crossSite(
            t,
            "form POST whose _csrf does not match its cookie",
            Raw.post("/api/posts")
                .cookie(ada + "; refauth_csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .body(
                    "application/x-www-form-urlencoded",
                    "title=x&_csrf=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")));
    cases.add(
        crossSite(
            t,
            "DELETE cross-site riding on the session cookie",
            Raw.request("DELETE", "/api/posts/1")
                .cookie(ada)
                .header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://evil.example")));
    cases.add(
        Case.attack(
                CATEGORY,
                "CORS preflight from another origin: no permission to call or read",
                () ->
                    t.send(
                        Raw.request("OPTIONS", "/auth/me")
                            .header("Origin", "https://evil.example")
                            .header("Access-Control-Request-Method", "GET")
                            .header("Access-Control-Request-Headers", "authorization")))
            .status(200, 204, 401, 403, 405)
            .expect(
                r ->
                    assertThat(r.headers())
                        .doesNotContainKey("access-control-allow-origin")
                        .doesNotContainKey("access-control-allow-credentials")));
    cases.add(
        Case.attack(
                CATEGORY,
                "cross-origin read of /auth/me with the victim's cookie: no CORS grant",
                () ->
                    t.send(
                        Raw.get("/auth/me")
                            .json()
                            .cookie(uma)
                            .header("Origin", "https://evil.example")
                            .header("Sec-Fetch-Site", "cross-site")))
            .status(200)
            .expect(r -> assertThat(r.headers()).doesNotContainKey("access-control-allow-origin")));
    cases.add(
        Case.attack(
                CATEGORY,
                "login CSRF: a cross-site form signs the victim in as the attacker",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .header("Sec-Fetch-Site", "cross-site")
                            .header("Origin", "https://evil.example")
                            .body(
                                "application/x-www-form-urlencoded",
                                "email=user%40example.com&password=demo-user-pass")))
            .status(403));
    cases.add(
        Case.attack(
                CATEGORY,
                "login CSRF with text/plain JSON and no metadata",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .header("Origin", "https://evil.example")
                            .body(
                                "text/plain",
                                "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}")))
            .status(403));
    cases.add(
        Case.attack(
                CATEGORY,
                "logout CSRF: a cross-site form ends the victim's session",
                () ->
                    t.send(
                        Raw.post("/auth/logout")
                            .cookie(uma)
                            .header("Sec-Fetch-Site", "cross-site")
                            .header("Origin", "https://evil.example")
                            .body("application/x-www-form-urlencoded", "")))
            .status(403)
            .unchanged(sessionValid(t, uma)));
    cases.add(
        Case.attack(
                CATEGORY,
                "logout by GET (an <img> tag)",
                () -> t.send(Raw.get("/auth/logout").cookie(uma).html()))
            .status(404, 405)
            .unchanged(sessionValid(t, uma)));
    cases.add(
        Case.attack(
                CATEGORY,
                "two session cookies (the victim's and a planted one)",
                () ->
                    t.send(
                        Raw.get("/auth/me")
                            .json()
                            .cookie(uma + "; refauth_session=planted0123456789planted0123456789")))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "replay of a session cookie after logout",
                () -> {
                  String s = browserSession(t, Target.UMA, Target.UMA_PASSWORD);
                  assertThat(t.status(Raw.get("/auth/me").json().cookie(s)))
                      .as("control: valid before logout")
                      .isEqualTo(200);
                  assertThat(
                          t.status(Raw.post("/auth/logout").cookie(s).sameOrigin().jsonBody("{}")))
                      .isEqualTo(200);
                  return t.send(Raw.get("/auth/me").json().cookie(s));
                })
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "replay of an access token after logout",
                () -> {
                  String token = t.token(Target.UMA, Target.UMA_PASSWORD);
                  assertThat(t.status(Raw.get("/auth/me").json().bearer(token)))
                      .as("control: valid before logout")
                      .isEqualTo(200);
                  assertThat(t.status(Raw.post("/auth/logout").bearer(token).jsonBody("{}")))
                      .isEqualTo(200);
                  return t.send(Raw.get("/api/posts").json().bearer(token));
                })
            .status(401)
            .expect(JwtCases::noData));
    cases.add(
        Case.attack(
                CATEGORY,
                "replay of a session cookie after logout, on a browser page",
                () -> {
                  String s = browserSession(t, Target.UMA, Target.UMA_PASSWORD);
                  t.send(Raw.post("/auth/logout").cookie(s).sameOrigin().jsonBody("{}"));
                  return t.send(Raw.get("/posts").html().cookie(s));
                })
            .status(302)
            .expect(r -> assertThat(r.location()).contains("/login"))
            .expect(r -> assertThat(r.body()).doesNotContain(Target.ACME_POST)));
    return cases;
  }

  private static Case crossSite(Target t, String name, Raw.Request request) {
    return Case.attack(CATEGORY, name, () -> t.send(request))
        .status(403)
        .expect(r -> assertThat(r.body()).contains("CsrfError"))
        .unchanged(t.acmePosts());
  }
}
