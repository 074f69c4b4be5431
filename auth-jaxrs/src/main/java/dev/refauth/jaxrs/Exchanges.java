package dev.refauth.jaxrs;

import dev.refauth.core.AuthRequest;
import dev.refauth.core.HttpReply;
import dev.refauth.core.ResponseCookie;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Translation between JAX-RS types and the core's transport-neutral values. Nothing else. */
final class Exchanges {
  private Exchanges() {}

  /**
   * The request as the guard sees it, alike from every adapter: the raw path inside the web application, its context
   * path and the peer's address (from the servlet container, see {@link ServletFacts}), the headers and cookies.
   */
  static AuthRequest toAuthRequest(ContainerRequestContext ctx) {
    String raw = ctx.getUriInfo().getRequestUri().getRawPath();
    ServletFacts.Facts facts =
        ctx.getProperty(ServletFacts.FACTS) instanceof ServletFacts.Facts f
            ? f
            : ServletFacts.Facts.NONE;
    String context = facts.contextPath();
    String path =
        context.isEmpty() || !raw.startsWith(context) ? raw : raw.substring(context.length());
    AuthRequest.Builder b =
        AuthRequest.builder(ctx.getMethod(), path.isEmpty() ? "/" : path)
            .query(Objects.requireNonNullElse(ctx.getUriInfo().getRequestUri().getRawQuery(), ""))
            .contextPath(context)
            .secure(ctx.getSecurityContext() != null && ctx.getSecurityContext().isSecure());
    facts.remoteAddress().ifPresent(b::remoteAddress);
    for (Map.Entry<String, List<String>> h : ctx.getHeaders().entrySet()) {
      for (String v : h.getValue()) {
        b.header(h.getKey(), v);
        if (h.getKey().equalsIgnoreCase("Cookie")) {
          addCookies(b, v);
        }
      }
    }
    return b.build();
  }

  /** Parses a {@code Cookie} header keeping duplicates (JAX-RS's own map keeps only one per name). */
  private static void addCookies(AuthRequest.Builder b, String header) {
    for (String pair : header.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        if (!name.isEmpty()) {
          b.cookie(
              name,
              value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                  ? value.substring(1, value.length() - 1)
                  : value);
        }
      }
    }
  }

  /**
   * Reads and drops a declared body of up to 64 KiB before the request is refused, so that the connection can serve
   * the next request instead of being dropped by the container for the content left unread.
   */
  static void drainSmallBody(ContainerRequestContext ctx) {
    if (ctx.getLength() > 0 && ctx.getLength() <= 64 * 1024 && ctx.hasEntity()) {
      try {
        ctx.getEntityStream().readNBytes(64 * 1024);
      } catch (IOException | RuntimeException gone) {
        // the container closes the connection; the refusal stands
      }
    }
  }

  static Response toResponse(HttpReply reply) {
    Response.ResponseBuilder b = Response.status(reply.status());
    reply.headers().forEach(b::header);
    for (ResponseCookie c : reply.cookies()) {
      b.header("Set-Cookie", c.toSetCookieHeader());
    }
    reply.json().ifPresent(json -> b.entity(json).type("application/json;charset=utf-8"));
    return b.build();
  }
}
