package dev.refauth.core.internal;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One-line argument checks with formatted messages, for refauth's own modules: a missing argument is a
 * {@link NullPointerException}, a bad one an {@link IllegalArgumentException}. Internal: not API, may change
 * in any release.
 */
public final class Checks {
  /** RFC 9110's token: a header name, a cookie name. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

  private Checks() {}

  /** Whether {@code s} is an RFC 9110 token (a header name). */
  public static boolean isToken(String s) {
    return TOKEN.matcher(s).matches();
  }

  public static <T> T notNull(@Nullable T value, String name) {
    return Objects.requireNonNull(value, () -> name + " must not be null");
  }

  public static void require(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  public static String notBlank(@Nullable String value, String name) {
    value = notNull(value, name);
    require(!value.isBlank(), "%s must not be blank", name);
    return value;
  }
}
