package dev.refauth.minimal;

import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import dev.refauth.jaxrs.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The caller, injected: a JAX-RS resource lives for one request, so {@code @Inject Identity} is its caller's. */
@Path("me")
public class MeResource {
  @Inject private Identity identity;
  @Inject private Permissions permissions;

  @GET
  @Authenticated
  @Produces(MediaType.TEXT_PLAIN)
  public String me() {
    return identity.email().orElse(identity.id()) + " " + permissions.asStrings();
  }
}
