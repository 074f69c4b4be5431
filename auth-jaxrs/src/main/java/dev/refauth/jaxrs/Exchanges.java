package dev.refauth.jaxrs;

import dev.refauth.core.AuthRequest;
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.adapter.HttpReply;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Translation between JAX-RS types and the core's transport-neutral values. Nothing else. */
final class Exchanges {
  private Exchanges() {}

  /** The request as the guard sees it: a view over the JAX-RS request, read on demand. */
  static AuthRequest toAuthRequest(
      ContainerRequestContext ctx, ServletFacts.@Nullable Holder servlet) {
    return AuthRequest.of(new JaxrsView(ctx, servlet == null ? null : servlet.facts()));
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
