package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Configuration as strings (servlet init-params, properties), with typed getters that fail fast: a value
 * that does not parse is an {@link AuthException} naming the setting, where it came from and what it expected.
 * Immutable.
 *
 * <h2>Where settings come from</h2>
 * The map given to {@link #of} first (the filter's init-params); a setting it does not have is looked for in the
 * {@linkplain #withSources sources} that follow, in order, under its full name with the prefix {@code refauth.}:
 * {@code provider.jdbc.password} is {@code refauth.provider.jdbc.password} in MicroProfile Config or a system
 * property, and {@code REFAUTH_PROVIDER_JDBC_PASSWORD} in the environment (MicroProfile Config's rule for
 * environment names). So secrets stay out of {@code web.xml}, and what the application's {@code web.xml} sets is
 * what runs. A missing setting's error lists every place it was looked for; a bad value's names the one it came
 * from (never the value of a secret). Sources are looked up by name only: they cannot be listed, so
 * {@link #requireOnly} checks the map alone.
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

  /** The prefix of every setting's name in the {@linkplain #withSources sources}. */
  public static final String SOURCE_PREFIX = "refauth.";

  private static final AuthSettings EMPTY =
      new AuthSettings(Map.of(), "", List.of(), Set.of(), List.of());

  private final Map<String, String> values;
  private final String prefix;
  private final List<Source> sources;

  /** Full names taken away ({@link #without}), which the sources must not give back. */
  private final Set<String> removed;

  /** Full-name prefixes taken away ({@link #withoutPrefix}). */
  private final List<String> removedPrefixes;

  private AuthSettings(
      Map<String, String> values,
      String prefix,
      List<Source> sources,
      Set<String> removed,
      List<String> removedPrefixes) {
    this.values = values;
    this.prefix = prefix;
    this.sources = sources;
    this.removed = removed;
    this.removedPrefixes = removedPrefixes;
  }

  /**
   * Where a setting the map does not have is looked for: MicroProfile Config, the environment, system properties.
   * Looked up by full name ({@code provider.jdbc.password}); implementations add their own prefix or spelling.
   */
  public interface Source {
    /** The value of the setting named {@code name} (full name, no {@code refauth.} prefix), if this source has one. */
    Optional<String> find(String name);

    /** Where {@code name} was looked for, for messages: {@code environment variable REFAUTH_PROVIDER_JWT_SECRET}. */
    String where(String name);

    /** System properties: {@code refauth.<name>}. */
    static Source systemProperties() {
      return new NamedSource("system property ", n -> SOURCE_PREFIX + n, System::getProperty);
    }

    /**
     * The environment, by MicroProfile Config's rule: {@code refauth.<name>}, then with every character other than
     * a letter, digit or {@code _} replaced by {@code _}, then that in upper case ({@code REFAUTH_PROVIDER_JWT_SECRET}).
     */
    static Source environment() {
      return environment(System.getenv());
    }

    /** {@link #environment()} over the given variables (tests). */
    static Source environment(Map<String, String> variables) {
      Map<String, String> env = Map.copyOf(variables);
      return new Source() {
        @Override
        public Optional<String> find(String name) {
          String exact = SOURCE_PREFIX + name;
          String underscored = underscored(exact);
          for (String n : List.of(exact, underscored, underscored.toUpperCase(Locale.ROOT))) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
              return Optional.of(v.strip());
            }
          }
          return Optional.empty();
        }

        @Override
        public String where(String name) {
          return "environment variable "
              + underscored(SOURCE_PREFIX + name).toUpperCase(Locale.ROOT);
        }
      };
    }

    /** MicroProfile Config's environment spelling: every character but a letter, digit or {@code _} as {@code _}. */
    private static String underscored(String name) {
      return name.replaceAll("[^A-Za-z0-9_]", "_");
    }
  }

  /** A source read through one lookup function under one spelling of the name. */
  private record NamedSource(
      String kind, UnaryOperator<String> spelling, Function<String, @Nullable String> lookup)
      implements Source {
    @Override
    public Optional<String> find(String name) {
      String v = lookup.apply(spelling.apply(name));
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    @Override
    public String where(String name) {
      return kind + spelling.apply(name);
    }
  }

  public static AuthSettings empty() {
    return EMPTY;
  }

  /** Settings from a map; values are trimmed. */
  public static AuthSettings of(Map<String, String> values) {
    Map<String, String> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> copy.put(Checks.notNull(k, "key"), Checks.notNull(v, "value of " + k).strip()));
    return new AuthSettings(Collections.unmodifiableMap(copy), "", List.of(), Set.of(), List.of());
  }

  /**
   * A copy that looks for a setting the map does not have in {@code sources}, in order (see the class javadoc).
   * Replaces the sources this one had.
   */
  public AuthSettings withSources(List<Source> sources) {
    return new AuthSettings(values, prefix, List.copyOf(sources), removed, removedPrefixes);
  }

  /** A copy with one more setting. */
  public AuthSettings with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(Checks.notBlank(key, "key"), Checks.notNull(value, "value").strip());
    return new AuthSettings(
        Collections.unmodifiableMap(copy), prefix, sources, removed, removedPrefixes);
  }

  /** A copy without {@code key} (nor does a source give it back); error messages keep the full names. */
  public AuthSettings without(String key) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.remove(Checks.notNull(key, "key"));
    Set<String> gone = new HashSet<>(removed);
    gone.add(prefix + key);
    return new AuthSettings(
        Collections.unmodifiableMap(copy), prefix, sources, Set.copyOf(gone), removedPrefixes);
  }

  /**
   * A copy without the settings whose names start with {@code prefix}: what one component reads, taken away from what
   * another checks ({@code settings.withoutPrefix("social.")} for the token provider, beside social login).
   */
  public AuthSettings withoutPrefix(String prefix) {
    Checks.notBlank(prefix, "prefix");
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.keySet().removeIf(k -> k.startsWith(prefix));
    List<String> gone = new ArrayList<>(removedPrefixes);
    gone.add(this.prefix + prefix);
    return new AuthSettings(
        Collections.unmodifiableMap(copy), this.prefix, sources, removed, List.copyOf(gone));
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
    return new AuthSettings(
        Collections.unmodifiableMap(sub), this.prefix + prefix, sources, removed, removedPrefixes);
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

  /** The setting, from the map or else the first source that has it; empty when set to the empty string. */
  public Optional<String> get(String key) {
    String v = values.get(key);
    if (v != null) {
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
    if (sources.isEmpty() || isRemoved(prefix + key)) {
      return Optional.empty();
    }
    for (Source source : sources) {
      Optional<String> found = source.find(prefix + key);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private boolean isRemoved(String fullName) {
    if (removed.contains(fullName)) {
      return true;
    }
    for (String p : removedPrefixes) {
      if (fullName.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** @throws AuthException if missing, naming every place it was looked for */
  public String require(String key) {
    return get(key)
        .orElseThrow(
            () ->
                new AuthException(
                    "setting '"
                        + prefix
                        + key
                        + "' is required"
                        + (sources.isEmpty() ? "" : ": " + nowhere(key))));
  }

  /**
   * The setting's name and where it was looked for, for the message of a missing one: {@code 'provider.jwt.secret'
   * (not set, nor in system property refauth.provider.jwt.secret or environment variable
   * REFAUTH_PROVIDER_JWT_SECRET)}; the name alone when there are no sources.
   */
  public String lookedFor(String key) {
    return "'" + prefix + key + "'" + (sources.isEmpty() ? "" : " (" + nowhere(key) + ")");
  }

  /** "not set, nor in A, B or C", the sources' places for {@code key}. */
  private String nowhere(String key) {
    StringBuilder m = new StringBuilder("not set, nor in ");
    for (int i = 0; i < sources.size(); i++) {
      m.append(i == 0 ? "" : i == sources.size() - 1 ? " or " : ", ")
          .append(sources.get(i).where(prefix + key));
    }
    return m.toString();
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

  /**
   * An exception for a bad value of {@code key}, naming it, the source it came from if not the map, and what was
   * expected (the value too, unless the name looks like a secret's).
   */
  public AuthException bad(String key, String value, String expected) {
    return new AuthException(
        "setting '"
            + prefix
            + key
            + "'"
            + origin(key)
            + " must be "
            + expected
            + (looksSecret(key) ? "" : ", was '" + value + "'"));
  }

  /** " (from environment variable X)" when a source gave the value, "" when the map did. */
  private String origin(String key) {
    if (values.containsKey(key) || isRemoved(prefix + key)) {
      return "";
    }
    for (Source source : sources) {
      if (source.find(prefix + key).isPresent()) {
        return " (from " + source.where(prefix + key) + ")";
      }
    }
    return "";
  }

  /** The names set in the map (sources cannot be listed). */
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
