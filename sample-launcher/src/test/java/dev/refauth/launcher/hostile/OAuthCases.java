package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.launcher.hostile.Raw.Reply;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Social login against the sample's real OpenID provider (mock-oauth2-server, "Demo OIDC"): forged, missing,
 * replayed and transplanted state; code replay; issuer mix-up in the callback; provider errors; off-site
 * targets. Nonce, PKCE, ID token signature/audience/expiry and unverified-email linking are attacked at
 * depth in {@code auth-jdbc}'s {@code SocialLoginTest} and {@code auth-core}'s {@code IdTokenValidationTest}.
 */
final class OAuthCases {
  static final String CATEGORY = "OAuth";

  private OAuthCases() {}

  /** A browser's first leg: the attempt cookie and where the provider sends the browser back (with code and state). */
  record Attempt(String cookie, String callback) {}

  static Attempt begin(Target t, String query) {
    return begin(t, Raw.get("/auth/demo" + query).html());
  }

  /**
   * The first leg started by {@code start}: a browser's {@code GET /auth/demo} (a redirect), or a script's
   * {@code POST /auth/login {providerName}} (a JSON {@code redirectTo}).
   */
  static Attempt begin(Target t, Raw.Request start) {
    Reply started = t.send(start);
    boolean redirect = start.method.equals("GET");
    assertThat(started.status()).as("start %s", started).isEqualTo(redirect ? 302 : 200);
    String cookie = started.cookiePair("refauth_oauth");
    URI authorize =
        URI.create(
            redirect
                ? started.location()
                : started.body().replaceAll(".*\"redirectTo\":\"([^\"]+)\".*", "$1"));
    Reply provider =
        Raw.of(authorize).send(Raw.get(authorize.getRawPath() + "?" + authorize.getRawQuery()));
    assertThat(provider.status()).as("the provider's answer %s", provider).isEqualTo(302);
    URI back = URI.create(provider.location());
    return new Attempt(cookie, back.getRawPath() + "?" + back.getRawQuery());
  }

  static Reply callback(Target t, String pathAndQuery, String cookie) {
    Raw.Request r = Raw.get(pathAndQuery).json();
    return t.send(cookie == null ? r : r.cookie(cookie));
  }

  static List<Case> all(Target t) {
    List<Case> cases = new ArrayList<>();
    cases.add(
        Case.control(
                CATEGORY,
                "the whole code flow signs Sam in",
                () -> {
                  Attempt a = begin(t, "");
                  return t.send(Raw.get(a.callback()).html().cookie(a.cookie()));
                })
            .status(302)
            .expect(
                r ->
                    assertThat(r.cookieSet("refauth_session"))
                        .hasValueSatisfying(v -> assertThat(v).isNotEmpty()))
            .expect(r -> RedirectCases.assertLocal(t, r.location())));
    cases.add(
        Case.attack(
                CATEGORY,
                "callback without state",
                () -> {
                  Attempt a = begin(t, "");
                  return callback(
                      t, a.callback().replaceAll("([?&])state=[^&]*&?", "$1"), a.cookie());
                })
            .status(400));
    for (String twice : List.of("state", "code")) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "callback with " + twice + " twice (the real one first, then junk)",
                  () -> {
                    Attempt a = begin(t, "");
                    return callback(t, a.callback() + "&" + twice + "=junk", a.cookie());
                  })
              .status(400));
    }
    cases.add(
        Case.attack(
                CATEGORY,
                "callback with a forged state",
                () -> {
                  Attempt a = begin(t, "");
                  return callback(
                      t,
                      a.callback().replaceAll("state=[^&]*", "state=forged-state-value-0123456789"),
                      a.cookie());
                })
            .status(400));
    cases.add(
        Case.attack(
                CATEGORY,
                "callback replayed (the code and state a second time)",
                () -> {
                  Attempt a = begin(t, "");
                  assertThat(callback(t, a.callback(), a.cookie()).status())
                      .as("control: the first use")
                      .isIn(200, 302);
                  return callback(t, a.callback(), a.cookie());
                })
            .status(400));
    cases.add(
        Case.attack(
                CATEGORY,
                "login CSRF: the attacker's callback URL opened in the victim's browser (the victim's own attempt)",
                () -> {
                  Attempt attacker = begin(t, "");
                  Attempt victim = begin(t, "");
                  return callback(t, attacker.callback(), victim.cookie());
                })
            .status(400));
    cases.add(
        Case.attack(
                CATEGORY,
                "the attacker's callback URL opened in a browser with no attempt",
                () -> {
                  Attempt attacker = begin(t, "");
                  return callback(t, attacker.callback(), null);
                })
            .status(400));
    cases.add(
        Case.attack(
                CATEGORY,
                "callback naming another issuer (RFC 9207 mix-up)",
                () -> {
                  Attempt a = begin(t, "");
                  return callback(
                      t,
                      a.callback()
                          + "&iss="
                          + java.net.URLEncoder.encode(
                              "https://evil.example", java.nio.charset.StandardCharsets.UTF_8),
                      a.cookie());
                })
            .status(400));
    cases.add(
        Case.attack(
                CATEGORY,
                "callback with a made-up code and a genuine state",
                () -> {
                  Attempt a = begin(t, "");
                  return callback(
                      t, a.callback().replaceAll("code=[^&]*", "code=made-up-code"), a.cookie());
                })
            .status(400, 401));
    cases.add(
        Case.attack(
                CATEGORY,
                "the provider answers an error",
                () -> {
                  Attempt a = begin(t, "");
                  String state = a.callback().replaceAll(".*[?&]state=([^&]*).*", "$1");
                  return callback(
                      t, "/auth/demo/callback?error=access_denied&state=" + state, a.cookie());
                })
            .status(400, 401));
    cases.add(
        Case.attack(
                CATEGORY,
                "a provider that is not configured",
                () -> t.send(Raw.get("/auth/evilcorp").json()))
            .status(404));
    cases.add(
        Case.attack(
                CATEGORY,
                "a callback for a provider that is not configured",
                () -> t.send(Raw.get("/auth/evilcorp/callback?code=x&state=y").json()))
            .status(400, 404));
    cases.add(
        Case.attack(
                CATEGORY,
                "start with to=//evil.example: the sign-in lands on a local page",
                () -> {
                  Attempt a = begin(t, "?to=%2F%2Fevil.example");
                  return t.send(Raw.get(a.callback()).html().cookie(a.cookie()));
                })
            .allowSession()
            .status(302)
            .expect(r -> RedirectCases.assertLocal(t, r.location())));
    cases.add(
        Case.attack(
                CATEGORY,
                "a failed callback from a browser: back to the login page, no session",
                () -> {
                  Attempt a = begin(t, "");
                  return t.send(
                      Raw.get(a.callback().replaceAll("state=[^&]*", "state=forged"))
                          .html()
                          .cookie(a.cookie()));
                })
            .status(303)
            .expect(r -> assertThat(r.location()).contains("/login?error=")));
    return cases;
  }
}
