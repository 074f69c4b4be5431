package dev.refauth.minimal;

import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import dev.refauth.jaxrs.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The caller, injected: a JAX-RS resource lives for one request, so {@code @Inject Identity} (and the application's own
 * {@link Member}) is its caller's.
 */
@Path("me")
public class MeResource {
  @Inject private Identity identity;
  @Inject private Permissions permissions;
  @Inject private Member member;

  @GET
  @Authenticated
  @Produces(MediaType.TEXT_PLAIN)
  public String me() {
    return identity.email().orElse(identity.id()) + " " + permissions.asStrings();
  }

  /** The same caller as the application's own type ({@link Members} makes it). */
  @GET
  @Path("member")
  @Authenticated
  @Produces(MediaType.TEXT_PLAIN)
  public String member() {
    return member.name() + (member.analyst() ? " (analyst)" : "");
  }
}
