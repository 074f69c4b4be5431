package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.launcher.hostile.Raw.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The doors an identity provider uses, taken by others: the back-channel logout endpoint fed forged, unsigned,
 * replayed-shape, oversized and misdirected logout tokens, by the wrong method and media type (a valid token ends the
 * provider's sessions: {@code BackChannelLogoutTest} with mock-oauth2-server's tokens, {@code BehindKeycloakTest} with
 * Keycloak's); the published keys and their discovery document under a forged {@code Host}; a sign-out asking to leave
 * for another site. Each refused, and the session a sign-in through the provider made still stands.
 */
final class IdentityProviderCases {
  static final String CATEGORY = "Identity providers";
  private static final String BCL = "/auth/demo/backchannel-logout";

  private IdentityProviderCases() {}

  static String unsigned(String claimsJson) {
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    return b.encodeToString(
            "{\"alg\":\"none\",\"typ\":\"logout+jwt\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8))
        + ".";
  }

  static Raw.Request form(String path, String token) {
    return Raw.post(path)
        .body(
            "application/x-www-form-urlencoded",
            "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
  }

  static List<Case> all(Target t) {
    // Sam signs in through the demo provider: the session every attack below must leave standing
    OAuthCases.Attempt a = OAuthCases.begin(t, "");
    Reply in = t.send(Raw.get(a.callback()).html().cookie(a.cookie()));
    String sam = "refauth_session=" + in.cookieSet("refauth_session").orElseThrow();
    Case.Probe samSignedIn =
        new Case.Probe(
            "Sam's session", () -> t.send(Raw.get("/auth/me").json().cookie(sam)).status());
    String uma = t.token(Target.UMA, Target.UMA_PASSWORD);
    String events = "{\"http://schemas.openid.net/event/backchannel-logout\":{}}";
    String claims =
        "{\"iss\":\"http://localhost/default\",\"aud\":\"refauth-sample\",\"iat\":"
            + System.currentTimeMillis() / 1000
            + ",\"jti\":\"j-1\",\"sub\":\"sam\",\"events\":"
            + events
            + "}";
    List<Case> cases = new ArrayList<>();
    cases.add(
        Case.control(
                CATEGORY,
                "Sam's session, made through the provider, serves",
                () -> t.send(Raw.get("/auth/me").json().cookie(sam)))
            .status(200));
    for (int i = 1; i <= 2; i++) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "a logout token that is not a JWT, try " + i,
                  () -> t.send(form(BCL, "not-a-jwt")))
              .status(400)
              .unchanged(samSignedIn));
    }
    cases.add(
        Case.attack(
                CATEGORY,
                "an unsigned logout token (alg none) naming Sam",
                () -> t.send(form(BCL, unsigned(claims))))
            .status(400)
            .unchanged(samSignedIn));
    cases.add(
        Case.attack(
                CATEGORY,
                "refauth's own access token as a logout token (another issuer's signature)",
                () -> t.send(form(BCL, uma)))
            .status(400)
            .unchanged(samSignedIn));
    cases.add(
        Case.attack(
                CATEGORY,
                "no logout_token in the form",
                () -> t.send(Raw.post(BCL).body("application/x-www-form-urlencoded", "token=x")))
            .status(400)
            .unchanged(samSignedIn));
    cases.add(
        Case.attack(
                CATEGORY,
                "the logout token in a JSON body (the other door)",
                () ->
                    t.send(
                        Raw.post(BCL).jsonBody("{\"logout_token\":\"" + unsigned(claims) + "\"}")))
            .status(400)
            .unchanged(samSignedIn));
    cases.add(
        Case.attack(
                CATEGORY,
                "by GET, the token in the query",
                () -> t.send(Raw.get(BCL + "?logout_token=" + unsigned(claims))))
            .status(405)
            .unchanged(samSignedIn));
    cases.add(
        Case.attack(
                CATEGORY, "a logout token of 9 KiB", () -> t.send(form(BCL, "e".repeat(9 * 1024))))
            .status(400, 413)
            .unchanged(samSignedIn));
    cases.add(
        Case.attack(
                CATEGORY,
                "to a provider that is not configured",
                () -> t.send(form("/auth/nobody/backchannel-logout", unsigned(claims))))
            .status(400)
            .unchanged(samSignedIn));
    cases.add(
        Case.attack(
                CATEGORY,
                "a forged Host does not move the discovery document's key URL",
                () ->
                    t.send(
                        Raw.get("/auth/.well-known/openid-configuration")
                            .header("Host", "evil.example")))
            .status(200)
            .expect(
                r ->
                    assertThat(r.body())
                        .doesNotContain("evil.example")
                        .contains(t.base + "/auth/jwks")));
    cases.add(
        Case.attack(
                CATEGORY,
                "the key set by POST",
                () -> t.send(Raw.post("/auth/jwks").jsonBody("{}")))
            .status(405));
    cases.add(
        Case.control(CATEGORY, "the key set: public keys only", () -> t.send(Raw.get("/auth/jwks")))
            .status(200)
            .expect(
                r ->
                    assertThat(r.body())
                        .contains("\"kty\"")
                        .doesNotContain("\"d\"")
                        .doesNotContain("\"p\"")
                        .doesNotContain("\"k\"")));
    cases.add(
        Case.attack(
                CATEGORY,
                "a sign-out naming another site to go to",
                () ->
                    t.send(
                        Raw.post("/auth/logout")
                            .bearer(t.token(Target.UMA, Target.UMA_PASSWORD))
                            .jsonBody("{\"redirectTo\":\"https://evil.example/\"}")))
            .status(200)
            .expect(r -> assertThat(r.body()).doesNotContain("evil.example")));
    cases.add(
        Case.control(
                CATEGORY,
                "Sam's session still serves after all of them",
                () -> t.send(Raw.get("/auth/me").json().cookie(sam)))
            .status(200));
    return cases;
  }
}
