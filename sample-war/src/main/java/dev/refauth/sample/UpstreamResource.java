package dev.refauth.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthRequest;
import dev.refauth.jaxrs.Authenticated;
import dev.refauth.social.SocialLoginProvider;
import dev.refauth.social.SocialProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A call to the identity provider's API on the signed-in person's behalf, with the provider's own access token (kept
 * sealed with the login, refreshed when it expires; never sent to the browser): the provider's {@code userinfo}. Only
 * for a login made through a provider with {@code keepTokens}; 404 otherwise.
 */
@Path("upstream")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UpstreamResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @GET
  @Path("userinfo")
  public Response userinfo(
      @Context HttpServletRequest servlet, @Context ContainerRequestContext ctx)
      throws IOException, InterruptedException {
    AuthGuard guard =
        (AuthGuard) servlet.getServletContext().getAttribute(AuthGuard.GUARD_ATTRIBUTE);
    Object asked = ctx.getProperty(AuthGuard.REQUEST_ATTRIBUTE);
    Optional<SocialLoginProvider> social = guard.provider().unwrap(SocialLoginProvider.class);
    if (!(asked instanceof AuthRequest request) || social.isEmpty()) {
      return notAvailable();
    }
    Optional<SocialProvider> provider = social.get().signedInWith(request);
    Optional<String> token = social.get().upstreamAccessToken(request);
    if (provider.isEmpty() || token.isEmpty()) {
      return notAvailable();
    }
    JsonNode info;
    try {
      JsonNode discovery =
          get(URI.create(provider.get().issuer() + "/.well-known/openid-configuration"), null);
      info = get(URI.create(discovery.path("userinfo_endpoint").asText()), token.get());
    } catch (IOException | IllegalArgumentException e) {
      return Response.status(502)
          .entity(
              "{\"error\":{\"name\":\"BadGateway\",\"message\":\"The identity provider did not answer\"}}")
          .build();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("provider", provider.get().name());
    out.put("email", info.path("email").asText());
    out.put("name", info.path("name").asText());
    return Response.ok(JSON.writeValueAsString(out)).build();
  }

  private static JsonNode get(URI uri, String bearer) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("the provider answered " + r.statusCode());
    }
    return JSON.readTree(r.body());
  }

  private static Response notAvailable() {
    return Response.status(404)
        .entity(
            "{\"error\":{\"name\":\"NotAvailable\",\"message\":\"This sign-in keeps no provider tokens\"}}")
        .build();
  }
}
