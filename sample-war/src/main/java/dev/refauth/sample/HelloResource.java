package dev.refauth.sample;

import dev.refauth.core.Identity;
import dev.refauth.jaxrs.CurrentUser;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/** The walking skeleton's resource: who am I, as JAX-RS sees it (open to everyone). */
@Path("hello")
public class HelloResource {
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String hello(@CurrentUser Optional<Identity> identity) {
    String name = identity.map(i -> i.name().orElse(i.id())).orElse("anonymous");
    return "{\"hello\":\"" + name.replace("\\", "").replace("\"", "") + "\"}";
  }
}
