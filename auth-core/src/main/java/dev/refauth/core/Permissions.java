package dev.refauth.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a user may do: a set of {@link Permission}s with wildcard implication. Refine's
 * {@code getPermissions} resolves to {@link #asStrings()} (a JSON array), and
 * {@code permissions?.includes("admin")} on the client matches {@link #contains(String)}.
 */
public final class Permissions {
  private static final Permissions NONE = new Permissions(Map.of());

  private final Map<String, Permission> byText;

  private Permissions(Map<String, Permission> byText) {
    this.byText = byText;
  }

  /** No permissions. */
  public static Permissions none() {
    return NONE;
  }

  /**
   * @throws IllegalArgumentException if one of them is malformed (see {@link Permission#parse})
   */
  public static Permissions of(String... permissions) {
    return of(List.of(permissions));
  }

  /**
   * @throws IllegalArgumentException if one of them is malformed (see {@link Permission#parse})
   */
  public static Permissions of(Collection<String> permissions) {
    Map<String, Permission> map = new LinkedHashMap<>();
    for (String p : permissions) {
      map.put(p, Permission.parse(p));
    }
    return map.isEmpty() ? NONE : new Permissions(Collections.unmodifiableMap(map));
  }

  /** Whether one of these permissions implies {@code permission}. */
  public boolean implies(Permission permission) {
    for (Permission p : byText.values()) {
      if (p.implies(permission)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether one of these permissions implies {@code permission}; a malformed {@code permission} is
   * implied by nothing.
   */
  public boolean implies(String permission) {
    try {
      return implies(Permission.parse(permission));
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  public boolean impliesAll(Collection<Permission> required) {
    for (Permission p : required) {
      if (!implies(p)) {
        return false;
      }
    }
    return true;
  }

  public boolean impliesAny(Collection<Permission> required) {
    for (Permission p : required) {
      if (implies(p)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this exact permission string was granted (no wildcard expansion), like {@code includes}. */
  public boolean contains(String permission) {
    return byText.containsKey(permission);
  }

  /** The permissions as granted, in order. */
  public List<String> asStrings() {
    return Collections.unmodifiableList(new ArrayList<>(byText.keySet()));
  }

  public Set<Permission> asSet() {
    return Set.copyOf(byText.values());
  }

  public boolean isEmpty() {
    return byText.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Permissions p && p.byText.keySet().equals(byText.keySet());
  }

  @Override
  public int hashCode() {
    return byText.keySet().hashCode();
  }

  @Override
  public String toString() {
    return "Permissions" + byText.keySet();
  }
}
