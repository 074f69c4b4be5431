package dev.refauth.core.adapter;

import dev.refauth.core.AuthError;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.ResponseEffects;
import dev.refauth.core.internal.AuthJson;
import dev.refauth.core.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A complete HTTP answer decided by the core, for an adapter to write as it is: status, headers,
 * cookies, an optional JSON body, and what to do with the transport's own session.
 *
 * <p>No body means "the status alone": a servlet adapter then lets the container's error page speak
 * (for a browser's 403, say).
 */
public final class HttpReply {
  private final int status;
  private final Map<String, String> headers;
  private final List<ResponseCookie> cookies;
  private final @Nullable String json;
  private final boolean rotateSession;
  private final boolean endSession;

  private HttpReply(
      int status,
      Map<String, String> headers,
      List<ResponseCookie> cookies,
      @Nullable String json,
      boolean rotateSession,
      boolean endSession) {
    this.status = status;
    this.headers = headers;
    this.cookies = cookies;
    this.json = json;
    this.rotateSession = rotateSession;
    this.endSession = endSession;
  }

  /** On every answer of the core: never cached (tokens, identities), never sniffed as HTML (reflected input in JSON). */
  private static final Map<String, String> DEFAULT_HEADERS =
      Map.of("Cache-Control", "no-store", "X-Content-Type-Options", "nosniff");

  /** A JSON answer with this status (the body as it is, UTF-8). */
  public static HttpReply json(int status, String json) {
    return new HttpReply(
        checkStatus(status),
        DEFAULT_HEADERS,
        List.of(),
        Checks.notNull(json, "json"),
        false,
        false);
  }

  /**
   * An error as Refine's {@code OnErrorResponse} JSON ({@code {"error": {"name", "message", "statusCode"}}}), for an
   * answer an adapter gives on its own: a request it cannot translate (400), a deployment without a guard (500).
   */
  public static HttpReply error(int status, String name, String message) {
    return json(
        status,
        AuthJson.toJson(OnErrorResponse.of(AuthError.of(name, message, checkStatus(status)))));
  }

  private static int checkStatus(int status) {
    Checks.require(status >= 100 && status <= 599, "status must be from 100 to 599");
    return status;
  }

  /** The status alone, no body. */
  public static HttpReply status(int status) {
    return new HttpReply(checkStatus(status), DEFAULT_HEADERS, List.of(), null, false, false);
  }

  /** 302 to {@code location}, which the caller has checked is safe. */
  public static HttpReply redirect(String location) {
    return status(302).withHeader("Location", location);
  }

  /** A copy with another status. */
  public HttpReply withStatus(int status) {
    return new HttpReply(checkStatus(status), headers, cookies, json, rotateSession, endSession);
  }

  /**
   * A copy with this header set (replacing one of that name).
   *
   * @throws IllegalArgumentException for a name that is not an HTTP token, {@code Set-Cookie} (cookies go through
   *     {@link #withEffects}) or a value with a control character
   */
  public HttpReply withHeader(String name, String value) {
    Checks.require(
        Checks.isToken(Checks.notNull(name, "name")) && !name.equalsIgnoreCase("Set-Cookie"),
        "not a header this reply can carry: %s",
        name);
    Checks.require(
        Checks.notNull(value, "value").chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f),
        "header %s: a value with a control character",
        name);
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new HttpReply(
        status, Collections.unmodifiableMap(copy), cookies, json, rotateSession, endSession);
  }

  /** A copy that also sets these headers and cookies. */
  public HttpReply withEffects(ResponseEffects effects) {
    HttpReply r = this;
    for (Map.Entry<String, String> h : effects.headers().entrySet()) {
      r = r.withHeader(h.getKey(), h.getValue());
    }
    List<ResponseCookie> copy = new ArrayList<>(r.cookies);
    copy.addAll(effects.cookies());
    return new HttpReply(
        r.status,
        r.headers,
        Collections.unmodifiableList(copy),
        r.json,
        r.rotateSession,
        r.endSession);
  }

  /** A copy that also gives the transport's session a new id (after a sign-in: no session fixation). */
  public HttpReply rotatingSession() {
    return new HttpReply(status, headers, cookies, json, true, endSession);
  }

  /** A copy that also ends the transport's session. */
  public HttpReply endingSession() {
    return new HttpReply(status, headers, cookies, json, rotateSession, true);
  }

  public int status() {
    return status;
  }

  /** Headers to set (never {@code Set-Cookie}: see {@link #cookies()}). */
  public Map<String, String> headers() {
    return headers;
  }

  /** Cookies to set or clear, each written as one {@code Set-Cookie} header. */
  public List<ResponseCookie> cookies() {
    return cookies;
  }

  /** A JSON body ({@code application/json; charset=utf-8}), or empty for the status alone. */
  public Optional<String> json() {
    return Optional.ofNullable(json);
  }

  /** Give the transport session a new id now (after login: no session fixation). */
  public boolean rotateSession() {
    return rotateSession;
  }

  /** Invalidate the transport session (after logout). */
  public boolean endSession() {
    return endSession;
  }

  @Override
  public String toString() {
    return "HttpReply["
        + status
        + ", headers="
        + headers.keySet()
        + ", cookies="
        + cookies.size()
        + "]";
  }
}
