package dev.refauth.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Holds back {@code sendError(401)} and {@code sendError(403)} from the application so the filter can
 * route them through {@code onError}; and, for a {@code PATCH}, answers {@code 405} where the servlet answers {@code 501}
 * ({@code HttpServlet} does for a method it has no {@code doXxx} for): a client's choice of method is never a server
 * error. An application's own 501 for any other method is left alone.
 */
final class ErrorCapturingResponse extends HttpServletResponseWrapper {
  private int captured;
  private final boolean patch;

  ErrorCapturingResponse(HttpServletResponse response, String method) {
    super(response);
    this.patch = "PATCH".equals(method);
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    if (capture(sc)) {
      return;
    }
    super.sendError(notImplemented(sc) ? 405 : sc, notImplemented(sc) ? "Method not allowed" : msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    if (!capture(sc)) {
      super.sendError(notImplemented(sc) ? 405 : sc);
    }
  }

  private boolean notImplemented(int sc) {
    return sc == 501 && patch;
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
}
