package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A Shiro-style wildcard permission: parts separated by {@code :}, sub-parts by {@code ,}, and {@code *}
 * for "any" ({@code posts:read}, {@code posts:read,write}, {@code posts:*}, {@code *}). A permission
 * implies another when each of its parts covers the other's; missing trailing parts are wildcards, so
 * {@code posts} implies {@code posts:read}. A role is a one-part permission ({@code admin}).
 *
 * <p>Matching is exact and case-sensitive. A sub-part is either {@code *} or a name of letters, digits,
 * {@code _ - . /}: partial wildcards such as {@code re*}, empty parts and spaces are rejected, so a typo
 * in an annotation fails at deployment instead of silently never matching.
 */
public final class Permission {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./-]+");
  private static final String WILDCARD = "*";

  /** Permissions are a small vocabulary: parsed ones are shared, up to this many. */
  private static final int INTERN_LIMIT = 10_000;

  private static final Map<String, Permission> INTERNED = new ConcurrentHashMap<>();

  private final String text;

  /** parts[i] is the sorted sub-parts of part i; {@code null} for a wildcard part. */
  private final String[][] parts;

  private Permission(String text, String[][] parts) {
    this.text = text;
    this.parts = parts;
  }

  /**
   * Parses a permission.
   *
   * @throws IllegalArgumentException naming the permission and what is wrong with it
   */
  public static Permission parse(String permission) {
    Checks.notNull(permission, "permission");
    Permission known = INTERNED.get(permission);
    if (known != null) {
      return known;
    }
    Permission parsed = parseNew(permission);
    if (INTERNED.size() < INTERN_LIMIT) {
      INTERNED.putIfAbsent(permission, parsed);
    }
    return parsed;
  }

  private static Permission parseNew(String permission) {
    Checks.require(!permission.isEmpty(), "a permission must not be empty");
    if (permission.length() > 256) {
      throw new IllegalArgumentException(
          "permission '" + permission.substring(0, 16) + "...' is longer than 256 characters");
    }
    String[] split = permission.split(":", -1);
    String[][] parts = new String[split.length][];
    int index = 0;
    for (String part : split) {
      Set<String> subparts = new LinkedHashSet<>();
      for (String sub : part.split(",", -1)) {
        Checks.require(
            sub.equals(WILDCARD) || NAME.matcher(sub).matches(),
            "permission '%s' has an invalid part '%s' (use names of letters, digits, _ - . / or a lone *)",
            permission,
            sub);
        subparts.add(sub);
      }
      Checks.require(
          !subparts.contains(WILDCARD) || subparts.size() == 1,
          "permission '%s' mixes * with names in one part",
          permission);
      String[] sorted =
          subparts.contains(WILDCARD)
              ? null
              : subparts.stream().sorted().map(String::intern).toArray(String[]::new);
      parts[index++] = sorted;
    }
    return new Permission(permission, parts);
  }

  /**
   * Whether some permission is granted by both this one and {@code other} ({@code billing:refund,export} and {@code
   * billing:export,read} share {@code billing:export}; {@code billing} and {@code *:*:read} share {@code
   * billing:x:read}): each part of the two has a name in common, or one of them is a wildcard.
   */
  boolean overlaps(Permission other) {
    for (int i = 0; i < Math.max(parts.length, other.parts.length); i++) {
      String[] a = i < parts.length ? parts[i] : null; // missing trailing parts are wildcards
      String[] b = i < other.parts.length ? other.parts[i] : null;
      if (a != null && b != null && !shareOne(a, b)) {
        return false;
      }
    }
    return true;
  }

  private static boolean shareOne(String[] a, String[] b) {
    for (String x : a) {
      for (String y : b) {
        if (x.equals(y)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether this permission grants {@code other}. */
  public boolean implies(Permission other) {
    if (other == this) {
      return true;
    }
    int i = 0;
    for (String[] otherPart : other.parts) {
      if (i >= parts.length) {
        return true; // missing trailing parts are wildcards
      }
      String[] part = parts[i++];
      if (part != null && (otherPart == null || !containsAll(part, otherPart))) {
        return false;
      }
    }
    for (; i < parts.length; i++) {
      if (parts[i] != null) {
        return false; // this one is narrower than other
      }
    }
    return true;
  }

  private static boolean containsAll(String[] sortedSet, String[] items) {
    for (String item : items) {
      if (Arrays.binarySearch(sortedSet, item) < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Permission p && Arrays.deepEquals(p.parts, parts);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(parts);
  }

  /** The permission as written. */
  @Override
  public String toString() {
    return text;
  }
}
