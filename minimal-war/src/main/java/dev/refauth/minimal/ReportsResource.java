package dev.refauth.minimal;

import dev.refauth.jaxrs.RequiresPermission;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** The application's own resource: only callers with {@code reports:read} reach it. */
@Path("reports")
public class ReportsResource {
  @GET
  @Produces(MediaType.TEXT_PLAIN)
  @RequiresPermission("reports:read")
  public String reports(@Context SecurityContext security) {
    return "reports for " + security.getUserPrincipal().getName();
  }
}
