package dev.refauth.minimal;

import dev.refauth.cdi.Caller;
import dev.refauth.core.Identity;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** What the container knows about the caller, through the standard APIs only. */
@WebServlet("/whoami")
public class WhoAmIServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject private transient SecurityContext security;

  /** A servlet serves every request: it asks the request-scoped {@link Caller} each time. */
  @Inject private transient Caller caller;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain");
    resp.getWriter()
        .print(
            "caller="
                + (security.getCallerPrincipal() == null
                    ? "none"
                    : security.getCallerPrincipal().getName())
                + " reports="
                + security.isCallerInRole("reports:read")
                + " servletRole="
                + req.isUserInRole("reports:read")
                + " email="
                + caller.identity().flatMap(Identity::email).orElse("none"));
  }
}
