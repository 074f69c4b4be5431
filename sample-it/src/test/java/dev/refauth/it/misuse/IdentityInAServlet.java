package dev.refauth.it.misuse;

import dev.refauth.core.Identity;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet serves every request; an injected Identity would be its first caller's forever. */
@WebServlet("/misuse")
public class IdentityInAServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject private transient Identity identity;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.getWriter().print(identity.id());
  }
}
