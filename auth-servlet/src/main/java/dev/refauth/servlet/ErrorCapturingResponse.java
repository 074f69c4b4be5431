package dev.refauth.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Holds back {@code sendError(401)} and {@code sendError(403)} from the application so the filter can
 * route them through {@code onError}.
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
    super.sendError(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    if (!capture(sc)) {
      super.sendError(sc);
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
