package dev.refauth.mfa;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks TOTP codes (RFC 6238): HMAC-SHA1, 6 digits, 30-second steps, one step of clock drift either side. A code is
 * good once: {@link #verify} answers the time step it matched, which the caller stores (atomically, shared by every
 * node) and passes back as {@code lastUsedStep}; a code of that step or an earlier one is refused, so a code seen
 * over a shoulder or replayed from a log is worth nothing once used. Throttling wrong codes is the caller's (the
 * account's login throttle). Immutable and thread-safe.
 */
public final class Totp {
  /** No step used yet. */
  public static final long NONE_USED = Long.MIN_VALUE;

  private final TimeBasedOneTimePasswordGenerator generator;
  private final Clock clock;
  private final int window;
  private final int digits;
  private final long periodSeconds;

  private Totp(Clock clock, int digits, Duration period, String algorithm, int window) {
    this.clock = clock;
    this.window = window;
    this.digits = digits;
    this.periodSeconds = period.toSeconds();
    this.generator = new TimeBasedOneTimePasswordGenerator(period, digits, algorithm);
  }

  /** The usual parameters (SHA1, 6 digits, 30 s, a window of one step) on this clock. */
  public static Totp standard(Clock clock) {
    return new Totp(Objects.requireNonNull(clock), 6, Duration.ofSeconds(30), "HmacSHA1", 1);
  }

  /**
   * Other parameters, for tests against RFC 6238's vectors and for authenticators configured otherwise.
   *
   * @throws IllegalArgumentException for digits outside 6..8, a period that is not whole seconds between 15 s and 2
   *     min, or a window outside 0..2
   */
  public static Totp of(Clock clock, int digits, Duration period, String algorithm, int window) {
    if (digits < 6 || digits > 8) {
      throw new IllegalArgumentException("TOTP digits must be 6 to 8");
    }
    if (period.toMillis() % 1000 != 0
        || period.compareTo(Duration.ofSeconds(15)) < 0
        || period.compareTo(Duration.ofMinutes(2)) > 0) {
      throw new IllegalArgumentException("TOTP period must be whole seconds from 15 s to 2 min");
    }
    if (window < 0 || window > 2) {
      throw new IllegalArgumentException("TOTP window must be 0 to 2 steps");
    }
    return new Totp(Objects.requireNonNull(clock), digits, period, algorithm, window);
  }

  /** The time step of {@code at}. */
  public long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), periodSeconds);
  }

  /** The code of {@code secret} at {@code at}, zero-padded. */
  public String code(TotpSecret secret, Instant at) {
    try {
      int code =
          generator.generateOneTimePassword(
              new SecretKeySpec(secret.bytes(), generator.getAlgorithm()), at);
      return String.format("%0" + digits + "d", code);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the HMAC refused a TOTP secret", e);
    }
  }

  /**
   * The time step {@code code} matches now, within the window, after {@code lastUsedStep}; empty when it matches none
   * (wrong, too old, too new, or already used). Only digits of the configured length count; anything else is
   * refused without computing a code.
   */
  public OptionalLong verify(TotpSecret secret, String code, long lastUsedStep) {
    String c = code == null ? "" : code.strip();
    if (c.length() != digits || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return OptionalLong.empty();
    }
    long now = step(clock.instant());
    OptionalLong matched = OptionalLong.empty();
    // every candidate is computed and compared in constant time, so the answer's timing does not
    // say which step matched
    for (long s = now - window; s <= now + window; s++) {
      String expected = code(secret, Instant.ofEpochSecond(s * periodSeconds));
      boolean same =
          java.security.MessageDigest.isEqual(
              expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              c.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      if (same && s > lastUsedStep && matched.isEmpty()) {
        matched = OptionalLong.of(s);
      }
    }
    return matched;
  }
}
