package dev.refauth.minimal;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

/** A CDI bean (no EJB) guarded by the container: only callers in role {@code reports:read} get in. */
@ApplicationScoped
public class ArchiveService {
  @RolesAllowed("reports:read")
  public String archive() {
    return "the archive";
  }
}
