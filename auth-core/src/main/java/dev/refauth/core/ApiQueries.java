package dev.refauth.core;

import dev.refauth.core.adapter.AuthEndpoints;
import dev.refauth.core.adapter.Decision;
import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.internal.AuthJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's questions about the caller, each answered through the guard (the identity cache): {@code /check},
 * {@code /me}, {@code /permissions} and {@code /can}. An unauthenticated caller gets the guard's refusal.
 */
final class ApiQueries {
  private final AuthGuard guard;

  ApiQueries(AuthGuard guard) {
    this.guard = guard;
  }

  HttpReply check(AuthRequest request) {
    Decision d = guard.identify(request);
    if (d.proceeds()) {
      return HttpReply.json(200, AuthJson.toJson(CheckResponse.authenticated()))
          .withEffects(d.effects());
    }
    return api(d);
  }

  HttpReply me(AuthRequest request) {
    Decision d = guard.identify(request);
    if (!d.proceeds()) {
      return api(d);
    }
    return HttpReply.json(200, AuthJson.toJson(d.authentication().orElseThrow().identity()))
        .withEffects(d.effects());
  }

  HttpReply permissions(AuthRequest request) {
    Decision d = guard.identify(request);
    if (!d.proceeds()) {
      return api(d);
    }
    return HttpReply.json(200, AuthJson.toJson(d.authentication().orElseThrow().permissions()))
        .withEffects(d.effects());
  }

  HttpReply can(AuthRequest request, byte[] body) {
    Decision d = guard.identify(request);
    if (!d.proceeds()) {
      return api(d);
    }
    Permissions granted = d.authentication().orElseThrow().permissions();
    Optional<Object> parsed = AuthJson.readValue(body);
    if (parsed.isEmpty()) {
      return ApiRequests.error(400, "BadRequest", "Send {resource, action} or an array of them");
    }
    Object value = parsed.get();
    if (value instanceof Map<?, ?> m && m.get("checks") instanceof List<?> l) {
      value = l;
    }
    if (value instanceof List<?> list) {
      if (list.size() > AuthEndpoints.MAX_CAN_BATCH) {
        return ApiRequests.error(
            413,
            "PayloadTooLarge",
            "At most " + AuthEndpoints.MAX_CAN_BATCH + " checks per request");
      }
      List<Object> answers = new ArrayList<>(list.size());
      for (Object item : list) {
        Optional<Map<String, Object>> a = canOne(item, granted);
        if (a.isEmpty()) {
          return ApiRequests.error(
              400, "BadRequest", "Each check needs a string resource and action");
        }
        answers.add(a.get());
      }
      return HttpReply.json(200, AuthJson.toJson(answers));
    }
    return canOne(value, granted)
        .map(a -> HttpReply.json(200, AuthJson.toJson(a)))
        .orElseGet(
            () ->
                ApiRequests.error(400, "BadRequest", "A check needs a string resource and action"));
  }

  /** Refine's {@code can({resource, action})}: allowed when the permissions imply {@code resource:action}. */
  private static Optional<Map<String, Object>> canOne(Object item, Permissions granted) {
    if (!(item instanceof Map<?, ?> m)
        || !(m.get("resource") instanceof String resource)
        || !(m.get("action") instanceof String action)) {
      return Optional.empty();
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    Permission required;
    try {
      required = Permission.parse(resource + ":" + action);
    } catch (IllegalArgumentException malformed) {
      answer.put("can", false);
      answer.put("reason", "Unknown resource or action");
      return Optional.of(answer);
    }
    boolean can = granted.implies(required);
    answer.put("can", can);
    if (!can) {
      answer.put("reason", "Missing permission " + required);
    }
    return Optional.of(answer);
  }

  private static HttpReply api(Decision d) {
    return d.reply().orElseThrow();
  }
}
