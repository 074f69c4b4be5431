package dev.refauth.core.internal;

import dev.refauth.core.PathRules;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one validator of redirect targets ({@code to}, {@code redirectTo}, a social sign-in's return path): same-origin
 * relative paths only. The guard and every battery go through it.
 */
public final class Redirects {
  private static final int MAX_LENGTH = 2048;

  private Redirects() {}

  /**
   * {@code path} when {@link #safe} accepts it, for a builder's path setting.
   *
   * @throws IllegalArgumentException naming the setting otherwise
   */
  public static String localPath(@Nullable String path, String name) {
    if (path == null || safe(path).isEmpty()) {
      throw new IllegalArgumentException(
          name + " '" + path + "' must be a local path of this application, such as /login");
    }
    return path;
  }

  /**
   * The target if it is a safe, same-origin path ({@code /posts?page=2}); empty for {@code //host},
   * {@code /\host}, any scheme, encoded slashes or backslashes, control characters (CR/LF) and other
   * disguises.
   */
  public static Optional<String> safe(String target) {
    if (target == null
        || target.isEmpty()
        || target.length() > MAX_LENGTH
        || target.charAt(0) != '/') {
      return Optional.empty();
    }
    if (!clean(target, true)) {
      return Optional.empty();
    }
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%09")
        || lower.contains("%0a")
        || lower.contains("%0d")
        || lower.contains("%00")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = URLDecoder.decode(target.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!clean(decoded, false)) {
      return Optional.empty();
    }
    int end = indexOfAny(target, "?#");
    String path = end < 0 ? target : target.substring(0, end);
    Optional<String> decodedPath = PathRules.decode(path);
    if (decodedPath.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(target);
  }

  /** {@code raw}: as sent, where no space may appear; otherwise decoded, where spaces are fine but controls are not. */
  private static boolean clean(String s, boolean raw) {
    if (s.startsWith("//") || s.startsWith("/\\") || s.indexOf('\\') >= 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean space = c == ' ';
      if ((c < 0x20 || c == 0x7f || (c > 0x7e && c < 0xa0) || c == '\u2028' || c == '\u2029')
          || (raw && (space || Character.isWhitespace(c)))) {
        return false;
      }
    }
    return true;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
