package dev.refauth.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Identity;
import dev.refauth.testkit.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Enrolment, sign-in codes and recovery codes over the store, as time passes on an injected clock. */
final class SecondFactorsTest {
  private final SecureRandom random = new SecureRandom();
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T10:00:10Z"));
  private final InMemorySecondFactorStore store = new InMemorySecondFactorStore();
  private final SecretBox box = SecretBox.fromBase64(key(), random);
  private final SecondFactors factors =
      SecondFactors.builder(store, box, "Acme").clock(clock).random(random).build();

  private String key() {
    return Base64.getEncoder().encodeToString(random.generateSeed(32));
  }

  /** The authenticator app: the code of the enrolled secret at the clock's time (plus an offset). */
  private String app(SecondFactors.Enrolment e, Duration offset) {
    TotpSecret secret =
        TotpSecret.of(new org.apache.commons.codec.binary.Base32().decode(e.secretText()));
    return Totp.standard(clock).code(secret, clock.instant().plus(offset));
  }

  private SecondFactors.Enrolment enrolled(String account) {
    SecondFactors.Enrolment e = factors.begin(account, account + "@example.com").orElseThrow();
    assertThat(factors.confirm(account, app(e, Duration.ZERO)))
        .isInstanceOf(SecondFactors.Confirmation.Confirmed.class);
    return e;
  }

  @Test
  void enrolment_countsOnlyOnceAFirstCodeConfirmsIt() {
    SecondFactors.Enrolment e = factors.begin("acc-1", "ada@example.com").orElseThrow();
    assertThat(e.uri().toString()).startsWith("otpauth://totp/Acme:ada%40example.com?secret=");
    assertThat(e.qrSvg()).startsWith("<svg");
    assertThat(e.toString()).doesNotContain(e.secretText());
    assertThat(factors.enabled("acc-1")).as("not before a first code").isFalse();
    assertThat(factors.verifyCode("acc-1", app(e, Duration.ZERO)))
        .as("no sign-in code yet")
        .isFalse();

    assertThat(factors.confirm("acc-1", "000000"))
        .isInstanceOf(SecondFactors.Confirmation.Refused.class);
    assertThat(factors.enabled("acc-1")).as("a wrong code changes nothing").isFalse();
    String first = app(e, Duration.ZERO);
    SecondFactors.Confirmation c = factors.confirm("acc-1", first);
    assertThat(c).isInstanceOf(SecondFactors.Confirmation.Confirmed.class);
    List<String> codes = ((SecondFactors.Confirmation.Confirmed) c).recoveryCodes();
    assertThat(codes).hasSize(RecoveryCodes.COUNT);
    assertThat(c.toString()).doesNotContain(codes.get(0));
    assertThat(factors.enabled("acc-1")).isTrue();
    assertThat(factors.verifyCode("acc-1", first)).as("the confirming code is used up").isFalse();
    assertThat(factors.begin("acc-1", "ada@example.com"))
        .as("a second enrolment over the first")
        .isEmpty();
  }

  @Test
  void restartedEnrolment_theFirstSecretsCodesDoNotConfirm() {
    SecondFactors.Enrolment old = factors.begin("acc-1", "a").orElseThrow();
    SecondFactors.Enrolment fresh = factors.begin("acc-1", "a").orElseThrow();
    assertThat(factors.confirm("acc-1", app(old, Duration.ZERO)))
        .isInstanceOf(SecondFactors.Confirmation.Refused.class);
    assertThat(factors.confirm("acc-1", app(fresh, Duration.ZERO)))
        .isInstanceOf(SecondFactors.Confirmation.Confirmed.class);
  }

  @Test
  void asTimePasses_eachCodeOnce_oneStepOfDrift_notTwo() {
    SecondFactors.Enrolment e = enrolled("acc-1");
    clock.advance(Duration.ofSeconds(30));
    String now = app(e, Duration.ZERO);
    assertThat(factors.verifyCode("acc-1", now)).isTrue();
    assertThat(factors.verifyCode("acc-1", now)).as("replayed").isFalse();

    clock.advance(Duration.ofSeconds(30));
    String late = app(e, Duration.ofSeconds(-30)); // the previous step: used already
    assertThat(factors.verifyCode("acc-1", late)).isFalse();
    String ahead = app(e, Duration.ofSeconds(30)); // a phone 30 s fast
    assertThat(factors.verifyCode("acc-1", ahead)).isTrue();
    assertThat(factors.verifyCode("acc-1", app(e, Duration.ZERO)))
        .as("an earlier step after a later one was used")
        .isFalse();

    clock.advance(Duration.ofMinutes(5));
    String stale = app(e, Duration.ofSeconds(-60));
    assertThat(factors.verifyCode("acc-1", stale)).as("two steps old").isFalse();
    assertThat(factors.verifyCode("acc-1", app(e, Duration.ZERO))).isTrue();
    assertThat(factors.verifyCode("acc-2", app(e, Duration.ofSeconds(30))))
        .as("another account, with this account's code")
        .isFalse();
  }

  @Test
  void recoveryCodes_onceEach_newOnesKillTheOld() {
    String first = factors.begin("acc-1", "a").map(e -> app(e, Duration.ZERO)).orElseThrow();
    List<String> codes =
        ((SecondFactors.Confirmation.Confirmed) factors.confirm("acc-1", first)).recoveryCodes();
    assertThat(factors.useRecoveryCode("acc-1", codes.get(0).toUpperCase())).isTrue();
    assertThat(factors.useRecoveryCode("acc-1", codes.get(0))).as("the second use").isFalse();
    assertThat(factors.useRecoveryCode("acc-2", codes.get(1))).as("another account").isFalse();
    assertThat(factors.recoveryCodesLeft("acc-1")).isEqualTo(9);
    List<String> fresh = factors.newRecoveryCodes("acc-1").orElseThrow();
    assertThat(factors.useRecoveryCode("acc-1", codes.get(1))).as("an old one").isFalse();
    assertThat(factors.useRecoveryCode("acc-1", fresh.get(0))).isTrue();
    assertThat(factors.useRecoveryCode("acc-1", "")).isFalse();
    assertThat(factors.newRecoveryCodes("acc-3")).as("no second factor, no codes").isEmpty();

    factors.remove("acc-1");
    assertThat(factors.enabled("acc-1")).isFalse();
    assertThat(factors.useRecoveryCode("acc-1", fresh.get(1))).as("after removal").isFalse();
    assertThat(factors.begin("acc-1", "a")).as("enrols again").isPresent();
  }

  @Test
  void underAnotherKey_nothingOpens_failClosed() {
    SecondFactors.Enrolment e = enrolled("acc-1");
    SecondFactors rekeyed =
        SecondFactors.builder(store, SecretBox.fromBase64(key(), random), "Acme")
            .clock(clock)
            .build();
    clock.advance(Duration.ofSeconds(30));
    assertThat(rekeyed.verifyCode("acc-1", app(e, Duration.ZERO))).isFalse();
    assertThat(factors.verifyCode("acc-1", app(e, Duration.ZERO)))
        .as("control: the right key")
        .isTrue();
  }

  @Test
  void anIssuerWithAColon_failsFast() {
    assertThatThrownBy(() -> SecondFactors.builder(store, box, "Acme: Corp"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void factorChanges_areEventsOfTheAccountsTenant_thoughTheRequestNamesNone() {
    List<AuthEvent> heard = new CopyOnWriteArrayList<>();
    SecondFactors withEvents =
        SecondFactors.builder(store, box, "Acme")
            .clock(clock)
            .random(random)
            .events(heard::add)
            .build();
    Identity ada = Identity.builder("acc-9").tenant("acme").build();
    AuthRequest browser = AuthRequest.builder("POST", "/auth/second-factor").build();
    AuthActionResponse begun =
        withEvents.manage(ada, AuthParams.of(Map.of("action", "begin-totp")), browser);
    String secret = (String) begun.data("secret").orElseThrow();
    String code =
        Totp.standard(clock)
            .code(
                TotpSecret.of(new org.apache.commons.codec.binary.Base32().decode(secret)),
                clock.instant());
    assertThat(
            withEvents
                .manage(ada, AuthParams.of(Map.of("action", "confirm-totp", "code", code)), browser)
                .isSuccess())
        .isTrue();
    assertThat(heard)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(AuthEvent.Type.SECOND_FACTOR_ADDED);
              assertThat(e.subject()).contains("acc-9");
              assertThat(e.tenant()).isEqualTo("acme");
            });
  }
}
