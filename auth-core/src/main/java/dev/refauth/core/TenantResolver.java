package dev.refauth.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which tenant a request is for. {@link AuthGuard} asks it first and refuses (403) a request whose tenant
 * is malformed, or differs from the tenant of its credential; providers then see the answer as
 * {@link AuthRequest#tenant()}.
 *
 * <p>Tenant ids are lower-case names: {@code [a-z0-9][a-z0-9-]{0,62}}. Anything else (upper case, spaces,
 * a header sent twice) is malformed, never folded into a valid id.
 */
@FunctionalInterface
public interface TenantResolver {
  /** The syntax of a tenant id. */
  Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** The outcome: no tenant named, a tenant, or a malformed attempt. */
  record Resolution(Optional<String> tenant, boolean malformed) {
    public static Resolution none() {
      return new Resolution(Optional.empty(), false);
    }

    public static Resolution of(String tenant) {
      return TENANT_ID.matcher(tenant).matches()
          ? new Resolution(Optional.of(tenant), false)
          : malformedValue();
    }

    public static Resolution malformedValue() {
      return new Resolution(Optional.empty(), true);
    }
  }

  Resolution resolve(AuthRequest request);

  /** The {@code X-Tenant-ID} header (the default): absent means none; sent twice, empty or malformed is refused. */
  static TenantResolver header() {
    return r -> {
      List<String> values = r.headers(AuthRequest.TENANT_HEADER);
      if (values.isEmpty()) {
        return Resolution.none();
      }
      return values.size() == 1 ? Resolution.of(values.get(0)) : Resolution.malformedValue();
    };
  }

  /**
   * The first label of the host the client addressed ({@link AuthRequest#origin()}: the {@code Host}, or the
   * host a trusted proxy reported) under {@code baseDomain} ({@code acme.app.example.com}); the bare domain names
   * none.
   */
  static TenantResolver subdomain(String baseDomain) {
    String suffix = "." + baseDomain.toLowerCase(Locale.ROOT);
    return r -> {
      String origin = r.origin();
      String host = origin.substring(origin.indexOf("://") + 3).replaceFirst(":\\d+$", "");
      if (host.equalsIgnoreCase(baseDomain) || host.isEmpty()) {
        return Resolution.none();
      }
      if (!host.endsWith(suffix)) {
        return Resolution.malformedValue();
      }
      return Resolution.of(host.substring(0, host.length() - suffix.length()));
    };
  }

  /** The first path segment after {@code prefix} ({@code /t/acme/posts} with prefix {@code /t/}). */
  static TenantResolver pathPrefix(String prefix) {
    return r -> {
      String path = r.path();
      if (!path.startsWith(prefix)) {
        return Resolution.none();
      }
      String rest = path.substring(prefix.length());
      int slash = rest.indexOf('/');
      return Resolution.of(slash < 0 ? rest : rest.substring(0, slash));
    };
  }

  /** Always this tenant: one deployment per tenant. */
  static TenantResolver fixed(String tenant) {
    Resolution fixed = Resolution.of(tenant);
    if (fixed.malformed()) {
      throw new IllegalArgumentException("tenant id '" + tenant + "' does not match " + TENANT_ID);
    }
    return r -> fixed;
  }
}
