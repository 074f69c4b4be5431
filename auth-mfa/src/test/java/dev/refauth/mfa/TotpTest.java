package dev.refauth.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RFC 6238's vectors, an independent implementation's codes, the window's edges, single use. */
final class TotpTest {
  private static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  @Test
  void rfc6238AppendixB_sha1() {
    // the SHA1 rows of RFC 6238, Appendix B: the ASCII seed "12345678901234567890", 8 digits
    TotpSecret seed = TotpSecret.of("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
    long[][] rows = {
      {59L, 94287082L},
      {1111111109L, 7081804L},
      {1111111111L, 14050471L},
      {1234567890L, 89005924L},
      {2000000000L, 69279037L},
      {20000000000L, 65353130L}
    };
    for (long[] row : rows) {
      Totp totp = Totp.of(at(row[0]), 8, Duration.ofSeconds(30), "HmacSHA1", 0);
      String expected = String.format("%08d", row[1]);
      assertThat(totp.code(seed, Instant.ofEpochSecond(row[0])))
          .as("T=" + row[0])
          .isEqualTo(expected);
      assertThat(totp.verify(seed, expected, Totp.NONE_USED)).isPresent();
    }
  }

  @Test
  void codesOfAnIndependentImplementation_areAccepted() throws Exception {
    SecureRandom random = new SecureRandom();
    DefaultCodeGenerator theirs = new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6);
    for (int i = 0; i < 50; i++) {
      TotpSecret secret = TotpSecret.generate(random);
      long now = 1_700_000_000L + random.nextInt(100_000_000);
      String code = theirs.generate(secret.base32(), Math.floorDiv(now, 30));
      assertThat(Totp.standard(at(now)).verify(secret, code, Totp.NONE_USED))
          .as("secret %s at %d", i, now)
          .isPresent();
    }
  }

  @Test
  void oneStepEitherSide_notTwo() {
    TotpSecret secret = TotpSecret.generate(new SecureRandom());
    long now = 1_800_000_015L; // in the middle of a step
    Totp totp = Totp.standard(at(now));
    for (int offset = -3; offset <= 3; offset++) {
      String code = totp.code(secret, Instant.ofEpochSecond(now + offset * 30L));
      OptionalLong step = totp.verify(secret, code, Totp.NONE_USED);
      if (Math.abs(offset) <= 1) {
        assertThat(step)
            .as("offset " + offset)
            .hasValue(totp.step(Instant.ofEpochSecond(now)) + offset);
      } else {
        assertThat(step).as("offset " + offset).isEmpty();
      }
    }
  }

  @Test
  void aCodeIsGoodOnce_andNoEarlierStepAfterIt() {
    TotpSecret secret = TotpSecret.generate(new SecureRandom());
    long now = 1_800_000_000L;
    Totp totp = Totp.standard(at(now));
    String current = totp.code(secret, Instant.ofEpochSecond(now));
    long used = totp.verify(secret, current, Totp.NONE_USED).orElseThrow();
    assertThat(totp.verify(secret, current, used)).as("the same code again").isEmpty();
    String previous = totp.code(secret, Instant.ofEpochSecond(now - 30));
    assertThat(totp.verify(secret, previous, used))
        .as("an older step, after a newer was used")
        .isEmpty();
    // control: the next step's code is still good after it
    String next = totp.code(secret, Instant.ofEpochSecond(now + 30));
    assertThat(totp.verify(secret, next, used)).hasValue(used + 1);
  }

  @Test
  void malformedCodes_refusedWithoutAnAnswer() {
    TotpSecret secret = TotpSecret.generate(new SecureRandom());
    Totp totp = Totp.standard(at(1_800_000_000L));
    String good = totp.code(secret, Instant.ofEpochSecond(1_800_000_000L));
    for (String bad :
        new String[] {"", "12345", "1234567", "12345a", "１２３４５６", null, " " + good + "0"}) {
      assertThat(totp.verify(secret, bad, Totp.NONE_USED)).as(String.valueOf(bad)).isEmpty();
    }
    assertThat(totp.verify(secret, " " + good + " ", Totp.NONE_USED))
        .as("spaces around")
        .isPresent();
    assertThat(TotpSecret.generate(new SecureRandom())).isNotEqualTo(secret);
    assertThat(
            Totp.standard(at(1_800_000_000L))
                .verify(TotpSecret.generate(new SecureRandom()), good, Totp.NONE_USED))
        .as("another account's secret")
        .isEmpty();
  }

  @Test
  void parametersOutOfRange_failFast() {
    Clock c = at(0);
    assertThatThrownBy(() -> Totp.of(c, 5, Duration.ofSeconds(30), "HmacSHA1", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Totp.of(c, 6, Duration.ofMillis(30_500), "HmacSHA1", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Totp.of(c, 6, Duration.ofSeconds(30), "HmacSHA1", 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TotpSecret.of(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
