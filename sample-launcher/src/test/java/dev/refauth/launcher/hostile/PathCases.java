package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * Reaching a protected resource without credentials through path and method tricks: the filter decides on
 * the path the container will dispatch, or refuses an ambiguous one; it never trusts rewrite headers.
 */
final class PathCases {
  static final String CATEGORY = "Paths and methods";

  private PathCases() {}

  static List<Case> all(Target t) {
    String uma = t.token(Target.UMA, Target.UMA_PASSWORD);
    List<Case> cases = new ArrayList<>();
    cases.add(
        Case.control(
                CATEGORY,
                "GET /api/posts with a token",
                () -> t.send(Raw.get("/api/posts").json().bearer(uma)))
            .status(200)
            .expect(r -> assertThat(r.body()).contains(Target.ACME_POST)));
    cases.add(
        Case.control(
                CATEGORY,
                "a public asset without a token",
                () -> t.send(Raw.get("/assets/style.css")))
            .status(200));
    for (String method :
        List.of(
            "PROPFIND", "MKCOL", "BREW", "get", "post")) { // the container answered these with 501
      cases.add(
          Case.attack(
                  CATEGORY,
                  method + " on a public path",
                  () -> t.send(Raw.request(method, "/assets/").html()))
              .status(405)
              .expect(r -> assertThat(r.header("Allow")).isPresent()));
    }
    for (String path :
        List.of(
            "/assets/style.css", "/login")) { // servlets without doPatch answer 501 Not Implemented
      cases.add(
          Case.attack(
                  CATEGORY,
                  "PATCH " + path + " (a method its servlet does not implement)",
                  () -> t.send(Raw.request("PATCH", path).html().sameOrigin()))
              .status(405));
    }
    cases.add(
        Case.attack(
                CATEGORY,
                "a listing of the public assets' directory",
                () -> t.send(Raw.get("/assets/").html()))
            .status(403, 404)
            .expect(
                r -> assertThat(r.body()).doesNotContain("forms.js").doesNotContain("style.css")));
    cases.add(
        Case.attack(
                CATEGORY,
                "GET /api/posts without a token",
                () -> t.send(Raw.get("/api/posts").json()))
            .status(401)
            .expect(JwtCases::noData));
    for (String path :
        List.of(
            "/api/posts;jsessionid=x",
            "/api/posts;/",
            "/api;x=1/posts",
            "/api/%70osts",
            "/api/posts/",
            "/api/posts/.",
            "/api//posts",
            "//api/posts",
            "/api/posts%2f",
            "/api%2fposts",
            "/assets/../api/posts",
            "/assets/%2e%2e/api/posts",
            "/assets/%2E%2E/api/posts",
            "/assets/.%2e/api/posts",
            "/assets/..%2fapi/posts",
            "/assets/%2e%2e%2fapi%2fposts",
            "/assets/%252e%252e/api/posts",
            "/assets;/../api/posts",
            "/assets/..;/api/posts",
            "/register/../api/posts",
            "/assets/%5c..%5capi/posts",
            "/assets\\..\\api\\posts",
            "/api/posts%00",
            "/api/posts%00.css",
            "/api/posts/..%00/",
            "/API/posts",
            "/api/POSTS",
            "/./api/posts",
            "/assets/style.css/../../api/posts",
            "/api/posts?x=/assets/style.css",
            "/api/posts#/assets/",
            "/assets/%u002e%u002e/api/posts")) {
      cases.add(
          Case.attack(CATEGORY, "anonymous GET " + path, () -> t.send(Raw.get(path).json()))
              .status(400, 401, 404)
              .expect(JwtCases::noData));
    }
    cases.add(
        Case.control(
                CATEGORY,
                "HEAD /api/posts with a token",
                () -> t.send(Raw.request("HEAD", "/api/posts").json().bearer(uma)))
            .status(200));
    cases.add(
        Case.attack(
                CATEGORY,
                "anonymous HEAD /api/posts",
                () -> t.send(Raw.request("HEAD", "/api/posts").json()))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "TRACE with a token (cross-site tracing)",
                () -> t.send(Raw.request("TRACE", "/api/posts").bearer(uma)))
            .status(403, 405)
            .expect(r -> assertThat(r.body()).doesNotContain(uma)));
    cases.add(
        Case.attack(CATEGORY, "TRACK", () -> t.send(Raw.request("TRACK", "/api/posts").bearer(uma)))
            .status(403, 405, 501));
    cases.add(
        Case.attack(
                CATEGORY,
                "anonymous unknown method FOO",
                () -> t.send(Raw.request("FOO", "/api/posts").json()))
            .status(400, 401, 403, 405, 501)
            .expect(JwtCases::noData));
    cases.add(
        Case.attack(
                CATEGORY,
                "anonymous OPTIONS /api/posts",
                () -> t.send(Raw.request("OPTIONS", "/api/posts").json()))
            .status(200, 204, 401, 405)
            .expect(JwtCases::noData));
    cases.add(
        Case.attack(
                CATEGORY,
                "anonymous POST /api/posts",
                () -> t.send(Raw.post("/api/posts").json().jsonBody("{\"title\":\"x\"}")))
            .status(401, 403)
            .unchanged(t.acmePosts()));
    cases.add(
        Case.attack(
                CATEGORY,
                "X-HTTP-Method-Override: GET on an anonymous POST",
                () ->
                    t.send(
                        Raw.post("/api/posts")
                            .json()
                            .header("X-HTTP-Method-Override", "GET")
                            .jsonBody("{}")))
            .status(401, 403)
            .expect(JwtCases::noData));
    cases.add(
        Case.attack(
                CATEGORY,
                "X-HTTP-Method-Override: DELETE by a reader",
                () ->
                    t.send(
                        Raw.post("/api/posts/1")
                            .json()
                            .bearer(uma)
                            .header("X-HTTP-Method-Override", "DELETE")
                            .jsonBody("{}")))
            .status(403, 404, 405)
            .unchanged(t.acmePosts()));
    for (String[] h :
        List.of(
            new String[] {"X-Original-URL", "/assets/style.css"},
            new String[] {"X-Rewrite-URL", "/assets/style.css"},
            new String[] {"X-Forwarded-Prefix", "/assets"},
            new String[] {"X-Forwarded-Uri", "/assets/style.css"},
            new String[] {"X-Forwarded-For", "127.0.0.1"},
            new String[] {"X-Real-IP", "127.0.0.1"},
            new String[] {"X-Forwarded-Proto", "https"},
            new String[] {"X-Forwarded-Host", "localhost"})) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "anonymous GET /api/posts with " + h[0] + ": " + h[1],
                  () -> t.send(Raw.get("/api/posts").json().header(h[0], h[1])))
              .status(401)
              .expect(JwtCases::noData));
    }
    cases.add(
        Case.attack(
                CATEGORY,
                "anonymous browser GET /admin with X-Original-URL: /login",
                () -> t.send(Raw.get("/admin").html().header("X-Original-URL", "/login")))
            .status(302)
            .expect(
                r ->
                    assertThat(t.isLocal(r.location()) && r.location().contains("/login"))
                        .as(r.location())
                        .isTrue()));
    cases.add(
        Case.attack(
                CATEGORY,
                "a reader's GET /admin page",
                () -> t.send(Raw.get("/admin").html().bearer(uma)))
            .status(403)
            .expect(r -> assertThat(r.body()).doesNotContain(Target.ADA)));
    return cases;
  }
}
