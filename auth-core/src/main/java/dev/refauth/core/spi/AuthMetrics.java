package dev.refauth.core.spi;

import dev.refauth.core.IdentityCache;
import dev.refauth.core.internal.ClassLoading;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Measurements the engine and the batteries take that are not {@linkplain dev.refauth.core.AuthEvent events}: how long
 * the guard took to decide, how each token verification ended, the identity cache's counts, how late a notice from
 * another node arrived. The default measures nothing and costs a call to an empty method; {@code auth-metrics} records
 * them with OpenTelemetry. Found with {@link ServiceLoader} like {@link AuthEventListener}.
 *
 * <p>An implementation must be thread-safe, return quickly and not throw. No method takes free text: every label is
 * one of the enums here, so that no client can grow a metric's label set.
 */
public interface AuthMetrics {

  /** How the guard decided a request. */
  enum Decision {
    /** Went on to the application (signed in or on a public path). */
    ALLOWED,
    /** No valid credential where one is needed (401, or the login page). */
    UNAUTHENTICATED,
    /** Signed in but refused (403: a permission, another tenant, a second factor still owed). */
    FORBIDDEN,
    /** Answered by the guard itself: a bad request, a preflight, an unknown tenant, the store unavailable. */
    ANSWERED
  }

  /** How a token verification ended. */
  enum TokenResult {
    VALID,
    EXPIRED,
    BAD_SIGNATURE,
    /** Signed with a key the verifier does not know (a {@code kid} not in the key set). */
    UNKNOWN_KEY,
    WRONG_AUDIENCE,
    /** Anything else: not a JWT, another issuer, another type, a claim missing or malformed, revoked. */
    INVALID
  }

  /** What {@link #decided} gets for a decision that was not timed. */
  long UNTIMED = -1;

  /**
   * Whether to time the decision the guard is starting (default: every one). An implementation may time only some,
   * to spare most requests the two clock reads and the histogram; {@link #decided} is called for every decision.
   */
  default boolean timesDecision() {
    return true;
  }

  /** The guard decided one request, in {@code nanos}, or {@link #UNTIMED} when {@link #timesDecision} said no. */
  default void decided(Decision decision, long nanos) {}

  /** A token presented as a credential (refauth's own or a trusted issuer's) was verified. */
  default void tokenVerified(TokenResult result) {}

  /** A notice from another node (an account changed, a session ended) arrived {@code delay} after it was sent. */
  default void noticeReceived(Duration delay) {}

  /** The guard's identity cache, to read its counts from when the metrics are collected. Called once per guard. */
  default void identityCache(Supplier<IdentityCache.Stats> stats) {}

  /** Measures nothing. */
  static AuthMetrics none() {
    return dev.refauth.core.internal.NoMetrics.INSTANCE;
  }

  /** Whether {@code metrics} measures nothing, so that a caller may skip taking the time. */
  static boolean isNone(AuthMetrics metrics) {
    return metrics == dev.refauth.core.internal.NoMetrics.INSTANCE;
  }

  /**
   * The implementations registered with {@link ServiceLoader} in {@code loader}, as one; none registered is {@link
   * #none()}.
   */
  static AuthMetrics discovered(ClassLoader loader) {
    List<AuthMetrics> found = ClassLoading.services(AuthMetrics.class, loader);
    if (found.isEmpty()) {
      return none();
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    List<AuthMetrics> all = List.copyOf(found);
    // several: timesDecision stays the default, so each of them gets every decision timed
    return new AuthMetrics() {
      @Override
      public void decided(Decision decision, long nanos) {
        all.forEach(m -> m.decided(decision, nanos));
      }

      @Override
      public void tokenVerified(TokenResult result) {
        all.forEach(m -> m.tokenVerified(result));
      }

      @Override
      public void noticeReceived(Duration delay) {
        all.forEach(m -> m.noticeReceived(delay));
      }

      @Override
      public void identityCache(Supplier<IdentityCache.Stats> stats) {
        all.forEach(m -> m.identityCache(stats));
      }
    };
  }
}
