package dev.refauth.passkeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Identity;
import dev.refauth.core.spi.SecondFactor.Admission;
import dev.refauth.core.spi.SecondFactor.Challenge;
import dev.refauth.core.spi.SecondFactor.Outcome;
import dev.refauth.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The ceremonies against a software authenticator: registration by the signed-in owner, the second step and the
 * sign-in by passkey alone, and each bent answer refused beside its control: another origin, another relying party,
 * a replayed challenge, a lower counter, no user verification, another account's passkey, an expired ceremony.
 */
final class PasskeysTest {
  private static final String ORIGIN = "https://app.example.com";
  private static final AuthRequest REQUEST =
      AuthRequest.builder("POST", "/auth/login").remoteAddress("192.0.2.1").build();

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T10:00:00Z"));
  private final InMemoryPasskeyStore store = new InMemoryPasskeyStore();
  private final Passkeys passkeys =
      Passkeys.builder(store, URI.create(ORIGIN), "Acme").clock(clock).build();
  private final Identity ada =
      Identity.builder("acc-ada").email("ada@example.com").tenant("acme").build();
  private final Identity uma =
      Identity.builder("acc-uma").email("uma@example.com").tenant("acme").build();

  private static AuthParams params(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return AuthParams.of(m);
  }

  @SuppressWarnings("unchecked")
  private SoftAuthenticator register(Identity who, String name) throws Exception {
    AuthActionResponse options = passkeys.manage(who, params("action", "passkey-options"), REQUEST);
    assertThat(options.isSuccess()).isTrue();
    Map<String, Object> publicKey = (Map<String, Object>) options.data().get("publicKey");
    SoftAuthenticator a = new SoftAuthenticator(who.id());
    AuthActionResponse registered =
        passkeys.manage(
            who,
            params(
                "action",
                "passkey-register",
                "ceremony",
                options.data().get("ceremony"),
                "credential",
                a.register(publicKey, ORIGIN),
                "name",
                name),
            REQUEST);
    assertThat(registered.isSuccess()).as("%s", registered).isTrue();
    return a;
  }

  /** The authenticator's answer to {@code signed}'s challenge, given to {@code c}'s ceremony. */
  private Outcome answer(
      Challenge c, SoftAuthenticator key, Challenge signed, String rpId, String origin, boolean uv)
      throws Exception {
    return passkeys.answer(
        c.pending(),
        params("passkey", key.assertion(challengeOf(signed), rpId, origin, uv)),
        REQUEST,
        Admission.ANY);
  }

  @SuppressWarnings("unchecked")
  private static String challengeOf(Challenge c) {
    return (String) ((Map<String, Object>) c.data().get("passkey")).get("challenge");
  }

  @Test
  void registration_needsTheCallersOwnFreshCeremony_andTheRightOrigin() throws Exception {
    assertThat(passkeys.enrolled("acc-ada")).isFalse();
    register(ada, "Laptop");
    assertThat(passkeys.enrolled("acc-ada")).isTrue();
    assertThat(store.passkeys("acc-ada")).extracting(Passkey::name).containsExactly("Laptop");

    // a ceremony of another account, a ceremony used twice, another origin: nothing registered
    @SuppressWarnings("unchecked")
    Map<String, Object> options =
        (Map<String, Object>)
            passkeys
                .manage(ada, params("action", "passkey-options"), REQUEST)
                .data()
                .get("publicKey");
    AuthActionResponse adaOptions =
        passkeys.manage(ada, params("action", "passkey-options"), REQUEST);
    SoftAuthenticator other = new SoftAuthenticator("acc-uma");
    assertThat(
            passkeys
                .manage(
                    uma,
                    params(
                        "action", "passkey-register",
                        "ceremony", adaOptions.data().get("ceremony"),
                        "credential", other.register(options, ORIGIN)),
                    REQUEST)
                .isSuccess())
        .as("another account's ceremony")
        .isFalse();
    AuthActionResponse fresh = passkeys.manage(ada, params("action", "passkey-options"), REQUEST);
    @SuppressWarnings("unchecked")
    Map<String, Object> freshOptions = (Map<String, Object>) fresh.data().get("publicKey");
    assertThat(
            passkeys
                .manage(
                    ada,
                    params(
                        "action", "passkey-register",
                        "ceremony", fresh.data().get("ceremony"),
                        "credential",
                            new SoftAuthenticator("acc-ada")
                                .register(freshOptions, "https://evil.example")),
                    REQUEST)
                .isSuccess())
        .as("another origin")
        .isFalse();
    assertThat(
            passkeys
                .manage(
                    ada,
                    params(
                        "action", "passkey-register",
                        "ceremony", fresh.data().get("ceremony"),
                        "credential",
                            new SoftAuthenticator("acc-ada").register(freshOptions, ORIGIN)),
                    REQUEST)
                .isSuccess())
        .as("the ceremony was taken by the refused answer")
        .isFalse();
    assertThat(store.passkeys("acc-ada")).hasSize(1);
    assertThat(store.passkeys("acc-uma")).isEmpty();
  }

  @Test
  void secondStep_passes_thenEachBentAnswerIsRefused() throws Exception {
    SoftAuthenticator key = register(ada, "Laptop");
    Challenge c = passkeys.challenge(ada, true, REQUEST).orElseThrow();
    assertThat(c.methods()).containsExactly("passkey");
    assertThat(answer(c, key, c, "app.example.com", ORIGIN, true))
        .isEqualTo(
            new Outcome.Passed(
                "acc-ada",
                Optional.of("acme"),
                List.of("hwk", "user", "mfa"),
                true,
                clock.instant()));
    assertThat(store.passkey(key.id()).orElseThrow().lastUsedAt()).isPresent();

    Challenge replayed = c;
    assertThat(answer(replayed, key, replayed, "app.example.com", ORIGIN, true))
        .as("a challenge once")
        .isEqualTo(Outcome.Refused.INSTANCE);

    Challenge c2 = passkeys.challenge(ada, false, REQUEST).orElseThrow();
    assertThat(answer(c2, key, c2, "app.example.com", "https://evil.example", true))
        .as("another origin")
        .isEqualTo(Outcome.Refused.INSTANCE);
    Challenge c3 = passkeys.challenge(ada, false, REQUEST).orElseThrow();
    assertThat(answer(c3, key, c3, "evil.example", ORIGIN, true))
        .as("another relying party id")
        .isEqualTo(Outcome.Refused.INSTANCE);
    Challenge c4 = passkeys.challenge(ada, false, REQUEST).orElseThrow();
    Challenge c5 = passkeys.challenge(ada, false, REQUEST).orElseThrow();
    assertThat(answer(c4, key, c5, "app.example.com", ORIGIN, true))
        .as("the challenge of another ceremony")
        .isEqualTo(Outcome.Refused.INSTANCE);
    Challenge c6 = passkeys.challenge(ada, false, REQUEST).orElseThrow();
    assertThat(answer(c6, key, c6, "app.example.com", ORIGIN, false))
        .as("no user verification")
        .isEqualTo(Outcome.Refused.INSTANCE);
    Challenge c7 = passkeys.challenge(ada, false, REQUEST).orElseThrow();
    key.counter = 0; // a clone of the key, behind the original's counter
    assertThat(answer(c7, key, c7, "app.example.com", ORIGIN, true))
        .as("a lower counter")
        .isEqualTo(Outcome.Refused.INSTANCE);
    Challenge c8 = passkeys.challenge(ada, false, REQUEST).orElseThrow();
    key.counter = 100;
    assertThat(answer(c8, key, c8, "app.example.com", ORIGIN, true))
        .as("control: the counter moved forward")
        .isInstanceOf(Outcome.Passed.class);
  }

  @Test
  void anotherAccountsPasskey_neverAnswersThisAccountsSecondStep() throws Exception {
    register(ada, "Laptop");
    SoftAuthenticator umasKey = register(uma, "Phone");
    Challenge c = passkeys.challenge(ada, false, REQUEST).orElseThrow();
    assertThat(answer(c, umasKey, c, "app.example.com", ORIGIN, true))
        .isEqualTo(Outcome.Refused.INSTANCE);
  }

  @Test
  void signInByPasskeyAlone_namesTheAccount_andItsUserHandleMustAgree() throws Exception {
    SoftAuthenticator key = register(ada, "Laptop");
    Challenge c = passkeys.challengeAnyone(REQUEST).orElseThrow();
    assertThat(answer(c, key, c, "app.example.com", ORIGIN, true))
        .isEqualTo(
            new Outcome.Passed(
                "acc-ada",
                Optional.of("acme"),
                List.of("hwk", "user", "mfa"),
                false,
                clock.instant()));
    SoftAuthenticator lying = new SoftAuthenticator("acc-uma");
    // the same key claiming another account's handle
    System.arraycopy(key.credentialId, 0, lying.credentialId, 0, 16);
    Challenge c2 = passkeys.challengeAnyone(REQUEST).orElseThrow();
    assertThat(answer(c2, lying, c2, "app.example.com", ORIGIN, true))
        .isEqualTo(Outcome.Refused.INSTANCE);
  }

  @Test
  void malformedAnswers_areRefusals_neverExceptions() throws Exception {
    register(ada, "Laptop");
    for (Object bad :
        List.of(
            "{\"id\":\"x\",\"response\":{}}",
            Map.of("id", "x", "type", "public-key", "response", Map.of("clientDataJSON", "!!")),
            "not json",
            42)) {
      Challenge c = passkeys.challenge(ada, false, REQUEST).orElseThrow();
      assertThat(passkeys.answer(c.pending(), params("passkey", bad), REQUEST, Admission.ANY))
          .as("%s", bad)
          .isEqualTo(Outcome.Refused.INSTANCE);
      AuthActionResponse options =
          passkeys.manage(ada, params("action", "passkey-options"), REQUEST);
      assertThat(
              passkeys
                  .manage(
                      ada,
                      params(
                          "action",
                          "passkey-register",
                          "ceremony",
                          options.data().get("ceremony"),
                          "credential",
                          bad),
                      REQUEST)
                  .error()
                  .orElseThrow()
                  .status())
          .hasValue(400);
    }
  }

  @Test
  void everyChangeOfThePasskeys_asksTheApiForARecentSignIn() {
    assertThat(List.of("passkey-options", "passkey-remove", "passkey-rename"))
        .allMatch(passkeys::needsRecentSignIn);
    assertThat(List.of("status", "passkey-register")).noneMatch(passkeys::needsRecentSignIn);
  }

  @Test
  void aCeremonyExpiresAfterFiveMinutes() throws Exception {
    SoftAuthenticator key = register(ada, "Laptop");
    Challenge late = passkeys.challenge(ada, false, REQUEST).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    assertThat(answer(late, key, late, "app.example.com", ORIGIN, true))
        .isEqualTo(Outcome.Refused.INSTANCE);
    Challenge inTime = passkeys.challenge(ada, false, REQUEST).orElseThrow();
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(answer(inTime, key, inTime, "app.example.com", ORIGIN, true))
        .isInstanceOf(Outcome.Passed.class);
  }

  @Test
  void names_renames_removals_onlyTheOwners() throws Exception {
    SoftAuthenticator key = register(ada, "Laptop");
    assertThat(
            passkeys
                .manage(
                    uma,
                    params("action", "passkey-rename", "id", key.id(), "name", "Mine"),
                    REQUEST)
                .isSuccess())
        .isFalse();
    assertThat(
            passkeys
                .manage(uma, params("action", "passkey-remove", "id", key.id()), REQUEST)
                .isSuccess())
        .isFalse();
    assertThat(
            passkeys
                .manage(
                    ada,
                    params("action", "passkey-rename", "id", key.id(), "name", "bad\u0000name"),
                    REQUEST)
                .isSuccess())
        .isFalse();
    assertThat(
            passkeys
                .manage(
                    ada,
                    params("action", "passkey-rename", "id", key.id(), "name", " Work laptop "),
                    REQUEST)
                .isSuccess())
        .isTrue();
    assertThat(store.passkey(key.id()).orElseThrow().name()).isEqualTo("Work laptop");
    assertThat(
            passkeys
                .manage(ada, params("action", "passkey-remove", "id", key.id()), REQUEST)
                .isSuccess())
        .isTrue();
    assertThat(passkeys.enrolled("acc-ada")).isFalse();
    assertThat(passkeys.challenge(ada, false, REQUEST)).isEmpty();
  }
}
