package dev.refauth.minimal;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.security.Principal;

/** An EJB guarded by the container: only callers in role {@code reports:read} (refauth's permission) get in. */
@Stateless
public class ReportsService {
  @Inject private Principal caller;

  @RolesAllowed("reports:read")
  public String summary() {
    return "summary for " + caller.getName();
  }
}
