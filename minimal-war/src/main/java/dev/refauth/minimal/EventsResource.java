package dev.refauth.minimal;

import dev.refauth.jaxrs.RequiresPermission;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.stream.Collectors;

/** What {@link RecentEvents} heard, one line each: type and account. */
@Path("events")
public class EventsResource {
  @Inject private RecentEvents events;

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  @RequiresPermission("reports:read")
  public String recent() {
    return events.recent().stream()
        .map(e -> e.type() + " " + e.subject().orElse("-"))
        .collect(Collectors.joining("\n"));
  }
}
