package dev.refauth.core;

import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A request as the client made it: behind a trusted proxy, the client's address, scheme and host the proxy reported;
 * with a public origin, its scheme and origin; then the tenant it names, which must be a known one.
 */
final class RequestResolver {
  private final TrustedProxies proxies;
  private final @Nullable String publicOrigin;
  private final TenantResolver tenants;
  private final Predicate<String> knownTenants;

  RequestResolver(
      TrustedProxies proxies,
      @Nullable String publicOrigin,
      TenantResolver tenants,
      Predicate<String> knownTenants) {
    this.proxies = proxies;
    this.publicOrigin = publicOrigin;
    this.tenants = tenants;
    this.knownTenants = knownTenants;
  }

  /** Whether {@code tenant} is one of the tenants this application has. */
  boolean knowsTenant(String tenant) {
    return TenantResolver.TENANT_ID.matcher(tenant).matches() && knownTenants.test(tenant);
  }

  /** See {@link AuthGuard#resolve}. */
  Optional<AuthRequest> resolve(AuthRequest request) {
    if (request.isResolved()) {
      return Optional.of(request);
    }
    AuthRequest r = request;
    Optional<TrustedProxies.Client> client = proxies.resolve(request);
    if (client.isPresent() || publicOrigin != null) {
      @Nullable String address = client.map(TrustedProxies.Client::address).orElse(null);
      boolean secure =
          client
              .flatMap(TrustedProxies.Client::scheme)
              .map("https"::equals)
              .orElse(request.secure());
      String origin =
          client.isEmpty()
              ? null
              : AuthRequest.originOf(
                  secure ? "https" : "http",
                  client.get().host().orElse(request.header("Host").orElse("")));
      if (publicOrigin != null) {
        origin = publicOrigin;
        secure = publicOrigin.startsWith("https:");
      }
      String contextPath =
          client
              .flatMap(TrustedProxies.Client::prefix)
              .map(p -> p + request.contextPath())
              .orElse(request.contextPath());
      r = request.resolvedAs(contextPath, address, secure, origin, request.tenant().orElse(null));
    }
    TenantResolver.Resolution t = tenants.resolve(r);
    if (t.malformed() || t.tenant().filter(knownTenants.negate()).isPresent()) {
      return Optional.empty();
    }
    if (t.tenant().isEmpty() || t.tenant().equals(r.tenant())) {
      return Optional.of(r); // nothing named, or resolved already: no copy
    }
    return Optional.of(r.withTenant(t.tenant().get()));
  }
}
