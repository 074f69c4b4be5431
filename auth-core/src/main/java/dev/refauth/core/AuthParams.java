package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters Refine passes as {@code any} to {@code login}, {@code register}, ...: a JSON object
 * with well-known fields ({@code email}, {@code password}, {@code providerName}, {@code tenantId},
 * {@code token}, {@code remember}, {@code to}, {@code redirectTo}) and any extra ones.
 *
 * <p>Values are JSON values: {@code String}, {@code Boolean}, {@code Number}, {@code List}, {@code Map}.
 * {@link #toString()} never shows values: they include passwords.
 */
public final class AuthParams {
  private static final AuthParams EMPTY = new AuthParams(Map.of());

  private final Map<String, Object> values;

  private AuthParams(Map<String, Object> values) {
    this.values = values;
  }

  public static AuthParams empty() {
    return EMPTY;
  }

  /** Parameters from a map of JSON values (null values are dropped). */
  public static AuthParams of(Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            copy.put(k, v);
          }
        });
    return copy.isEmpty() ? EMPTY : new AuthParams(Collections.unmodifiableMap(copy));
  }

  /** A copy with one more parameter. */
  public AuthParams with(String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    copy.put(Checks.notBlank(key, "key"), Checks.notNull(value, "value"));
    return new AuthParams(Collections.unmodifiableMap(copy));
  }

  /** A parameter as a string: present only when it is a JSON string. */
  public Optional<String> string(String key) {
    return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** A parameter as a boolean: {@code true} only for JSON {@code true} or the string {@code "true"}/{@code "on"} of an HTML form. */
  public boolean flag(String key) {
    Object v = values.get(key);
    return Boolean.TRUE.equals(v) || "true".equals(v) || "on".equals(v);
  }

  public Optional<Object> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public Optional<String> email() {
    return string("email");
  }

  public Optional<String> password() {
    return string("password");
  }

  public Optional<String> providerName() {
    return string("providerName");
  }

  public Optional<String> tenantId() {
    return string("tenantId");
  }

  public Optional<String> token() {
    return string("token");
  }

  public boolean remember() {
    return flag("remember");
  }

  /** Every parameter, in order. */
  public Map<String, Object> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthParams p && p.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Names only, never values. */
  @Override
  public String toString() {
    return "AuthParams" + values.keySet();
  }
}
