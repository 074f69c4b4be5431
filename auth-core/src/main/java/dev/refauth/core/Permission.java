package dev.refauth.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

  private final String text;
  private final List<Set<String>> parts;

  private Permission(String text, List<Set<String>> parts) {
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
    Checks.require(!permission.isEmpty(), "a permission must not be empty");
    if (permission.length() > 256) {
      throw new IllegalArgumentException("permission '" + permission.substring(0, 16) + "...' is longer than 256 characters");
    }
    List<Set<String>> parts = new ArrayList<>();
    for (String part : permission.split(":", -1)) {
      Set<String> subparts = new LinkedHashSet<>();
      for (String sub : part.split(",", -1)) {
        Checks.require(sub.equals(WILDCARD) || NAME.matcher(sub).matches(),
            "permission '%s' has an invalid part '%s' (use names of letters, digits, _ - . / or a lone *)", permission, sub);
        subparts.add(sub);
      }
      Checks.require(!subparts.contains(WILDCARD) || subparts.size() == 1,
          "permission '%s' mixes * with names in one part", permission);
      parts.add(Collections.unmodifiableSet(subparts));
    }
    return new Permission(permission, Collections.unmodifiableList(parts));
  }

  /** Whether this permission grants {@code other}. */
  public boolean implies(Permission other) {
    int i = 0;
    for (Set<String> otherPart : other.parts) {
      if (i >= parts.size()) {
        return true; // missing trailing parts are wildcards
      }
      Set<String> part = parts.get(i++);
      if (!part.contains(WILDCARD) && !part.containsAll(otherPart)) {
        return false;
      }
    }
    for (; i < parts.size(); i++) {
      if (!parts.get(i).contains(WILDCARD)) {
        return false; // this one is narrower than other
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Permission p && p.parts.equals(parts);
  }

  @Override
  public int hashCode() {
    return parts.hashCode();
  }

  /** The permission as written. */
  @Override
  public String toString() {
    return text;
  }
}
