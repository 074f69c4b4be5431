package dev.refauth.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.core.Identity;
import dev.refauth.core.Tenant;
import dev.refauth.jaxrs.Authenticated;
import dev.refauth.jaxrs.CurrentUser;
import dev.refauth.jaxrs.RequiresPermission;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A small posts API: GET needs {@code posts:read}, POST {@code posts:write}, DELETE {@code admin}. Every
 * query is scoped to the caller's tenant, so a post of another tenant answers like a missing one: 404.
 */
@Path("posts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PostsResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @GET
  @RequiresPermission("posts:read")
  public String list(@CurrentUser Tenant tenant) throws JsonProcessingException {
    return JSON.writeValueAsString(Posts.list(tenant.id()));
  }

  @GET
  @Path("{id}")
  @RequiresPermission("posts:read")
  public String get(@PathParam("id") long id, @CurrentUser Tenant tenant)
      throws JsonProcessingException {
    return JSON.writeValueAsString(Posts.find(tenant.id(), id).orElseThrow(NotFoundException::new));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresPermission("posts:write")
  public Response create(String body, @CurrentUser Identity author, @CurrentUser Tenant tenant)
      throws JsonProcessingException {
    String title;
    try {
      title = JSON.readTree(body).path("title").textValue();
    } catch (JsonProcessingException malformed) {
      title = null;
    }
    if (title == null || title.isBlank() || title.length() > 200) {
      return Response.status(400)
          .entity(
              "{\"error\":{\"name\":\"BadRequest\",\"message\":\"A title of 1 to 200 characters is required\"}}")
          .build();
    }
    Posts.Post p = Posts.add(tenant.id(), title);
    return Response.status(201)
        .entity(
            JSON.writeValueAsString(
                Map.of("id", p.id(), "title", p.title(), "author", author.id())))
        .build();
  }

  @DELETE
  @Path("{id}")
  @RequiresPermission("admin")
  public Response delete(@PathParam("id") long id, @CurrentUser Tenant tenant) {
    if (!Posts.remove(tenant.id(), id)) {
      throw new NotFoundException();
    }
    return Response.noContent().build();
  }
}
