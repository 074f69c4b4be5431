package dev.refauth.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.core.Authentication;
import dev.refauth.core.Tenant;
import dev.refauth.core.account.Account;
import dev.refauth.jaxrs.Authenticated;
import dev.refauth.jaxrs.CurrentUser;
import dev.refauth.jaxrs.RequiresPermission;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import dev.refauth.core.Permissions;
import java.time.Instant;
import java.util.Set;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The accounts of the caller's tenant, for administrators: {@code users:manage}. Never shows a password hash.
 * {@code PUT {id}/permissions} replaces an account's permissions, within limits a manager cannot step over: she grants
 * only permissions her own imply ({@code posts:*} may grant {@code posts:read}, never {@code *}), never changes her own
 * account, and never one whose permissions are broader than hers. The change applies at once on every node.
 */
@Path("admin/users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @GET
  @RequiresPermission("users:manage")
  public String list(@CurrentUser Tenant tenant, @QueryParam("page") @DefaultValue("0") int page) throws JsonProcessingException {
    List<Account> accounts = SampleProviderFactory.stores().accounts().list(tenant.id(), Math.max(0, Math.min(page, 10_000)) * 50, 50);
    return JSON.writeValueAsString(accounts.stream().map(a -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", a.id());
      m.put("email", a.email());
      m.put("name", a.displayName());
      m.put("status", a.status().name());
      m.put("permissions", new TreeSet<>(a.permissions()));
      return m;
    }).toList());
  }

  @PUT
  @Path("{id}/permissions")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresPermission("users:manage")
  public Response setPermissions(@PathParam("id") String id, @CurrentUser Tenant tenant, @CurrentUser Authentication caller,
      String body) {
    List<String> permissions;
    try {
      com.fasterxml.jackson.databind.JsonNode tree = body == null ? null : JSON.readTree(body);
      if (tree == null || !tree.isArray()) {
        throw new IllegalArgumentException("not an array");
      }
      List<String> strings = new java.util.ArrayList<>();
      for (com.fasterxml.jackson.databind.JsonNode n : tree) {
        if (!n.isTextual()) {
          throw new IllegalArgumentException("not an array of strings"); // no coercion: 1 is not "1"
        }
        strings.add(n.textValue());
      }
      permissions = List.copyOf(strings);
      Permissions.of(permissions); // validates the syntax
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Response.status(400).type(MediaType.APPLICATION_JSON).entity("{\"error\":\"Send a JSON array of permissions\"}").build();
    }
    var accounts = SampleProviderFactory.stores().accounts();
    Account account = accounts.findById(id).filter(a -> a.tenant().equals(tenant.id())).orElseThrow(NotFoundException::new);
    Permissions mine = caller.permissions();
    if (account.id().equals(caller.identity().id())) {
      return forbidden("You cannot change your own permissions");
    }
    if (!mine.impliesAll(Permissions.of(account.permissions()).asSet())) {
      return forbidden("This account has permissions you do not have");
    }
    if (!mine.impliesAll(Permissions.of(permissions).asSet())) {
      return forbidden("You can grant only permissions you have");
    }
    accounts.setPermissions(account.id(), Set.copyOf(permissions), Instant.now());
    return Response.noContent().build();
  }

  private static Response forbidden(String message) {
    return Response.status(403).type(MediaType.APPLICATION_JSON)
        .entity("{\"error\":{\"name\":\"Forbidden\",\"message\":\"" + message + "\",\"statusCode\":403}}").build();
  }
}
