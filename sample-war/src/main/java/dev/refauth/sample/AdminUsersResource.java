package dev.refauth.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.accounts.Account;
import dev.refauth.accounts.Accounts;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.Authentication;
import dev.refauth.core.Permissions;
import dev.refauth.core.Tenant;
import dev.refauth.jaxrs.Authenticated;
import dev.refauth.jaxrs.CurrentUser;
import dev.refauth.jaxrs.RequiresPermission;
import dev.refauth.jaxrs.RequiresSecondFactor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The accounts of the caller's tenant, for administrators: {@code users:manage}. Never shows a password hash.
 * {@code PUT {id}/permissions} replaces an account's permissions, within limits a manager cannot step over: she grants
 * only permissions her own imply ({@code posts:*} may grant {@code posts:read}, never {@code *}), never changes her own
 * account, and never one whose permissions are broader than hers. The change applies at once on every node.
 * {@code POST} invites someone into the caller's tenant ({@code {"email", "permissions"}}, the same limits): the account
 * is created without a password and its owner mailed a link to choose one. Registration is open only in {@code acme}.
 * {@code PUT {id}/status} ({@code {"status": "DISABLED"}} or {@code "ACTIVE"}) suspends or restores an account, within
 * the same limits. Every change (permissions, invitation, status) is the step-up's example: it needs a second factor
 * given in the last 10 minutes ({@link RequiresSecondFactor}; a manager without one is sent to enrol), so that a
 * stolen older session can neither lock the owners out nor grant itself or an accomplice more; reading the list does
 * not.
 */
@Path("admin/users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @GET
  @RequiresPermission("users:manage")
  public String list(
      @CurrentUser Tenant tenant,
      @QueryParam("page") @DefaultValue("0") int page,
      @Context HttpServletRequest request)
      throws JsonProcessingException {
    List<Account> accounts =
        accounts(request).store().list(tenant.id(), Math.max(0, Math.min(page, 10_000)) * 50, 50);
    return JSON.writeValueAsString(
        accounts.stream()
            .map(
                a -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", a.id());
                  m.put("email", a.email());
                  m.put("name", a.displayName());
                  m.put("status", a.status().name());
                  m.put("permissions", new TreeSet<>(a.permissions()));
                  return m;
                })
            .toList());
  }

  @PUT
  @Path("{id}/permissions")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresPermission("users:manage")
  @RequiresSecondFactor(withinMinutes = 10)
  public Response setPermissions(
      @PathParam("id") String id,
      @CurrentUser Tenant tenant,
      @CurrentUser Authentication caller,
      @Context HttpServletRequest request,
      String body) {
    Optional<List<String>> parsed = permissions(tree(body));
    if (parsed.isEmpty()) {
      return badRequest("Send a JSON array of permissions");
    }
    List<String> permissions = parsed.get();
    var accounts = accounts(request).store();
    Account account = ofTenant(accounts.findById(id), tenant);
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

  @PUT
  @Path("{id}/status")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresPermission("users:manage")
  @RequiresSecondFactor(withinMinutes = 10)
  public Response setStatus(
      @PathParam("id") String id,
      @CurrentUser Tenant tenant,
      @CurrentUser Authentication caller,
      @Context HttpServletRequest request,
      String body) {
    com.fasterxml.jackson.databind.JsonNode status = tree(body).path("status");
    if (!status.isTextual()
        || !(status.textValue().equals("ACTIVE") || status.textValue().equals("DISABLED"))) {
      return badRequest("Send {\"status\": \"ACTIVE\"} or {\"status\": \"DISABLED\"}");
    }
    var accounts = accounts(request).store();
    Account account = ofTenant(accounts.findById(id), tenant);
    if (account.id().equals(caller.identity().id())) {
      return forbidden("You cannot change your own account's status");
    }
    if (!caller.permissions().impliesAll(Permissions.of(account.permissions()).asSet())) {
      return forbidden("This account has permissions you do not have");
    }
    accounts.setStatus(account.id(), Account.Status.valueOf(status.textValue()), Instant.now());
    return Response.noContent().build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresPermission("users:manage")
  @RequiresSecondFactor(withinMinutes = 10)
  public Response invite(
      @CurrentUser Tenant tenant,
      @CurrentUser Authentication caller,
      @Context HttpServletRequest request,
      String body) {
    com.fasterxml.jackson.databind.JsonNode tree = tree(body);
    Optional<List<String>> parsed =
        tree.isObject() ? permissions(tree.path("permissions")) : Optional.empty();
    if (!tree.path("email").isTextual() || parsed.isEmpty()) {
      return badRequest("Send {\"email\": \"...\", \"permissions\": [\"...\"]}");
    }
    String email = tree.get("email").textValue();
    List<String> permissions = parsed.get();
    if (!caller.permissions().impliesAll(Permissions.of(permissions).asSet())) {
      return forbidden("You can grant only permissions you have");
    }
    Accounts.Invitation outcome =
        accounts(request)
            .invite(email, Set.copyOf(permissions), tenant.id(), request.getRemoteAddr());
    if (outcome instanceof Accounts.Invitation.Sent sent) {
      return Response.status(201)
          .type(MediaType.APPLICATION_JSON)
          .entity("{\"id\":\"" + sent.account().id() + "\"}")
          .build();
    }
    if (outcome instanceof Accounts.Invitation.Invalid invalid) {
      return badRequest(invalid.reason());
    }
    return error(409, "Conflict", "This organisation has an account with this email");
  }

  /**
   * The accounts the provider runs on: the standard provider {@code web.xml} configures, found through the guard the
   * filter shares in the servlet context.
   */
  private static Accounts accounts(HttpServletRequest request) {
    AuthGuard guard =
        (AuthGuard) request.getServletContext().getAttribute(AuthGuard.GUARD_ATTRIBUTE);
    return guard
        .provider()
        .unwrap(Accounts.class)
        .orElseThrow(() -> new IllegalStateException("the provider has no accounts"));
  }

  /** The account when it is of the caller's tenant; another tenant's answers 404, as a missing one. */
  private static Account ofTenant(Optional<Account> found, Tenant tenant) {
    return found.filter(a -> a.tenant().equals(tenant.id())).orElseThrow(NotFoundException::new);
  }

  /** The body as JSON; a missing node when it is none. */
  private static com.fasterxml.jackson.databind.JsonNode tree(String body) {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = body == null ? null : JSON.readTree(body);
      return tree == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : tree;
    } catch (JsonProcessingException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  /** A JSON array of at most 50 valid permission strings (no coercion: 1 is not "1"). */
  private static Optional<List<String>> permissions(com.fasterxml.jackson.databind.JsonNode node) {
    if (!node.isArray() || node.size() > 50) {
      return Optional.empty();
    }
    List<String> strings = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode n : node) {
      if (!n.isTextual()) {
        return Optional.empty();
      }
      strings.add(n.textValue());
    }
    try {
      Permissions.of(strings); // validates the syntax
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(List.copyOf(strings));
  }

  private static Response badRequest(String message) {
    return error(400, "BadRequest", message);
  }

  private static Response forbidden(String message) {
    return error(403, "Forbidden", message);
  }

  private static Response error(int status, String name, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("name", name);
    error.put("message", message);
    error.put("statusCode", status);
    try {
      return Response.status(status)
          .type(MediaType.APPLICATION_JSON)
          .entity(JSON.writeValueAsString(Map.of("error", error)))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
