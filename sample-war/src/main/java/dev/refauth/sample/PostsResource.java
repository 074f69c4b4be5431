package dev.refauth.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.core.Identity;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A small posts API: GET needs {@code posts:read}, POST {@code posts:write}, DELETE {@code admin}. */
@Path("posts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PostsResource {
  private static final Map<Long, String> POSTS = new ConcurrentSkipListMap<>(Map.of(1L, "Hello, refauth", 2L, "Refine on Jakarta EE"));
  private static final AtomicLong IDS = new AtomicLong(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  @GET
  @RequiresPermission("posts:read")
  public String list() throws JsonProcessingException {
    List<Map<String, Object>> posts = POSTS.entrySet().stream()
        .map(e -> Map.<String, Object>of("id", e.getKey(), "title", e.getValue())).toList();
    return JSON.writeValueAsString(posts);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresPermission("posts:write")
  public Response create(String body, @CurrentUser Identity author) throws JsonProcessingException {
    Object title;
    try {
      title = JSON.readTree(body).path("title").textValue();
    } catch (JsonProcessingException malformed) {
      title = null;
    }
    if (!(title instanceof String t) || t.isBlank() || t.length() > 200) {
      return Response.status(400).entity("{\"error\":{\"name\":\"BadRequest\",\"message\":\"A title of 1 to 200 characters is required\"}}").build();
    }
    long id = IDS.incrementAndGet();
    POSTS.put(id, t);
    return Response.status(201).entity(JSON.writeValueAsString(Map.of("id", id, "title", t, "author", author.id()))).build();
  }

  @DELETE
  @Path("{id}")
  @RequiresPermission("admin")
  public Response delete(@PathParam("id") long id) {
    if (POSTS.remove(id) == null) {
      throw new NotFoundException();
    }
    return Response.noContent().build();
  }
}
