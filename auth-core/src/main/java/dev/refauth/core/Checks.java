package dev.refauth.core;

import java.util.Objects;

/** One-line argument and state checks with formatted messages. */
final class Checks {
  private Checks() {}

  static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, () -> name + " must not be null");
  }

  static void require(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  static String notBlank(String value, String name) {
    notNull(value, name);
    require(!value.isBlank(), "%s must not be blank", name);
    return value;
  }
}
