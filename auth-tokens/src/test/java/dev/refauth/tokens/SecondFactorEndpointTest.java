package dev.refauth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.accounts.InMemoryUserDirectory;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.GuardSettings;
import dev.refauth.core.Identity;
import dev.refauth.core.adapter.AuthEndpoints;
import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.spi.SecondFactor;
import dev.refauth.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code /auth/second-factor} endpoint over the token provider: only a recent sign-in adds a factor (a stolen
 * older credential, bearer or cookie, cannot plant the thief's own), other actions need only a signed-in caller; and
 * refreshed tokens keep the sign-in's time, so a refresh does not make an old sign-in recent.
 */
final class SecondFactorEndpointTest {
  /**
   * A factor that records what reached it: the rules under test are the API's and the token provider's, not the
   * factor's. Once {@link #challenging}, it challenges every sign-in and passes every answer, as a factor would whose
   * other part of a combined pending value is still alive.
   */
  static final class Recording implements SecondFactor {
    final List<String> managed = new ArrayList<>();
    boolean challenging;

    @Override
    public Optional<Challenge> challenge(Identity identity, boolean remember, AuthRequest request) {
      return challenging
          ? Optional.of(new Challenge("pending-value", List.of("totp"), Duration.ofMinutes(5)))
          : Optional.empty();
    }

    @Override
    public Outcome answer(
        String pending, AuthParams params, AuthRequest request, Admission admission) {
      return challenging
          ? new Outcome.Passed(
              identitySubject, Optional.empty(), List.of("pwd", "otp", "mfa"), false, Instant.now())
          : Outcome.Refused.INSTANCE;
    }

    String identitySubject = "";

    @Override
    public boolean needsRecentSignIn(String action) {
      return action.equals("add");
    }

    @Override
    public boolean enrolled(String subject) {
      return false;
    }

    @Override
    public AuthActionResponse manage(Identity caller, AuthParams params, AuthRequest request) {
      managed.add(params.string("action").orElse(""));
      return AuthActionResponse.success();
    }
  }

  private final MutableClock clock = MutableClock.at(Instant.now());
  private final Recording factor = new Recording();
  private final AuthEndpoints api =
      GuardSettings.guard(
              AuthSettings.of(Map.of()),
              TokenAuthProvider.builder(
                      InMemoryUserDirectory.builder()
                          .hasher(PasswordHasher.argon2id(1024, 1, 1))
                          .user("ada@example.com", "a-long-passphrase", "Ada")
                          .build(),
                      JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.HS256))
                          .clock(clock)
                          .build(),
                      new InMemoryTokenStore())
                  .clock(clock)
                  .secureCookies(false)
                  .secondFactor(factor)
                  .build())
          .endpoints(AuthEndpoints.DEFAULT_MAX_BODY_BYTES);

  private HttpReply post(String endpoint, String json, String... headers) {
    AuthRequest.Builder b =
        AuthRequest.builder("POST", "/auth" + endpoint)
            .remoteAddress("192.0.2.1")
            .header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equals("Cookie")) {
        String[] pair = headers[i + 1].split("=", 2);
        b.cookie(pair[0], pair[1]);
      } else {
        b.header(headers[i], headers[i + 1]);
      }
    }
    return api.handle(b.build(), endpoint, json.getBytes(StandardCharsets.UTF_8));
  }

  private String signIn() {
    return token(signInReply());
  }

  private HttpReply signInReply() {
    HttpReply r =
        post("/login", "{\"email\":\"ada@example.com\",\"password\":\"a-long-passphrase\"}");
    assertThat(r.status()).isEqualTo(200);
    return r;
  }

  private static String token(HttpReply r) {
    return r.json().orElseThrow().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }

  @Test
  void aPendingValue_signsInOnce_evenIfAFactorWouldPassItAgain() {
    factor.challenging = true;
    HttpReply first =
        post("/login", "{\"email\":\"ada@example.com\",\"password\":\"a-long-passphrase\"}");
    assertThat(first.status()).isEqualTo(401);
    String pending =
        first.cookies().stream()
            .filter(c -> c.name().equals("refauth_mfa"))
            .findFirst()
            .orElseThrow()
            .value();
    factor.identitySubject =
        first.json().orElseThrow().contains("SecondFactorRequired") ? subjectOfAda() : "";
    assertThat(post("/login", "{\"code\":\"123456\"}", "Cookie", "refauth_mfa=" + pending).status())
        .isEqualTo(200);
    assertThat(post("/login", "{\"code\":\"654321\"}", "Cookie", "refauth_mfa=" + pending).status())
        .as("the same pending value again")
        .isEqualTo(401);
  }

  /** Ada's id, as the directory gives it to a signed-in token. */
  private String subjectOfAda() {
    factor.challenging = false;
    String token = signIn();
    factor.challenging = true;
    String payload =
        new String(
            java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    return payload.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1");
  }

  @Test
  void aRefreshedToken_keepsTheTimeOfItsSignIn() {
    clock.set(Instant.now().minus(Duration.ofMinutes(11)));
    HttpReply login = signInReply();
    String refresh =
        login.cookies().stream()
            .filter(c -> c.name().equals("refauth_refresh"))
            .findFirst()
            .orElseThrow()
            .value();
    clock.set(Instant.now());
    HttpReply refreshed = post("/refresh", "{}", "Cookie", "refauth_refresh=" + refresh);
    assertThat(refreshed.status()).as("%s", refreshed.json()).isEqualTo(200);
    assertThat(
            post(
                    "/second-factor",
                    "{\"action\":\"add\"}",
                    "Authorization",
                    "Bearer " + token(refreshed))
                .status())
        .as("a new token of an old sign-in")
        .isEqualTo(403);
    assertThat(factor.managed).isEmpty();
  }

  @Test
  void aRecentSignInAddsAFactor_anOlderOneDoesNot_otherActionsNeedOnlyASignIn() {
    String fresh = signIn();
    HttpReply noPassword =
        post("/second-factor", "{\"action\":\"add\"}", "Authorization", "Bearer " + fresh);
    assertThat(noPassword.status())
        .as("a first factor needs the password again, however fresh the sign-in")
        .isEqualTo(403);
    assertThat(noPassword.json().orElseThrow()).contains("PasswordRequired");
    assertThat(
            post(
                    "/second-factor",
                    "{\"action\":\"add\",\"password\":\"not-the-passphrase\"}",
                    "Authorization",
                    "Bearer " + fresh)
                .status())
        .isEqualTo(403);
    assertThat(factor.managed).as("nothing reached the factor").isEmpty();
    assertThat(
            post(
                    "/second-factor",
                    "{\"action\":\"add\",\"password\":\"a-long-passphrase\"}",
                    "Authorization",
                    "Bearer " + fresh)
                .status())
        .isEqualTo(200);

    // a credential of a sign-in eleven minutes old (the provider's clock; the token itself is still
    // good)
    clock.set(Instant.now().minus(Duration.ofMinutes(11)));
    String old = signIn();
    clock.set(Instant.now().minus(Duration.ofMinutes(8)));
    HttpReply refused =
        post("/second-factor", "{\"action\":\"add\"}", "Authorization", "Bearer " + old);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().orElseThrow()).contains("ReauthenticationRequired");
    assertThat(
            post("/second-factor", "{\"action\":\"status\"}", "Authorization", "Bearer " + old)
                .status())
        .as("control: the same credential, an action that adds nothing")
        .isEqualTo(200);
    assertThat(factor.managed).containsExactly("add", "status");
    assertThat(post("/second-factor", "{\"action\":\"add\"}").status())
        .as("no credential at all")
        .isEqualTo(401);
  }
}
