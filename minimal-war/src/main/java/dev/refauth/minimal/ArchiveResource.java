package dev.refauth.minimal;

import dev.refauth.cdi.AccessDenied;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** No refauth annotation here: the CDI bean's {@code @RolesAllowed} decides. */
@Path("archive")
public class ArchiveResource {
  @Inject private ArchiveService archive;

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public Response archive() {
    try {
      return Response.ok(archive.archive()).build();
    } catch (AccessDenied denied) {
      return Response.status(denied.signedIn() ? 403 : 401).build();
    }
  }
}
