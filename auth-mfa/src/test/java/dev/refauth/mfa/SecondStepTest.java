package dev.refauth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Identity;
import dev.refauth.core.spi.SecondFactor.Admission;
import dev.refauth.core.spi.SecondFactor.Challenge;
import dev.refauth.core.spi.SecondFactor.Outcome;
import dev.refauth.testkit.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/**
 * {@link SecondFactors} as the provider's second step, as time passes on an injected clock: the challenge's expiry and
 * tries, the account's lock and its end, and the enrolment actions with their fresh check.
 */
final class SecondStepTest {
  private static final AuthRequest REQUEST =
      AuthRequest.builder("POST", "/auth/login").remoteAddress("192.0.2.1").build();

  private final SecureRandom random = new SecureRandom();
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T10:00:10Z"));
  private final InMemorySecondFactorStore store = new InMemorySecondFactorStore();
  private final SecondFactors factors =
      SecondFactors.builder(
              store,
              SecretBox.fromBase64(
                  Base64.getEncoder().encodeToString(random.generateSeed(32)), random),
              "Acme")
          .clock(clock)
          .random(random)
          .build();
  private final Identity ada =
      Identity.builder("acc-ada").email("ada@example.com").tenant("acme").build();

  private TotpSecret secret;

  private List<String> enrol() {
    AuthActionResponse begun = factors.manage(ada, params("action", "begin-totp"), REQUEST);
    secret = TotpSecret.of(new Base32().decode((String) begun.data().get("secret")));
    AuthActionResponse confirmed =
        factors.manage(ada, params("action", "confirm-totp", "code", code(-30)), REQUEST);
    assertThat(confirmed.isSuccess()).isTrue();
    @SuppressWarnings("unchecked")
    List<String> codes = (List<String>) confirmed.data().get("recoveryCodes");
    return codes;
  }

  private String code(long offsetSeconds) {
    return Totp.standard(clock).code(secret, clock.instant().plusSeconds(offsetSeconds));
  }

  private static AuthParams params(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return AuthParams.of(m);
  }

  private String challenge() {
    return factors.challenge(ada, true, REQUEST).map(Challenge::pending).orElseThrow();
  }

  /**
   * An account suspended (or its password changed) while its right answer is checked: the admission is asked again
   * just before anything is used up, and the refused answer spends nothing.
   */
  @Test
  void anAdmissionLostWhileTheAnswerIsChecked_spendsNothing() {
    List<String> codes = enrol();
    AtomicInteger asked = new AtomicInteger();
    Admission untilChecked = (subject, tenant, challengedAt) -> asked.incrementAndGet() == 1;
    assertThat(
            factors.answer(
                challenge(), params("recoveryCode", codes.get(0)), REQUEST, untilChecked))
        .isEqualTo(Outcome.Refused.INSTANCE);
    assertThat(asked.get()).as("asked before and again at the claim").isEqualTo(2);
    assertThat(factors.recoveryCodesLeft("acc-ada")).isEqualTo(10);
    assertThat(
            factors.answer(
                challenge(), params("recoveryCode", codes.get(0)), REQUEST, Admission.ANY))
        .as("control: the same code, admitted")
        .isInstanceOf(Outcome.Passed.class);
  }

  /** Five right recovery codes at once on one challenge: one signs in, and only its code is used up. */
  @Test
  void rightAnswersAtOnce_oneChallenge_spendOneCode() throws Exception {
    List<String> codes = enrol();
    String pending = challenge();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Outcome>> answers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String code = codes.get(i);
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return factors.answer(
                      pending, params("recoveryCode", code), REQUEST, Admission.ANY);
                }));
      }
      go.countDown();
      int passed = 0;
      for (Future<Outcome> f : answers) {
        passed += f.get() instanceof Outcome.Passed ? 1 : 0;
      }
      assertThat(passed).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(factors.recoveryCodesLeft("acc-ada")).isEqualTo(9);
  }

  @Test
  void noFactor_noChallenge_andAPassedAnswerSaysHowAndForWhom() {
    assertThat(factors.challenge(ada, false, REQUEST)).isEmpty();
    enrol();
    Challenge c = factors.challenge(ada, true, REQUEST).orElseThrow();
    assertThat(c.methods()).containsExactly("totp", "recovery");
    assertThat(c.lifetime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.toString()).doesNotContain(c.pending());
    Outcome o = factors.answer(c.pending(), params("code", code(0)), REQUEST, Admission.ANY);
    assertThat(o)
        .isEqualTo(
            new Outcome.Passed(
                "acc-ada",
                java.util.Optional.of("acme"),
                List.of("pwd", "otp", "mfa"),
                true,
                clock.instant()));
    assertThat(factors.answer(c.pending(), params("code", code(30)), REQUEST, Admission.ANY))
        .as("once")
        .isEqualTo(Outcome.Refused.INSTANCE);
  }

  @Test
  void aChallengeExpiresAfterFiveMinutes() {
    enrol();
    String late = challenge();
    String inTime = challenge();
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(factors.answer(inTime, params("code", code(0)), REQUEST, Admission.ANY))
        .isInstanceOf(Outcome.Passed.class); // control
    clock.advance(Duration.ofSeconds(1));
    assertThat(factors.answer(late, params("code", code(30)), REQUEST, Admission.ANY))
        .isEqualTo(Outcome.Refused.INSTANCE);
  }

  @Test
  void fiveTriesPerChallenge_andBothKindsOfAnswerAtOnceAreRefused() {
    enrol();
    String pending = challenge();
    assertThat(
            factors.answer(
                pending,
                params("code", code(0), "recoveryCode", "aaaaa-bbbbb"),
                REQUEST,
                Admission.ANY))
        .isEqualTo(Outcome.Refused.INSTANCE);
    for (int i = 0; i < 4; i++) {
      assertThat(factors.answer(pending, params("code", "00000" + i), REQUEST, Admission.ANY))
          .isEqualTo(Outcome.Refused.INSTANCE);
    }
    assertThat(factors.answer(pending, params("code", code(0)), REQUEST, Admission.ANY))
        .as("out of tries: even the right code")
        .isEqualTo(Outcome.Refused.INSTANCE);
  }

  @Test
  void wrongAnswersInARow_lockTheAccount_forAMinuteThenLonger_andARightOneEndsTheCount() {
    List<String> recovery = enrol();
    for (int i = 0; i < 5; i++) {
      factors.answer(challenge(), params("code", "00000" + i), REQUEST, Admission.ANY);
    }
    String pending = challenge();
    assertThat(factors.answer(pending, params("code", code(0)), REQUEST, Admission.ANY))
        .isEqualTo(new Outcome.Throttled(Duration.ofMinutes(1)));
    assertThat(
            factors
                .manage(ada, params("action", "new-recovery-codes", "code", "000000"), REQUEST)
                .error()
                .orElseThrow()
                .name())
        .as("a change's fresh check is counted apart: not locked by the sign-in's guesses")
        .isEqualTo("InvalidCode");
    clock.advance(Duration.ofMinutes(1));
    // the lock is over; one more wrong answer locks for two minutes
    assertThat(factors.answer(challenge(), params("code", "999999"), REQUEST, Admission.ANY))
        .isEqualTo(Outcome.Refused.INSTANCE);
    assertThat(factors.answer(challenge(), params("code", code(0)), REQUEST, Admission.ANY))
        .isEqualTo(new Outcome.Throttled(Duration.ofMinutes(2)));
    clock.advance(Duration.ofMinutes(2));
    assertThat(
            factors.answer(
                challenge(), params("recoveryCode", recovery.get(0)), REQUEST, Admission.ANY))
        .isInstanceOf(Outcome.Passed.class);
    // the count started again: four wrong answers do not lock
    for (int i = 0; i < 4; i++) {
      factors.answer(challenge(), params("code", "00000" + i), REQUEST, Admission.ANY);
    }
    assertThat(factors.answer(challenge(), params("code", code(0)), REQUEST, Admission.ANY))
        .isInstanceOf(Outcome.Passed.class);
  }

  @Test
  void wrongCodesToAChange_lockChangesOnly_neverTheOwnersSignIn() {
    enrol();
    for (int i = 0; i < 5; i++) {
      assertThat(
              factors
                  .manage(ada, params("action", "remove", "code", "00000" + i), REQUEST)
                  .isSuccess())
          .isFalse();
    }
    assertThat(
            factors
                .manage(ada, params("action", "remove", "code", code(0)), REQUEST)
                .error()
                .orElseThrow()
                .name())
        .as("whoever holds the session is locked out of changes")
        .isEqualTo("TooManyAttempts");
    assertThat(factors.enrolled("acc-ada")).isTrue();
    assertThat(factors.answer(challenge(), params("code", code(0)), REQUEST, Admission.ANY))
        .as("the owner still signs in")
        .isInstanceOf(Outcome.Passed.class);
  }

  @Test
  void theRightCodeAgain_aMomentLater_isRefusedWithoutCounting() {
    enrol();
    String right = code(0);
    assertThat(factors.answer(challenge(), params("code", right), REQUEST, Admission.ANY))
        .isInstanceOf(Outcome.Passed.class);
    for (int i = 0; i < 6; i++) { // a second tab, a double click: more than the free failures
      assertThat(factors.answer(challenge(), params("code", right), REQUEST, Admission.ANY))
          .isEqualTo(Outcome.Refused.INSTANCE);
    }
    assertThat(factors.answer(challenge(), params("code", code(30)), REQUEST, Admission.ANY))
        .as("not locked: the next code serves")
        .isInstanceOf(Outcome.Passed.class);
    clock.advance(Duration.ofSeconds(30));
    assertThat(
            factors.answer(
                challenge(), params("code", Long.valueOf(code(30))), REQUEST, Admission.ANY))
        .as("a code sent as a JSON number")
        .isInstanceOf(Outcome.Passed.class);
  }

  @Test
  void everyChangeOfTheFactor_asksTheApiForARecentSignIn() {
    assertThat(List.of("begin-totp", "new-recovery-codes", "remove"))
        .allMatch(factors::needsRecentSignIn);
    assertThat(List.of("status", "confirm-totp")).noneMatch(factors::needsRecentSignIn);
  }

  @Test
  void enrolmentActions_needAFreshCode_andChangeNothingWithoutOne() {
    assertThat(factors.manage(ada, params("action", "status"), REQUEST).data())
        .containsEntry("enrolled", false)
        .containsEntry("recoveryCodesLeft", 0);
    assertThat(
            factors
                .manage(ada, params("action", "remove", "code", "123456"), REQUEST)
                .error()
                .orElseThrow()
                .name())
        .isEqualTo("NotEnrolled");
    List<String> recovery = enrol();
    assertThat(
            factors
                .manage(ada, params("action", "begin-totp"), REQUEST)
                .error()
                .orElseThrow()
                .status())
        .hasValue(409);
    assertThat(factors.manage(ada, params("action", "new-recovery-codes"), REQUEST).isSuccess())
        .isFalse();
    assertThat(
            factors.manage(ada, params("action", "remove", "code", "000000"), REQUEST).isSuccess())
        .isFalse();
    assertThat(factors.enrolled("acc-ada")).isTrue();
    assertThat(
            factors.manage(ada, params("action", "nonsense"), REQUEST).error().orElseThrow().name())
        .isEqualTo("BadRequest");

    AuthActionResponse renewed =
        factors.manage(ada, params("action", "new-recovery-codes", "code", code(0)), REQUEST);
    assertThat(renewed.isSuccess()).isTrue();
    assertThat(
            factors.answer(
                challenge(), params("recoveryCode", recovery.get(0)), REQUEST, Admission.ANY))
        .as("the old codes died")
        .isEqualTo(Outcome.Refused.INSTANCE);
    @SuppressWarnings("unchecked")
    List<String> fresh = (List<String>) renewed.data().get("recoveryCodes");
    assertThat(
            factors
                .manage(ada, params("action", "remove", "recoveryCode", fresh.get(0)), REQUEST)
                .isSuccess())
        .isTrue();
    assertThat(factors.enrolled("acc-ada")).isFalse();
    assertThat(factors.challenge(ada, false, REQUEST)).isEmpty();
  }
}
