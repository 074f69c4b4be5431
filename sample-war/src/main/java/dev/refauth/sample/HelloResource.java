package dev.refauth.sample;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** The walking skeleton's resource: who am I, as JAX-RS sees it. */
@Path("hello")
public class HelloResource {
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String hello(@Context SecurityContext security) {
    var p = security.getUserPrincipal();
    return "{\"hello\":\"" + (p == null ? "anonymous" : p.getName().replace("\"", "")) + "\"}";
  }
}
