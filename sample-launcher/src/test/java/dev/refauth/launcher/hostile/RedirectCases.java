package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Open redirects through {@code to} / {@code redirectTo} in every known disguise, and header injection. */
final class RedirectCases {
  static final String CATEGORY = "Redirects";
  static final List<String> OFF_SITE =
      List.of(
          "https://evil.example",
          "//evil.example",
          "///evil.example",
          "/\\evil.example",
          "\\\\evil.example",
          "/%2F/evil.example",
          "%2F%2Fevil.example",
          "/%5Cevil.example",
          "https:evil.example",
          "http:/evil.example",
          "javascript:alert(1)",
          "data:text/html,<script>alert(1)</script>",
          "/\t/evil.example",
          " //evil.example",
          "/%09/evil.example",
          "//evil.example@localhost",
          "http://localhost@evil.example",
          "\uff0f\uff0fevil.example",
          "/\r\nLocation: https://evil.example",
          "/%0d%0aSet-Cookie:%20evil=1");

  private RedirectCases() {}

  static List<Case> all(Target t) {
    List<Case> cases = new ArrayList<>();
    cases.add(
        Case.control(
                CATEGORY,
                "JSON login with a local to: kept",
                () -> t.login(Target.UMA, Target.UMA_PASSWORD, "\"to\":\"/posts?page=2\""))
            .status(200)
            .expect(r -> assertThat(redirectTo(r)).isEqualTo("/posts?page=2")));
    for (String target : OFF_SITE) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "JSON login with to " + printable(target),
                  () -> t.login(Target.UMA, Target.UMA_PASSWORD, "\"to\":" + json(target)))
              .allowSession()
              .status(200)
              .expect(r -> assertLocal(t, redirectTo(r))));
    }
    cases.add(
        Case.control(
                CATEGORY,
                "form login with a local to: 303 there",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .sameOrigin()
                            .body(
                                "application/x-www-form-urlencoded",
                                "email=user%40example.com&password=demo-user-pass&to=%2Fposts")))
            .status(303)
            .expect(r -> assertThat(r.location()).endsWith("/posts")));
    for (String target :
        List.of(
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/%0d%0aSet-Cookie:%20evil=1")) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "form login with to " + printable(target),
                  () ->
                      t.send(
                          Raw.post("/auth/login")
                              .sameOrigin()
                              .body(
                                  "application/x-www-form-urlencoded",
                                  "email=user%40example.com&password=demo-user-pass&to="
                                      + URLEncoder.encode(target, StandardCharsets.UTF_8))))
              .allowSession()
              .status(303)
              .expect(r -> assertLocal(t, r.location()))
              .expect(RedirectCases::noInjectedHeader));
    }
    for (String target : List.of("https://evil.example", "//evil.example", "/\\evil.example")) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "signed-in browser at /login?to=" + printable(target),
                  () ->
                      t.send(
                          Raw.get("/login?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8))
                              .html()
                              .bearer(t.token(Target.UMA, Target.UMA_PASSWORD))))
              .status(302)
              .expect(r -> assertLocal(t, r.location())));
    }
    cases.add(
        Case.attack(
                CATEGORY,
                "anonymous browser at /posts?to=//evil.example: the login link carries no off-site target",
                () -> t.send(Raw.get("/posts?to=%2F%2Fevil.example").html()))
            .status(302)
            .expect(r -> assertLocal(t, r.location()))
            .expect(r -> assertThat(r.location()).doesNotContain("to=%2F%2Fevil")));
    cases.add(
        Case.attack(
                CATEGORY,
                "CR LF in the path of a login redirect",
                () -> t.send(Raw.get("/posts%0d%0aSet-Cookie:%20evil=1").html()))
            .status(302, 400)
            .expect(RedirectCases::noInjectedHeader)
            .expect(r -> assertLocal(t, r.location().isEmpty() ? "/" : r.location())));
    cases.add(
        Case.attack(
                CATEGORY,
                "failed form login with to //evil.example: back to the login page, target dropped",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .sameOrigin()
                            .body(
                                "application/x-www-form-urlencoded",
                                "email=user%40example.com&password=wrong-password&to=%2F%2Fevil.example")))
            .status(303)
            .expect(r -> assertLocal(t, r.location()))
            .expect(r -> assertThat(r.location()).doesNotContain("evil")));
    cases.add(
        Case.attack(
                CATEGORY,
                "markup in to and error, reflected by the login page",
                () ->
                    t.send(
                        Raw.get(
                                "/login?to=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&error=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
                            .html()))
            .status(200)
            .expect(
                r ->
                    assertThat(r.body())
                        .doesNotContain("<script>alert(1)")
                        .doesNotContain("<img src=x")));
    cases.add(
        Case.attack(
                CATEGORY,
                "logout asking to go off-site",
                () ->
                    t.send(
                        Raw.post("/auth/logout")
                            .jsonBody("{\"redirectTo\":\"https://evil.example\"}")
                            .bearer(t.token(Target.UMA, Target.UMA_PASSWORD))))
            .status(200)
            .expect(r -> assertThat(r.body()).doesNotContain("evil.example")));
    // the POST door of social login (issue 19, item 8): "to" goes through the same validator; a
    // callback only by GET
    cases.add(
        Case.attack(
                CATEGORY,
                "social login started by POST with to=//evil.example/x, then completed",
                () -> {
                  OAuthCases.Attempt a =
                      OAuthCases.begin(
                          t,
                          Raw.post("/auth/login")
                              .jsonBody("{\"providerName\":\"demo\",\"to\":\"//evil.example/x\"}"));
                  return t.send(Raw.get(a.callback()).html().cookie(a.cookie()));
                })
            .allowSession()
            .status(302)
            .expect(r -> assertLocal(t, r.location())));
    cases.add(
        Case.attack(
                CATEGORY,
                "a social callback by POST (body callback: true), which would answer the stored target as redirectTo",
                () -> {
                  OAuthCases.Attempt a = OAuthCases.begin(t, "");
                  String query = a.callback().substring(a.callback().indexOf('?') + 1);
                  String code = query.replaceAll(".*(?:^|&)code=([^&]*).*", "$1");
                  String state = query.replaceAll(".*(?:^|&)state=([^&]*).*", "$1");
                  return t.send(
                      Raw.post("/auth/login")
                          .cookie(a.cookie())
                          .jsonBody(
                              "{\"providerName\":\"demo\",\"callback\":true,\"code\":"
                                  + json(
                                      java.net.URLDecoder.decode(
                                          code, java.nio.charset.StandardCharsets.UTF_8))
                                  + ",\"state\":"
                                  + json(
                                      java.net.URLDecoder.decode(
                                          state, java.nio.charset.StandardCharsets.UTF_8))
                                  + "}"));
                })
            .status(400));
    return cases;
  }

  static String redirectTo(Raw.Reply r) {
    Matcher m = Pattern.compile("\"redirectTo\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(r.body());
    assertThat(m.find()).as("redirectTo in %s", r).isTrue();
    return m.group(1).replace("\\/", "/").replace("\\\\", "\\");
  }

  static void assertLocal(Target t, String location) {
    assertThat(t.isLocal(location)).as("a local target, not %s", printable(location)).isTrue();
    assertThat(location.toLowerCase(java.util.Locale.ROOT)).doesNotContain("evil");
  }

  static void noInjectedHeader(Raw.Reply r) {
    assertThat(r.headers()).doesNotContainKey("evil");
    assertThat(r.setCookies()).noneMatch(c -> c.startsWith("evil"));
  }

  static String printable(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
  }

  static String json(String s) {
    return "\""
        + s.replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\r", "\\r")
            .replace("\n", "\\n")
            .replace("\t", "\\t")
        + "\"";
  }
}
