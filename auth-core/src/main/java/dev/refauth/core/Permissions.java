package dev.refauth.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a user may do: a set of {@link Permission}s with wildcard implication. Refine's
 * {@code getPermissions} resolves to {@link #asStrings()} (a JSON array), and
 * {@code permissions?.includes("admin")} on the client matches {@link #contains(String)}.
 */
public final class Permissions {
  private static final Permissions NONE = new Permissions(new Permission[0]);

  /** Users share a few permission sets; equal sets are shared, up to this many, so a cached identity costs little. */
  private static final int INTERN_LIMIT = 10_000;

  private static final Map<List<String>, Permissions> INTERNED = new ConcurrentHashMap<>();

  private final Permission[] granted;

  private Permissions(Permission[] granted) {
    this.granted = granted;
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
    List<String> distinct = List.copyOf(new LinkedHashSet<>(permissions));
    if (distinct.isEmpty()) {
      return NONE;
    }
    Permissions known = INTERNED.get(distinct);
    if (known != null) {
      return known;
    }
    Permission[] parsed = new Permission[distinct.size()];
    for (int i = 0; i < parsed.length; i++) {
      parsed[i] = Permission.parse(distinct.get(i));
    }
    Permissions created = new Permissions(parsed);
    if (INTERNED.size() < INTERN_LIMIT) {
      INTERNED.putIfAbsent(distinct, created);
    }
    return created;
  }

  /** Whether one of these permissions implies {@code permission}. */
  public boolean implies(Permission permission) {
    for (Permission p : granted) {
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
    for (Permission p : granted) {
      if (p.toString().equals(permission)) {
        return true;
      }
    }
    return false;
  }

  /** The permissions as granted, in order. */
  public List<String> asStrings() {
    return Arrays.stream(granted).map(Permission::toString).toList();
  }

  public Set<Permission> asSet() {
    return Set.copyOf(Arrays.asList(granted));
  }

  public boolean isEmpty() {
    return granted.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Permissions p && Set.copyOf(p.asStrings()).equals(Set.copyOf(asStrings()));
  }

  @Override
  public int hashCode() {
    return Set.copyOf(asStrings()).hashCode();
  }

  @Override
  public String toString() {
    return "Permissions" + asStrings();
  }
}
