package dev.refauth.minimal;

import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** No refauth annotation here: the EJB's {@code @RolesAllowed} decides. */
@Path("summary")
public class SummaryResource {
  @Inject private ReportsService reports;

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public Response summary() {
    try {
      return Response.ok(reports.summary()).build();
    } catch (EJBAccessException denied) {
      return Response.status(Response.Status.FORBIDDEN).build();
    }
  }
}
