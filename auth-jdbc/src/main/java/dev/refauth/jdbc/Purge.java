package dev.refauth.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Deletes what can never be used again, {@code batch} rows per transaction (so that no transaction holds long locks)
 * and at most {@value #BATCHES_PER_RUN} transactions per table per run (so that one run ends): expired or used reset links, throttle counters past every window, sessions, refresh families (their
 * token hashes follow by cascade), denylist entries, remembered browsers and social login attempts past their expiry, and
 * not-before marks older than any token they could refuse, and the kept {@linkplain JdbcEventStore events} older
 * than their retention.
 */
final class Purge {
  /** Longer than any counter's window ({@code LoginLimits} allows at most a day). */
  static final Duration THROTTLE_RETENTION = Duration.ofDays(1);

  /** Longer than any access token's lifetime (at most a day) and clock skew. */
  static final Duration NOT_BEFORE_RETENTION = Duration.ofDays(2);

  /** How long an enrolment in a second factor waits for its first code. */
  static final Duration UNCONFIRMED_ENROLMENT_RETENTION = Duration.ofDays(1);

  /** Transactions per table per run: with the default batch, 100,000 rows per table per run. */
  static final int BATCHES_PER_RUN = 100;

  private Purge() {}

  /** One bounded run; answers the rows deleted per table. Events go once older than {@code eventRetention}. */
  static Map<String, Integer> run(Jdbc jdbc, Instant now, int batch, Duration eventRetention) {
    long t = now.toEpochMilli();
    Map<String, Integer> deleted = new LinkedHashMap<>();
    deleted.put(
        "refauth_reset_tokens",
        delete(
            jdbc,
            "refauth_reset_tokens",
            "token_hash",
            "expires_at < ? OR used_at IS NOT NULL",
            batch,
            t));
    deleted.put(
        "refauth_throttle",
        delete(
            jdbc,
            "refauth_throttle",
            "throttle_key",
            "window_start < ? AND (locked_until IS NULL OR locked_until < ?)",
            batch,
            t - THROTTLE_RETENTION.toMillis(),
            t));
    deleted.put(
        "refauth_sessions",
        delete(jdbc, "refauth_sessions", "id_hash", "absolute_expiry < ?", batch, t));
    deleted.put(
        "refauth_refresh_families",
        delete(jdbc, "refauth_refresh_families", "id", "absolute_expiry < ?", batch, t));
    deleted.put(
        "refauth_denylist", delete(jdbc, "refauth_denylist", "jti", "until_at < ?", batch, t));
    deleted.put(
        "refauth_not_before",
        delete(
            jdbc,
            "refauth_not_before",
            "subject",
            "not_before < ?",
            batch,
            t - NOT_BEFORE_RETENTION.toMillis()));
    deleted.put(
        "refauth_devices", delete(jdbc, "refauth_devices", "id_hash", "expires_at < ?", batch, t));
    deleted.put(
        "refauth_login_attempts",
        delete(jdbc, "refauth_login_attempts", "state_hash", "expires_at < ?", batch, t));
    deleted.put(
        "refauth_mfa_pending",
        delete(jdbc, "refauth_mfa_pending", "digest", "expires_at < ?", batch, t));
    deleted.put(
        "refauth_passkey_ceremonies",
        delete(jdbc, "refauth_passkey_ceremonies", "digest", "expires_at < ?", batch, t));
    // wrong second-factor answers lock for minutes at most: a day later they are history
    deleted.put(
        "refauth_mfa_failures",
        delete(
            jdbc,
            "refauth_mfa_failures",
            "account_id",
            "last_failure < ?",
            batch,
            t - THROTTLE_RETENTION.toMillis()));
    deleted.put(
        "refauth_mfa_change_failures",
        delete(
            jdbc,
            "refauth_mfa_change_failures",
            "account_id",
            "last_failure < ?",
            batch,
            t - THROTTLE_RETENTION.toMillis()));
    // an enrolment nobody confirmed within a day was abandoned: its secret was shown once, and
    // there is
    // nothing to keep it for
    deleted.put(
        "refauth_totp",
        delete(
            jdbc,
            "refauth_totp",
            "account_id",
            "confirmed = FALSE AND since < ?",
            batch,
            t - UNCONFIRMED_ENROLMENT_RETENTION.toMillis()));
    deleted.put(
        JdbcEventStore.TABLE,
        JdbcEventStore.purge(jdbc, before(t, eventRetention), batch, BATCHES_PER_RUN));
    return deleted;
  }

  /**
   * {@code t} less {@code retention}, in epoch milliseconds; the earliest there is when that is before it (a retention
   * longer than there is time: nothing is old enough).
   */
  static long before(long t, Duration retention) {
    try {
      return Math.subtractExact(t, retention.toMillis());
    } catch (ArithmeticException e) {
      return Long.MIN_VALUE;
    }
  }

  private static int delete(
      Jdbc jdbc, String table, String key, String condition, int batch, @Nullable Object... args) {
    return delete(jdbc, table, key, condition, batch, BATCHES_PER_RUN, args);
  }

  /**
   * Deletes the rows of {@code table} that meet {@code condition}, {@code batch} rows (found by their {@code key}) per
   * transaction, until fewer than {@code batch} are left or after {@code maxBatches} transactions; answers how many.
   * Only {@code args} come from outside: the names and the condition are this package's constants.
   */
  static int delete(
      Jdbc jdbc,
      String table,
      String key,
      String condition,
      int batch,
      int maxBatches,
      @Nullable Object... args) {
    String sql =
        "DELETE FROM "
            + table
            + " WHERE "
            + key
            + " IN (SELECT "
            + key
            + " FROM "
            + table
            + " WHERE "
            + condition
            + " FETCH FIRST "
            + batch
            + " ROWS ONLY)";
    int total = 0;
    for (int i = 0; i < maxBatches; i++) {
      int n = jdbc.tx(c -> Jdbc.update(c, sql, args));
      total = total > Integer.MAX_VALUE - n ? Integer.MAX_VALUE : total + n;
      if (n < batch) {
        break;
      }
    }
    return total;
  }
}
