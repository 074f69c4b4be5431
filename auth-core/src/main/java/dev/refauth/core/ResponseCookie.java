package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A cookie a provider asks the transport to set or clear, without touching servlet types.
 *
 * <p>Defaults are the safe ones: {@code HttpOnly}, {@code Secure}, {@code SameSite=Lax}, path {@code /},
 * a session cookie (no max-age). The adapter writes it as a {@code Set-Cookie} header.
 */
public final class ResponseCookie {
  /** RFC 6265 cookie-name: a token. */

  /** RFC 6265 cookie-octets, no quotes, commas, semicolons, backslashes or spaces. */
  private static final Pattern VALUE =
      Pattern.compile("[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*");

  private static final Pattern PATH = Pattern.compile("/[\\x21-\\x3A\\x3C-\\x7E]*");

  /** The {@code SameSite} attribute. */
  public enum SameSite {
    STRICT,
    LAX,
    NONE;

    /** The attribute value as written in {@code Set-Cookie}. */
    public String attribute() {
      String n = name().toLowerCase(Locale.ROOT);
      return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
  }

  private final String name;
  private final String value;
  private final String path;
  private final @Nullable Duration maxAge;
  private final boolean httpOnly;
  private final boolean secure;
  private final SameSite sameSite;

  private ResponseCookie(
      String name,
      String value,
      String path,
      @Nullable Duration maxAge,
      boolean httpOnly,
      boolean secure,
      SameSite sameSite) {
    Checks.require(
        Checks.isToken(Checks.notNull(name, "name")), "cookie name '%s' is not a token", name);
    Checks.require(
        VALUE.matcher(Checks.notNull(value, "value")).matches(),
        "cookie %s has characters a cookie value cannot carry",
        name);
    Checks.require(
        PATH.matcher(Checks.notNull(path, "path")).matches(),
        "cookie path '%s' is not an absolute path",
        path);
    Checks.require(maxAge == null || !maxAge.isNegative(), "cookie max-age must not be negative");
    Checks.require(
        !name.startsWith("__Host-") || (secure && path.equals("/")),
        "a __Host- cookie needs Secure and path /");
    Checks.require(!name.startsWith("__Secure-") || secure, "a __Secure- cookie needs Secure");
    Checks.require(sameSite != SameSite.NONE || secure, "SameSite=None needs Secure");
    this.name = name;
    this.value = value;
    this.path = path;
    this.maxAge = maxAge;
    this.httpOnly = httpOnly;
    this.secure = secure;
    this.sameSite = Checks.notNull(sameSite, "sameSite");
  }

  /** A session cookie with the safe defaults. */
  public static ResponseCookie of(String name, String value) {
    return new ResponseCookie(name, value, "/", null, true, true, SameSite.LAX);
  }

  /** A cookie that tells the browser to drop {@code name} (empty value, max-age 0). */
  public static ResponseCookie clear(String name) {
    return new ResponseCookie(name, "", "/", Duration.ZERO, true, true, SameSite.LAX);
  }

  public ResponseCookie withPath(String path) {
    return new ResponseCookie(name, value, path, maxAge, httpOnly, secure, sameSite);
  }

  public ResponseCookie withMaxAge(Duration maxAge) {
    return new ResponseCookie(
        name, value, path, Checks.notNull(maxAge, "maxAge"), httpOnly, secure, sameSite);
  }

  public ResponseCookie withHttpOnly(boolean httpOnly) {
    return new ResponseCookie(name, value, path, maxAge, httpOnly, secure, sameSite);
  }

  /**
   * Secure is on by default. Turning it off is for plain-http development on localhost only.
   */
  public ResponseCookie withSecure(boolean secure) {
    return new ResponseCookie(name, value, path, maxAge, httpOnly, secure, sameSite);
  }

  public ResponseCookie withSameSite(SameSite sameSite) {
    return new ResponseCookie(name, value, path, maxAge, httpOnly, secure, sameSite);
  }

  public String name() {
    return name;
  }

  /** The value. Never log it: it is usually a credential. */
  public String value() {
    return value;
  }

  public String path() {
    return path;
  }

  /** Empty for a session cookie. */
  public Optional<Duration> maxAge() {
    return Optional.ofNullable(maxAge);
  }

  public boolean httpOnly() {
    return httpOnly;
  }

  public boolean secure() {
    return secure;
  }

  public SameSite sameSite() {
    return sameSite;
  }

  /** The full {@code Set-Cookie} header value. */
  public String toSetCookieHeader() {
    StringBuilder b =
        new StringBuilder(name).append('=').append(value).append("; Path=").append(path);
    if (maxAge != null) {
      b.append("; Max-Age=").append(maxAge.toSeconds());
      if (maxAge.isZero()) {
        b.append("; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
      }
    }
    if (secure) {
      b.append("; Secure");
    }
    if (httpOnly) {
      b.append("; HttpOnly");
    }
    return b.append("; SameSite=").append(sameSite.attribute()).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseCookie c
        && c.name.equals(name)
        && c.value.equals(value)
        && c.path.equals(path)
        && Objects.equals(c.maxAge, maxAge)
        && c.httpOnly == httpOnly
        && c.secure == secure
        && c.sameSite == sameSite;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value, path, maxAge, httpOnly, secure, sameSite);
  }

  /** Shows the name and attributes, never the value. */
  @Override
  public String toString() {
    return "ResponseCookie["
        + name
        + ", path="
        + path
        + ", maxAge="
        + maxAge
        + ", httpOnly="
        + httpOnly
        + ", secure="
        + secure
        + ", sameSite="
        + sameSite
        + "]";
  }
}
