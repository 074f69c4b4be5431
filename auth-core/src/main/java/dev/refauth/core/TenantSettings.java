package dev.refauth.core;

import static dev.refauth.core.GuardSettings.TENANTS;
import static dev.refauth.core.GuardSettings.TENANT_RESOLUTION;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The tenant settings: which tenants there are ({@value GuardSettings#TENANTS}) and how a request names one. */
final class TenantSettings {
  private TenantSettings() {}

  /** See {@link GuardSettings#tenants}. */
  static Map<String, String> tenants(AuthSettings settings) {
    Map<String, String> names = new LinkedHashMap<>();
    for (String pair : settings.string(TENANTS, "").split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String id = (eq < 0 ? pair : pair.substring(0, eq)).strip();
      String name = eq < 0 ? id : pair.substring(eq + 1).strip();
      if (!TenantResolver.TENANT_ID.matcher(id).matches() || name.isEmpty()) {
        throw settings.bad(
            TENANTS,
            settings.string(TENANTS, ""),
            "a list of tenant ids, each with an optional =Name: acme=Acme Corporation, globex");
      }
      names.put(id, name);
    }
    return Collections.unmodifiableMap(names);
  }

  /** The known tenants: those listed, and the fixed one; a resolution that names tenants by host or path needs the list. */
  static Set<String> known(AuthSettings settings) {
    Set<String> known = new HashSet<>(tenants(settings).keySet());
    String resolution = settings.string(TENANT_RESOLUTION, "header");
    if (resolution.startsWith("fixed:")) {
      known.add(resolution.substring(6));
    }
    if ((resolution.startsWith("subdomain:") || resolution.startsWith("path:"))
        && known.isEmpty()) {
      throw new AuthException(
          "setting '"
              + TENANT_RESOLUTION
              + "="
              + resolution
              + "' needs the setting '"
              + TENANTS
              + "': the tenants there are (any other name is refused)");
    }
    return known;
  }

  static TenantResolver resolver(AuthSettings settings) {
    String v = settings.string(TENANT_RESOLUTION, "header");
    String expected = "header, subdomain:<base domain>, path:<prefix>, fixed:<tenant id> or none";
    try {
      if (v.equals("header")) {
        return TenantResolver.header();
      }
      if (v.equals("none")) {
        return r -> TenantResolver.Resolution.none();
      }
      if (v.startsWith("subdomain:") && v.length() > 10) {
        return TenantResolver.subdomain(v.substring(10));
      }
      if (v.startsWith("path:/") && v.endsWith("/")) {
        return TenantResolver.pathPrefix(v.substring(5));
      }
      if (v.startsWith("fixed:")) {
        return TenantResolver.fixed(v.substring(6));
      }
    } catch (IllegalArgumentException e) {
      throw settings.bad(TENANT_RESOLUTION, v, expected);
    }
    throw settings.bad(TENANT_RESOLUTION, v, expected);
  }
}
