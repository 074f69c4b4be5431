package dev.refauth.servlet;

import dev.refauth.core.AuthRequest;
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.adapter.HttpReply;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Translation between servlet types and the core's transport-neutral values. Nothing else. */
final class Exchanges {
  private Exchanges() {}

  /**
   * The raw path inside the application: the request URI as sent, minus the context path; empty when the URI does
   * not start with the context path as sent ({@code /%63tx/api} reaching the {@code /ctx} application): the path
   * inside the application cannot be told without decoding, so the request is refused, never guessed.
   */
  static Optional<String> rawPath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    if (!uri.startsWith(context)) {
      return Optional.empty();
    }
    String path = uri.substring(context.length());
    return Optional.of(path.isEmpty() ? "/" : path);
  }

  /** The answer to a request whose path inside the application cannot be told. */
  static HttpReply ambiguousPath() {
    return HttpReply.error(400, "BadRequest", "The request path is ambiguous");
  }

  static AuthRequest toAuthRequest(HttpServletRequest request, String path) {
    return AuthRequest.of(new ServletView(request, path));
  }

  /** The most of a refused request's body that is read and dropped, so that its connection can serve the next one. */
  static final int DRAIN_LIMIT = 64 * 1024;

  /**
   * Writes a reply given before the request's body was read. A declared body of up to {@value #DRAIN_LIMIT} bytes is
   * read and dropped first; a larger or unknown one is left, and over HTTP/1 the connection is then closed
   * ({@code Connection: close}), so that no client sends its next request on a connection the container drops for
   * the body it left unread.
   */
  static void writeUnread(HttpReply reply, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long length = request.getContentLengthLong();
    boolean chunked = request.getHeader("Transfer-Encoding") != null;
    if (length > 0 && length <= DRAIN_LIMIT && !chunked) {
      try {
        request.getInputStream().readNBytes(DRAIN_LIMIT);
      } catch (IOException | IllegalStateException gone) {
        response.setHeader("Connection", "close");
      }
    } else if ((length > 0 || chunked)
        && request.getProtocol() != null
        && request.getProtocol().startsWith("HTTP/1")) {
      response.setHeader("Connection", "close");
    }
    write(reply, request, response);
  }

  /** Writes a reply decided by the core, as it is. */
  static void write(HttpReply reply, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (reply.endSession()) {
      HttpSession session = request.getSession(false);
      if (session != null) {
        try {
          session.invalidate();
        } catch (IllegalStateException alreadyInvalid) {
          // nothing to end
        }
      }
    } else if (reply.rotateSession() && request.getSession(false) != null) {
      request.changeSessionId();
    }
    applyCookies(reply.cookies(), response);
    reply.headers().forEach(response::setHeader);
    if (reply.json().isPresent()) {
      byte[] body = reply.json().get().getBytes(StandardCharsets.UTF_8);
      response.setStatus(reply.status());
      response.setContentType("application/json;charset=utf-8");
      response.setContentLength(body.length);
      if (!"HEAD".equals(request.getMethod())) {
        response.getOutputStream().write(body);
      }
    } else if (reply.status() >= 400) {
      response.sendError(reply.status());
    } else {
      response.setStatus(reply.status());
    }
  }

  static void applyCookies(Iterable<ResponseCookie> cookies, HttpServletResponse response) {
    for (ResponseCookie c : cookies) {
      response.addHeader("Set-Cookie", c.toSetCookieHeader());
    }
  }
}
