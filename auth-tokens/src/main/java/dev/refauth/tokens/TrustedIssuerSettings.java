package dev.refauth.tokens;

import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The trusted issuers of {@code issuers.*} (the table of {@link TrustedIssuersProvider}). */
final class TrustedIssuerSettings {
  static final Set<String> PER_ISSUER =
      Set.of(
          "issuer",
          "audience",
          "profile",
          "types",
          "algorithms",
          "permissions",
          "permissionMap",
          "permissionPrefix",
          "mappedOnly",
          "tenant",
          "tenantClaim",
          "jwksUri",
          "jwksCacheTtl",
          "clockSkew");

  private TrustedIssuerSettings() {}

  /** The issuers named by {@code issuers}; none when it is not set. */
  static List<TrustedIssuer> read(AuthSettings settings) {
    AuthSettings s = settings.subset("issuers.");
    List<String> names = settings.list("issuers");
    Set<String> known = new HashSet<>();
    for (String name : names) {
      PER_ISSUER.forEach(k -> known.add(name + "." + k));
    }
    for (String key : s.keys()) {
      if (!known.contains(key)) {
        throw new AuthException(
            "unknown setting '"
                + settings.fullName("issuers." + key)
                + "': a trusted issuer's settings are "
                + new java.util.TreeSet<>(PER_ISSUER)
                + " under a name listed in '"
                + settings.fullName("issuers")
                + "'");
      }
    }
    List<TrustedIssuer> out = new ArrayList<>();
    for (String name : names) {
      out.add(issuer(settings, name));
    }
    return out;
  }

  private static TrustedIssuer issuer(AuthSettings settings, String name) {
    String p = "issuers." + name + ".";
    try {
      TrustedIssuer.Builder b = TrustedIssuer.builder(name, settings.require(p + "issuer"));
      settings.get(p + "profile").map(TrustedIssuer.Profile::parse).ifPresent(b::profile);
      List<String> audiences = settings.list(p + "audience");
      b.audiences(audiences.toArray(String[]::new));
      List<String> types = settings.list(p + "types");
      if (!types.isEmpty()) {
        b.types(types.toArray(String[]::new));
      }
      List<String> algorithms = settings.list(p + "algorithms");
      if (!algorithms.isEmpty()) {
        b.algorithms(
            algorithms.stream()
                .map(
                    a ->
                        SigningAlgorithm.named(a.trim())
                            .orElseThrow(() -> settings.bad(p + "algorithms", a, "RS256 or ES256")))
                .toArray(SigningAlgorithm[]::new));
      }
      List<String> paths = settings.list(p + "permissions");
      if (!paths.isEmpty()) {
        b.permissionsFrom(paths.toArray(String[]::new));
      }
      for (String entry : settings.string(p + "permissionMap", "").split(";")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          throw settings.bad(
              p + "permissionMap", entry.trim(), "value=permission permission; value=...");
        }
        b.permissionMap(entry.substring(0, eq).trim(), entry.substring(eq + 1));
      }
      settings.get(p + "permissionPrefix").ifPresent(b::permissionPrefix);
      b.mappedOnly(settings.bool(p + "mappedOnly", false));
      if (settings.get(p + "tenant").isPresent() && settings.get(p + "tenantClaim").isPresent()) {
        throw new AuthException(
            "settings '"
                + settings.fullName(p + "tenant")
                + "' and '"
                + settings.fullName(p + "tenantClaim")
                + "' contradict each other: a fixed tenant or one read from the token");
      }
      settings.get(p + "tenant").ifPresent(b::tenant);
      settings.get(p + "tenantClaim").ifPresent(b::tenantClaim);
      settings.get(p + "jwksUri").map(URI::create).ifPresent(b::jwksUri);
      b.jwksCacheTtl(settings.duration(p + "jwksCacheTtl", Duration.ofMinutes(5)));
      b.clockSkew(settings.duration(p + "clockSkew", Duration.ofSeconds(60)));
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new AuthException("trusted issuer '" + name + "': " + e.getMessage(), e);
    }
  }
}
