package dev.refauth.core;

import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.internal.AuthJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of the {@code /auth} API, apart from what the endpoints mean: which endpoints there are and the
 * method each takes, the body's declared length and media type, and the body read into params (an HTML form's
 * {@code _csrf} field taken apart in the same pass). Every refusal is a 4xx with Refine's error shape.
 */
final class ApiRequests {
  private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Set<String> BODY_ENDPOINTS =
      Set.of(
          "login",
          "logout",
          "register",
          "forgot-password",
          "update-password",
          "refresh",
          "can",
          "second-factor");
  private static final Set<String> GET_ENDPOINTS =
      Set.of("check", "me", "permissions", "jwks", ".well-known/openid-configuration");

  /** The discovery document of the provider's published keys ({@code PublishedKeys}). */
  static final String DISCOVERY = ".well-known/openid-configuration";

  /** {@code POST /{provider}/backchannel-logout}: an identity provider's server ends sessions (OIDC Back-Channel Logout). */
  static final String BACK_CHANNEL_LOGOUT = "backchannel-logout";

  private ApiRequests() {}

  /** A body read into params; {@code csrfField} is an HTML form's {@code _csrf}, kept out of the params. */
  record Body(AuthParams params, Optional<String> csrfField, boolean form) {}

  /** The endpoint's name ({@code login}, ..., {@code social} for {@code /{provider}[/callback]}); empty if none. */
  static Optional<String> endpointName(String endpoint) {
    if (!endpoint.startsWith("/") || endpoint.length() > 80) {
      return Optional.empty();
    }
    String e = endpoint.substring(1);
    if (BODY_ENDPOINTS.contains(e) || GET_ENDPOINTS.contains(e)) {
      return Optional.of(e);
    }
    String[] parts = e.split("/", -1);
    if (PROVIDER_NAME.matcher(parts[0]).matches()
        && (parts.length == 1 || (parts.length == 2 && parts[1].equals("callback")))) {
      return Optional.of("social");
    }
    if (parts.length == 2
        && PROVIDER_NAME.matcher(parts[0]).matches()
        && parts[1].equals(BACK_CHANNEL_LOGOUT)) {
      return Optional.of(BACK_CHANNEL_LOGOUT);
    }
    return Optional.empty();
  }

  static boolean takesBody(String name) {
    return BODY_ENDPOINTS.contains(name) || name.equals(BACK_CHANNEL_LOGOUT);
  }

  /** What can be refused before the body is read: 404, 405, a declared length over {@code maxBody}, 415. */
  static Optional<HttpReply> checkShape(AuthRequest request, String endpoint, int maxBody) {
    Optional<String> name = endpointName(endpoint);
    if (name.isEmpty()) {
      return Optional.of(error(404, "NotFound", "No such endpoint"));
    }
    String method = request.method();
    boolean wantsBody = takesBody(name.get());
    if (wantsBody && !method.equals("POST")) {
      return Optional.of(error(405, "MethodNotAllowed", "Use POST").withHeader("Allow", "POST"));
    }
    if (!wantsBody && !(method.equals("GET") || method.equals("HEAD"))) {
      return Optional.of(
          error(405, "MethodNotAllowed", "Use GET").withHeader("Allow", "GET, HEAD"));
    }
    if (!wantsBody) {
      return Optional.empty();
    }
    Optional<String> length = request.header("Content-Length");
    if (length.isPresent()) {
      try {
        if (Long.parseLong(length.get().strip()) > maxBody) {
          return Optional.of(tooLarge());
        }
      } catch (NumberFormatException e) {
        return Optional.of(error(400, "BadRequest", "Malformed Content-Length"));
      }
    }
    // text/plain: what fetch sends for a string body without a Content-Type, as Refine's own
    // examples do; read as
    // JSON, it proves nothing against CSRF (a cross-site form can send it), so Csrf asks more of it
    Optional<String> type = mediaType(request);
    boolean ok =
        type.isEmpty()
            || type.get().equals("application/json")
            || type.get().equals("application/x-www-form-urlencoded")
            || type.get().equals("text/plain");
    return ok
        ? Optional.empty()
        : Optional.of(error(415, "UnsupportedMediaType", "Send application/json or an HTML form"));
  }

  /** The body as params: an HTML form's fields, or one JSON object; empty when malformed. */
  static Optional<Body> read(AuthRequest request, byte[] body) {
    boolean form = isForm(request);
    if (body.length == 0) {
      return Optional.of(new Body(AuthParams.empty(), Optional.empty(), form));
    }
    if (!form) {
      return AuthJson.readParams(body).map(p -> new Body(p, Optional.empty(), false));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    @Nullable String csrf = null;
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (values.containsKey(k)) {
          return Optional.empty(); // duplicated fields are ambiguous
        }
        if (!k.equals("_csrf")) {
          values.put(k, v);
        } else if (csrf == null && pair.startsWith("_csrf=")) {
          csrf = v; // the first one, as sent
        }
      } catch (IllegalArgumentException malformed) {
        return Optional.empty();
      }
    }
    return Optional.of(new Body(AuthParams.of(values), Optional.ofNullable(csrf), true));
  }

  static boolean isForm(AuthRequest request) {
    return mediaType(request).filter("application/x-www-form-urlencoded"::equals).isPresent();
  }

  static HttpReply tooLarge() {
    return error(413, "PayloadTooLarge", "The request body is too large");
  }

  static HttpReply error(int status, String name, String message) {
    return HttpReply.json(
        status, AuthJson.toJson(AuthActionResponse.failure(AuthError.of(name, message, status))));
  }

  private static Optional<String> mediaType(AuthRequest request) {
    return request
        .header("Content-Type")
        .map(t -> t.toLowerCase(Locale.ROOT).split(";")[0].strip());
  }
}
