package dev.refauth.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Holds back {@code sendError(401)} and {@code sendError(403)} from the application so the filter can
 * route them through {@code onError}; and answers {@code 405} where a servlet would answer {@code 501} for a method it
 * does not implement ({@code HttpServlet} does for {@code PATCH}): a client's choice of method is never a server error.
 */
final class ErrorCapturingResponse extends HttpServletResponseWrapper {
  private int captured;
  private String message;

  ErrorCapturingResponse(HttpServletResponse response) {
    super(response);
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    if (capture(sc)) {
      message = msg;
      return;
    }
    super.sendError(sc == 501 ? 405 : sc, sc == 501 ? "Method not allowed" : msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    if (!capture(sc)) {
      super.sendError(sc == 501 ? 405 : sc);
    }
  }

  private boolean capture(int sc) {
    if ((sc == 401 || sc == 403) && !isCommitted()) {
      captured = sc;
      return true;
    }
    return false;
  }

  /** 401 or 403 if the application sent one that is still ours to answer, else 0. */
  int capturedStatus() {
    if (captured != 0) {
      return captured;
    }
    int status = getStatus();
    return (status == 401 || status == 403) && !isCommitted() ? status : 0;
  }

  String capturedMessage() {
    return message;
  }
}
