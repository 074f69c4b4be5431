package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Side effects a provider asks of the transport along with a response: cookies to set or clear and
 * headers to add. The adapters apply them; the provider never sees servlet or JAX-RS types.
 */
public final class ResponseEffects {
  private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7E\\t]*");
  private static final ResponseEffects NONE = new ResponseEffects(List.of(), Map.of());

  private final List<ResponseCookie> cookies;
  private final Map<String, String> headers;

  private ResponseEffects(List<ResponseCookie> cookies, Map<String, String> headers) {
    this.cookies = cookies;
    this.headers = headers;
  }

  /** No effects. */
  public static ResponseEffects none() {
    return NONE;
  }

  /** A copy that also sets (or, with {@link ResponseCookie#clear}, clears) this cookie; a later cookie of the same name and path wins. */
  public ResponseEffects withCookie(ResponseCookie cookie) {
    Checks.notNull(cookie, "cookie");
    List<ResponseCookie> copy = new ArrayList<>(cookies.size() + 1);
    for (ResponseCookie c : cookies) {
      if (!(c.name().equals(cookie.name()) && c.path().equals(cookie.path()))) {
        copy.add(c);
      }
    }
    copy.add(cookie);
    return new ResponseEffects(Collections.unmodifiableList(copy), headers);
  }

  /** A copy that also sets this response header (replacing an earlier one of the same name). */
  public ResponseEffects withHeader(String name, String value) {
    Checks.require(
        Checks.isToken(Checks.notNull(name, "name")), "header name '%s' is not a token", name);
    Checks.require(
        HEADER_VALUE.matcher(Checks.notNull(value, "value")).matches(),
        "header %s has characters a header value cannot carry",
        name);
    Checks.require(!name.equalsIgnoreCase("Set-Cookie"), "use withCookie for cookies");
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach(
        (k, v) -> {
          if (!k.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
            copy.put(k, v);
          }
        });
    copy.put(name, value);
    return new ResponseEffects(cookies, Collections.unmodifiableMap(copy));
  }

  /** A copy with both sets of effects; {@code other}'s win on conflicts. */
  public ResponseEffects and(ResponseEffects other) {
    ResponseEffects result = this;
    for (ResponseCookie c : other.cookies) {
      result = result.withCookie(c);
    }
    for (Map.Entry<String, String> h : other.headers.entrySet()) {
      result = result.withHeader(h.getKey(), h.getValue());
    }
    return result;
  }

  public List<ResponseCookie> cookies() {
    return cookies;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public boolean isEmpty() {
    return cookies.isEmpty() && headers.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseEffects e && e.cookies.equals(cookies) && e.headers.equals(headers);
  }

  @Override
  public int hashCode() {
    return 31 * cookies.hashCode() + headers.hashCode();
  }

  @Override
  public String toString() {
    return "ResponseEffects[cookies=" + cookies + ", headers=" + headers.keySet() + "]";
  }
}
