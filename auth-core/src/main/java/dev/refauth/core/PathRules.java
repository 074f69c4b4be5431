package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which paths need what, with servlet-style patterns: exact ({@code /admin}), prefix ({@code /admin/*},
 * which also matches {@code /admin}), extension ({@code *.css}) and everything ({@code /*}).
 *
 * <p>Order of precedence: public-only patterns, then public ones, then those that need a recent second
 * factor ({@link #withSecondFactor}), then protected ones; a path that matches none is public. Matching is on the decoded path and case-sensitive.
 *
 * <p>{@link #decode(String)} refuses ambiguous paths before any matching, so that {@code /admin;x},
 * {@code /x/../admin}, {@code /%2e%2e/admin}, {@code /%61dmin} tricks and {@code //admin} can never slip
 * past a pattern: a container may resolve them to a path other than the one matched.
 */
public final class PathRules {
  private final List<String> publicOnly;
  private final List<String> open;
  private final List<String> protect;
  private final List<String> stepUp;
  private final Requirement stepUpRequirement;

  private PathRules(
      List<String> publicOnly,
      List<String> open,
      List<String> protect,
      List<String> stepUp,
      Requirement stepUpRequirement) {
    this.publicOnly = List.copyOf(publicOnly);
    this.open = List.copyOf(open);
    this.protect = List.copyOf(protect);
    this.stepUp = List.copyOf(stepUp);
    this.stepUpRequirement = stepUpRequirement;
  }

  /**
   * @param protect patterns that need authentication
   * @param open patterns open to everyone (they win over {@code protect})
   * @param publicOnly patterns open to everyone but left by authenticated browsers (login, register)
   * @throws IllegalArgumentException naming a malformed pattern
   */
  public static PathRules of(List<String> protect, List<String> open, List<String> publicOnly) {
    for (List<String> l : List.of(protect, open, publicOnly)) {
      l.forEach(PathRules::validatePattern);
    }
    return new PathRules(publicOnly, open, protect, List.of(), Requirement.authenticated());
  }

  /**
   * These rules, and patterns whose paths need a sign-in with a second factor no longer than {@code within} ago
   * (an authenticated caller, then {@link Requirement#withSecondFactorWithin}): the sensitive pages and calls. Public
   * and public-only patterns still win over them.
   *
   * @throws IllegalArgumentException naming a malformed pattern, or for {@code within} out of one second to one day
   */
  public PathRules withSecondFactor(List<String> patterns, Duration within) {
    patterns.forEach(PathRules::validatePattern);
    return new PathRules(
        publicOnly,
        open,
        protect,
        patterns,
        Requirement.authenticated().withSecondFactorWithin(within));
  }

  /** The requirement for a decoded path (see {@link #decode}). */
  public Requirement requirementFor(String path) {
    if (matchesAny(publicOnly, path)) {
      return Requirement.publicOnly();
    }
    if (matchesAny(open, path)) {
      return Requirement.none();
    }
    if (matchesAny(stepUp, path)) {
      return stepUpRequirement;
    }
    return matchesAny(protect, path) ? Requirement.authenticated() : Requirement.none();
  }

  /**
   * The decoded form of a raw request path, or empty when it is ambiguous: path parameters ({@code ;}),
   * encoded {@code / \ . %} or NUL, {@code \}, {@code //}, {@code .} or {@code ..} segments, control
   * characters, malformed escapes or invalid UTF-8.
   */
  public static Optional<String> decode(String rawPath) {
    if (rawPath == null
        || rawPath.isEmpty()
        || rawPath.charAt(0) != '/'
        || rawPath.length() > 4096) {
      return Optional.empty();
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    if (lower.indexOf(';') >= 0
        || lower.indexOf('\\') >= 0
        || lower.contains("//")
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%2e")
        || lower.contains("%25")
        || lower.contains("%00")
        || lower.contains("%3b")) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c < 0x20 || c == 0x7f || c > 0x7e) {
        return Optional.empty();
      }
      if (c == '%') {
        if (i + 2 >= rawPath.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(rawPath.charAt(i + 1), 16);
        int lo = Character.digit(rawPath.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        int b = (hi << 4) | lo;
        if (b < 0x20 || b == 0x7f) {
          return Optional.empty();
        }
        bytes.write(b);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    for (String segment : decoded.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.empty();
      }
    }
    return Optional.of(decoded);
  }

  private static boolean matchesAny(List<String> patterns, String path) {
    for (String p : patterns) {
      if (matches(p, path)) {
        return true;
      }
    }
    return false;
  }

  static boolean matches(String pattern, String path) {
    if (pattern.equals("/*") || pattern.equals("/")) {
      return pattern.equals("/*") || path.equals("/");
    }
    if (pattern.startsWith("*.")) {
      return path.endsWith(pattern.substring(1));
    }
    if (pattern.endsWith("/*")) {
      String base = pattern.substring(0, pattern.length() - 2);
      return path.equals(base) || path.startsWith(base + "/");
    }
    return path.equals(pattern);
  }

  private static void validatePattern(String p) {
    Checks.notNull(p, "pattern");
    boolean ok =
        (p.startsWith("/") && p.indexOf('*') < 0)
            || (p.startsWith("/") && p.endsWith("/*") && p.indexOf('*') == p.length() - 1)
            || (p.startsWith("*.")
                && p.length() > 2
                && p.indexOf('/') < 0
                && p.lastIndexOf('*') == 0);
    Checks.require(ok, "path pattern '%s' is not /exact, /prefix/* or *.extension", p);
  }

  @Override
  public String toString() {
    return "PathRules[protect="
        + protect
        + ", public="
        + open
        + ", publicOnly="
        + publicOnly
        + (stepUp.isEmpty() ? "" : ", secondFactor=" + stepUp)
        + "]";
  }

  /** The patterns, for diagnostics. */
  List<List<String>> patterns() {
    List<List<String>> all = new ArrayList<>();
    all.add(protect);
    all.add(open);
    all.add(publicOnly);
    all.add(stepUp);
    return all;
  }
}
