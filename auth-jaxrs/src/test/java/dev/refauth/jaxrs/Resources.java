package dev.refauth.jaxrs;

import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import dev.refauth.core.Requirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Resources for the tests; every method counts its invocations. */
final class Resources {
  static final AtomicInteger CALLS = new AtomicInteger();

  private Resources() {}

  static String hit(String s) {
    CALLS.incrementAndGet();
    return s;
  }

  /** The step-up: on the class, on a method beside a permission, alone on a method, and opened. */
  @Path("keys")
  @RequiresPermission("admin")
  public static class StepUp {
    @GET
    public String list() {
      return hit("keys");
    }

    @POST
    @RequiresSecondFactor(withinMinutes = 5)
    public String create() {
      return hit("created");
    }

    @GET
    @Path("open")
    @PublicAccess
    public String open() {
      return hit("open");
    }
  }

  @Path("vault")
  @RequiresSecondFactor
  public static class Vault {
    @GET
    public String get() {
      return hit("vault");
    }

    @GET
    @Path("status")
    @PublicAccess
    public String status() {
      return hit("status");
    }
  }

  @Path("cls")
  @Authenticated
  public static class ClassAuthenticated {
    @GET
    public String get() {
      return hit("cls");
    }

    @GET
    @Path("open")
    @PublicAccess
    public String open() {
      return hit("open");
    }

    @GET
    @Path("admin")
    @RequiresPermission("admin")
    public String admin() {
      return hit("admin");
    }
  }

  @Path("perm")
  public static class Perms {
    @GET
    @Path("any")
    @RequiresPermission(
        value = {"posts:write", "users:manage"},
        logical = Requirement.Logical.ANY)
    public String any() {
      return hit("any");
    }

    @GET
    @Path("all")
    @RequiresPermission({"posts:read", "users:manage"})
    public String all() {
      return hit("all");
    }

    @GET
    @Path("wild")
    @RequiresPermission("posts:delete:42")
    public String wild() {
      return hit("wild");
    }

    @GET
    @Path("none")
    public String none(@Context SecurityContext sc) {
      return hit("none:" + (sc.getUserPrincipal() == null ? "-" : sc.getUserPrincipal().getName()));
    }
  }

  /** Annotations on an interface apply to its implementation. */
  public interface Annotated {
    @GET
    @Path("iface")
    @RequiresPermission("admin")
    String viaInterface();
  }

  @Path("impl")
  public static class Impl implements Annotated {
    @Override
    public String viaInterface() {
      return hit("iface");
    }
  }

  /** Annotations on a superclass method apply to the override. */
  public abstract static class Base {
    @RequiresPermission("users:manage")
    public abstract String inherited();
  }

  @Path("sub")
  public static class Sub extends Base {
    @GET
    @Override
    public String inherited() {
      return hit("sub");
    }
  }

  @Path("roles")
  public static class Roles {
    @GET
    @RolesAllowed("admin")
    public String admin(@Context SecurityContext sc) {
      return hit("roles:" + sc.getAuthenticationScheme() + ":" + sc.isUserInRole("posts:read"));
    }
  }

  /** The application's own user class. */
  public static final class User {
    public String id;
    public String name;
    public String email;
  }

  @Path("me")
  public static class Me {
    @GET
    @Authenticated
    public String me(@CurrentUser User user, @CurrentUser Permissions permissions) {
      return hit(user.name + "|" + user.email + "|" + permissions.asStrings());
    }

    @GET
    @Path("maybe")
    public String maybe(@CurrentUser Optional<Identity> identity) {
      return hit(identity.map(Identity::id).orElse("anonymous"));
    }
  }

  @Path("posts")
  @Authenticated
  public static class Posts {
    @GET
    @RequiresPermission("posts:read")
    public String list() {
      return hit("list");
    }

    @POST
    @RequiresPermission("posts:write")
    public String create() {
      return hit("create");
    }

    @DELETE
    @RequiresPermission("admin")
    public String delete() {
      return hit("delete");
    }
  }

  /** Under deny-by-default, the unannotated method is refused. */
  @Path("deny")
  public static class DenyDefault {
    @GET
    @Path("ok")
    @Authenticated
    public String ok() {
      return hit("ok");
    }

    @GET
    @Path("forgotten")
    public String forgotten() {
      return hit("forgotten");
    }

    @GET
    @Path("open")
    @PublicAccess
    public String open() {
      return hit("open");
    }
  }
}
