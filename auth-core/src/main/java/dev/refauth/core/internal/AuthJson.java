package dev.refauth.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthParams;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.Identity;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.Permissions;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON form of every response, with exactly Refine's field names, and the reading of request
 * bodies. Uses Jackson, bundled in the application (it does not rely on a server's own JSON).
 *
 * <ul>
 *   <li>{@link AuthActionResponse}: {@code {"success":true,"redirectTo":"/","successNotification":{"message":..,"description":..},...data}};
 *       a failure also repeats the error message as a top-level {@code message}, which the Refine
 *       examples read ({@code data.message || "Invalid credentials"}).
 *   <li>{@link CheckResponse}: {@code {"authenticated":false,"redirectTo":"/login","logout":true,"error":{..}}}.
 *   <li>{@link OnErrorResponse}: {@code {"redirectTo":"/login","logout":true,"error":{..}}}.
 *   <li>{@link AuthError}: {@code {"name":..,"message":..,"statusCode":401}} ({@code statusCode} when known, as in Refine's {@code HttpError}).
 *   <li>{@link Identity}: {@code {"id":..,"name":..,"email":..,"avatar":..,"tenant":..,...attributes}}.
 *   <li>{@link Permissions}: a JSON array of strings.
 * </ul>
 * Absent optional fields are left out; {@code logout} appears only when true.
 */
public final class AuthJson {
  /** Deep enough for any sane body, shallow enough that hostile nesting is refused early. */
  public static final int MAX_NESTING = 32;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_NESTING)
                          .maxStringLength(1 << 20)
                          .maxNumberLength(100)
                          .build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AuthJson() {}

  public static String toJson(AuthActionResponse r) {
    ObjectNode o = NODES.objectNode();
    o.put("success", r.isSuccess());
    r.redirectTo().ifPresent(v -> o.put("redirectTo", v));
    r.error()
        .ifPresent(
            e -> {
              o.set("error", errorNode(e));
              o.put("message", e.message());
            });
    r.successNotification()
        .ifPresent(
            n -> {
              ObjectNode sn = o.putObject("successNotification");
              sn.put("message", n.message());
              n.description().ifPresent(d -> sn.put("description", d));
            });
    r.data().forEach((k, v) -> o.set(k, MAPPER.valueToTree(v)));
    return write(o);
  }

  public static String toJson(CheckResponse r) {
    ObjectNode o = NODES.objectNode();
    o.put("authenticated", r.isAuthenticated());
    r.redirectTo().ifPresent(v -> o.put("redirectTo", v));
    if (r.isLogout()) {
      o.put("logout", true);
    }
    r.error().ifPresent(e -> o.set("error", errorNode(e)));
    return write(o);
  }

  public static String toJson(OnErrorResponse r) {
    ObjectNode o = NODES.objectNode();
    r.redirectTo().ifPresent(v -> o.put("redirectTo", v));
    if (r.isLogout()) {
      o.put("logout", true);
    }
    r.error().ifPresent(e -> o.set("error", errorNode(e)));
    return write(o);
  }

  public static String toJson(AuthError e) {
    return write(errorNode(e));
  }

  public static String toJson(Identity identity) {
    return write(MAPPER.valueToTree(identity.toMap()));
  }

  public static String toJson(Permissions permissions) {
    ArrayNode a = NODES.arrayNode();
    permissions.asStrings().forEach(a::add);
    return write(a);
  }

  /**
   * Reads a request body that must be one JSON object (Refine's {@code params}).
   *
   * @return empty when the body is not exactly one well-formed JSON object within the nesting limit,
   *     or has a duplicated key
   */
  public static Optional<AuthParams> readParams(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = MAPPER.treeToValue(node, Map.class);
      return Optional.of(AuthParams.of(map));
    } catch (IOException | RuntimeException malformed) {
      return Optional.empty();
    }
  }

  /** Any JSON value as maps, lists, strings, numbers and booleans; empty when malformed. */
  public static Optional<Object> readValue(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      return node == null || node.isMissingNode()
          ? Optional.empty()
          : Optional.ofNullable(MAPPER.treeToValue(node, Object.class));
    } catch (IOException | RuntimeException malformed) {
      return Optional.empty();
    }
  }

  /** Any JSON-able value (maps, lists, strings, numbers) as compact JSON. */
  public static String toJson(Object value) {
    return write(MAPPER.valueToTree(value));
  }

  public static <T> T convert(Map<String, Object> map, Class<T> type) {
    try {
      return MAPPER.convertValue(map, type);
    } catch (IllegalArgumentException e) {
      throw new AuthException(
          "identity cannot be read as " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode errorNode(AuthError e) {
    ObjectNode o = NODES.objectNode();
    o.put("name", e.name());
    o.put("message", e.message());
    e.status().ifPresent(s -> o.put("statusCode", s));
    return o;
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new AuthException("value cannot be written as JSON", e);
    }
  }
}
