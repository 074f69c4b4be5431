package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Configuration as strings (servlet init-params, properties), with typed getters that fail fast: a value
 * that does not parse is an {@link AuthException} naming the setting and what it expected. Immutable.
 */
public final class AuthSettings {
  /**
   * The origin users reach the application at ({@code https://app.example.com}): the one deployment-wide
   * setting, which every component may read (for cookies, CSRF, absolute links) and {@link #requireOnly} always
   * accepts.
   */
  public static final String PUBLIC_ORIGIN = "publicOrigin";

  /**
   * The path the application is deployed under ({@code /app}; empty at the root): a fact the adapter fills in from
   * its container (the servlet filter from its {@code ServletContext}), not a setting to configure. Like
   * {@link #PUBLIC_ORIGIN}, every component may read it (for the absolute links it builds) and {@link #requireOnly}
   * always accepts it.
   */
  public static final String CONTEXT_PATH = "contextPath";

  /** Where the login page is ({@code /login}): the guard sends browsers there, a provider names it in its answers. */
  public static final String LOGIN_PATH = "loginPath";

  /**
   * Where the {@code /auth} API is mapped ({@code /auth}): the guard leaves it open, a provider scopes its refresh
   * cookie and its callbacks below it.
   */
  public static final String API_PATH = "apiPath";

  /** The tenants there are, with their names ({@code acme=Acme Corporation, globex}). */
  public static final String TENANTS = "tenants";

  /**
   * The deployment's facts: each has one key, set once for the whole deployment, and every component reads it under
   * that key ({@link #requireOnly} always accepts them).
   */
  public static final Set<String> DEPLOYMENT_FACTS =
      Set.of(PUBLIC_ORIGIN, CONTEXT_PATH, LOGIN_PATH, API_PATH, TENANTS);

  private static final AuthSettings EMPTY = new AuthSettings(Map.of(), "");

  private final Map<String, String> values;
  private final String prefix;

  private AuthSettings(Map<String, String> values, String prefix) {
    this.values = values;
    this.prefix = prefix;
  }

  public static AuthSettings empty() {
    return EMPTY;
  }

  /** Settings from a map; values are trimmed. */
  public static AuthSettings of(Map<String, String> values) {
    Map<String, String> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> copy.put(Checks.notNull(k, "key"), Checks.notNull(v, "value of " + k).strip()));
    return new AuthSettings(Collections.unmodifiableMap(copy), "");
  }

  /** A copy with one more setting. */
  public AuthSettings with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(Checks.notBlank(key, "key"), Checks.notNull(value, "value").strip());
    return new AuthSettings(Collections.unmodifiableMap(copy), prefix);
  }

  /** A copy without {@code key}; error messages keep the full names. */
  public AuthSettings without(String key) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.remove(Checks.notNull(key, "key"));
    return new AuthSettings(Collections.unmodifiableMap(copy), prefix);
  }

  /**
   * A copy without the settings whose names start with {@code prefix}: what one component reads, taken away from what
   * another checks ({@code settings.withoutPrefix("social.")} for the token provider, beside social login).
   */
  public AuthSettings withoutPrefix(String prefix) {
    Checks.notBlank(prefix, "prefix");
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.keySet().removeIf(k -> k.startsWith(prefix));
    return new AuthSettings(Collections.unmodifiableMap(copy), this.prefix);
  }

  /** The settings whose names start with {@code prefix}, with the prefix removed; error messages keep the full names. */
  public AuthSettings subset(String prefix) {
    Map<String, String> sub = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.length() > prefix.length()) {
            sub.put(k.substring(prefix.length()), v);
          }
        });
    return new AuthSettings(Collections.unmodifiableMap(sub), this.prefix + prefix);
  }

  /**
   * Fails on any setting not in {@code known}, not one of the {@link #DEPLOYMENT_FACTS} and not under one of {@code
   * openPrefixes}.
   *
   * @throws AuthException naming the first unknown setting and listing the known ones
   */
  public AuthSettings requireOnly(Set<String> known, String... openPrefixes) {
    outer:
    for (String key : values.keySet()) {
      if (known.contains(key) || DEPLOYMENT_FACTS.contains(key)) {
        continue;
      }
      for (String p : openPrefixes) {
        if (key.startsWith(p)) {
          continue outer;
        }
      }
      throw new AuthException(
          "unknown setting '"
              + prefix
              + key
              + "'; known settings: "
              + new TreeSet<>(known)
              + (openPrefixes.length == 0
                  ? ""
                  : " and any starting with " + List.of(openPrefixes)));
    }
    return this;
  }

  public Optional<String> get(String key) {
    String v = values.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** @throws AuthException if missing */
  public String require(String key) {
    return get(key)
        .orElseThrow(() -> new AuthException("setting '" + prefix + key + "' is required"));
  }

  public String string(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  /** {@code true} or {@code false}, nothing else. */
  public boolean bool(String key, boolean defaultValue) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    return switch (v.get()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(key, v.get(), "true or false");
    };
  }

  public int integer(String key, int defaultValue, int min, int max) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < min || n > max) {
        throw bad(key, v.get(), "a whole number from " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw bad(key, v.get(), "a whole number from " + min + " to " + max);
    }
  }

  /** A positive duration: {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}, {@code 250ms} or ISO-8601 ({@code PT15M}). */
  public Duration duration(String key, Duration defaultValue) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    Duration d = parseDuration(v.get());
    if (d == null || d.isNegative() || d.isZero()) {
      throw bad(key, v.get(), "a positive duration such as 30s, 15m, 2h, 7d or PT15M");
    }
    return d;
  }

  /**
   * A duration from {@code min} to {@code max} (zero allowed when {@code min} is zero), in the forms of
   * {@link #duration(String, Duration)}.
   */
  public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    Duration d = v.get().equals("0") ? Duration.ZERO : parseDuration(v.get());
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw bad(
          key,
          v.get(),
          "a duration from " + text(min) + " to " + text(max) + " such as 30s, 15m or PT15M");
    }
    return d;
  }

  private static String text(Duration d) {
    return d.isZero() ? "0s" : d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  /** A comma- or whitespace-separated list; empty when missing. */
  public List<String> list(String key) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (String item : v.get().split("[,\\s]+")) {
      if (!item.isEmpty()) {
        items.add(item);
      }
    }
    return Collections.unmodifiableList(items);
  }

  /** The setting's name as the user wrote it (with the prefixes this view removed), for messages. */
  public String fullName(String key) {
    return prefix + key;
  }

  /** An exception for a bad value of {@code key}, naming it and what was expected (not the value: it may be a secret). */
  public AuthException bad(String key, String value, String expected) {
    return new AuthException(
        "setting '"
            + prefix
            + key
            + "' must be "
            + expected
            + (looksSecret(key) ? "" : ", was '" + value + "'"));
  }

  public Set<String> keys() {
    return values.keySet();
  }

  /** Names only: values may be secrets. */
  @Override
  public String toString() {
    return "AuthSettings" + values.keySet();
  }

  private static boolean looksSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("secret")
        || k.contains("password")
        || k.contains("key")
        || k.contains("token");
  }

  private static @Nullable Duration parseDuration(String s) {
    try {
      if (s.startsWith("P") || s.startsWith("p")) {
        return Duration.parse(s);
      }
      String unit = s.replaceAll("^[0-9]+", "");
      String digits = s.substring(0, s.length() - unit.length());
      if (digits.isEmpty() || digits.length() > 12) {
        return null;
      }
      long n = Long.parseLong(digits);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> null;
      };
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }
}
