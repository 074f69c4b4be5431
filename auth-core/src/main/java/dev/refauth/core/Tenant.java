package dev.refauth.core;

/**
 * The tenant of the current request, typed, for application code that scopes its own queries
 * ({@code @CurrentUser Tenant} in JAX-RS, the request attribute {@code dev.refauth.core.Tenant} in servlets).
 * Present only for an authenticated request of a tenant; the guard has already checked that the
 * credential belongs to it.
 */
public record Tenant(String id) {
  public Tenant {
    if (id == null || !TenantResolver.TENANT_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("tenant id must match " + TenantResolver.TENANT_ID);
    }
  }
}
