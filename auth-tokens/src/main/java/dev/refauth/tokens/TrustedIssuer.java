package dev.refauth.tokens;

import dev.refauth.core.AuthException;
import dev.refauth.core.Permission;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.Urls;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An identity provider whose access tokens are accepted as bearer tokens ({@link TrustedIssuersProvider}), and how
 * its claims become refauth's {@code Identity} and {@code Permissions}. Immutable.
 *
 * <p>A token is accepted when its {@code iss} is exactly {@link #issuer()}, its signature verifies with a key of the
 * issuer's JWK set (from its discovery document, {@code <issuer>/.well-known/openid-configuration}, unless {@link
 * Builder#jwksUri} names it; refetched on an unknown {@code kid} at a limited rate), its algorithm is one of {@link
 * Builder#algorithms}, its header {@code typ} one of {@link Builder#types}, its {@code aud} holds one of {@link
 * Builder#audiences}, it has {@code sub}, {@code exp} and {@code iat}, {@code exp} is not passed and {@code nbf} reached
 * (within the clock skew), and every {@link Builder#requireClaim required claim} has its value.
 *
 * <p>The mapping: the identity's id is {@code <name>:<sub>} (the issuer's {@link #name()} in front, so that no subject
 * of an issuer is ever taken for this application's account or another issuer's subject; the attributes {@code issuer}
 * and {@code subject} give the two apart), its name {@code name} (else {@code preferred_username}), its email {@code
 * email}, its avatar {@code picture}. Permissions come from the {@link
 * Builder#permissionsFrom claims} named by path ({@code realm_access.roles}): an array of strings, or one string of
 * space-separated values ({@code scope}). Each value is renamed by {@link Builder#permissionMap} when it is listed
 * there, else prefixed by {@link Builder#permissionPrefix} and kept when it is a valid permission without a wildcard
 * ({@code *} from a claim is never taken as "everything"; map it explicitly if you mean it); with {@link
 * Builder#mappedOnly}, values not in the map are dropped. The tenant is {@link Builder#tenant fixed} for the issuer,
 * or read from a {@link Builder#tenantClaim claim}, which must name a tenant the application has; without either
 * the identity has no tenant.
 */
public final class TrustedIssuer {
  /** What a setting or builder name must look like. */
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** The presets of the well-known providers (setting {@code issuers.<name>.profile}). */
  public enum Profile {
    /**
     * RFC 9068: {@code typ at+jwt}; permissions from {@code scope}.
     */
    GENERIC,
    /**
     * Keycloak: {@code typ JWT} with the claim {@code typ: Bearer} (an ID token says {@code ID}); permissions from
     * {@code realm_access.roles} and {@code resource_access.<audience>.roles} for each audience.
     */
    KEYCLOAK,
    /** Microsoft Entra ID (v2 tokens): {@code typ JWT}; permissions from {@code roles} and {@code scp}. */
    ENTRA,
    /** Auth0: {@code typ at+jwt} or {@code JWT}; permissions from {@code permissions} and {@code scope}. */
    AUTH0;

    static Profile parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new AuthException(
            "unknown issuer profile '" + value + "': generic, keycloak, entra or auth0");
      }
    }
  }

  private final String name;
  private final String issuer;
  private final Profile profile;
  private final Set<String> audiences;
  private final Set<SigningAlgorithm> algorithms;
  private final Set<String> types;
  private final Map<String, String> requiredClaims;
  private final List<List<String>> permissionPaths;
  private final Map<String, Set<String>> permissionMap;
  private final String permissionPrefix;
  private final boolean mappedOnly;
  private final Optional<String> tenant;
  private final Optional<List<String>> tenantClaim;
  private final Optional<URI> jwksUri;
  private final Optional<String> jwks;
  private final Duration jwksCacheTtl;
  private final Duration clockSkew;

  private TrustedIssuer(Builder b) {
    this.name = b.name;
    this.issuer = b.issuer;
    this.profile = b.profile;
    this.audiences = Set.copyOf(b.audiences);
    this.algorithms = Set.copyOf(b.algorithms);
    this.types = Set.copyOf(b.types == null ? defaultTypes(b.profile) : b.types);
    Map<String, String> required = new LinkedHashMap<>(b.requiredClaims);
    if (b.profile == Profile.KEYCLOAK) {
      required.putIfAbsent("typ", "Bearer");
    }
    this.requiredClaims = Map.copyOf(required);
    this.permissionPaths =
        List.copyOf(
            b.permissionPaths == null ? defaultPaths(b.profile, b.audiences) : b.permissionPaths);
    this.permissionMap = Map.copyOf(b.permissionMap);
    this.permissionPrefix = b.permissionPrefix;
    this.mappedOnly = b.mappedOnly;
    this.tenant = Optional.ofNullable(b.tenant);
    this.tenantClaim = Optional.ofNullable(b.tenantClaim);
    this.jwksUri = Optional.ofNullable(b.jwksUri);
    this.jwks = Optional.ofNullable(b.jwks);
    this.jwksCacheTtl = b.jwksCacheTtl;
    this.clockSkew = b.clockSkew;
  }

  /**
   * An issuer by its {@code iss} (an https URL, or http on localhost), known in settings, logs and the identity's
   * {@code issuer} attribute as {@code name}.
   *
   * @throws AuthException if the name or the URL is malformed
   */
  public static Builder builder(String name, String issuer) {
    return new Builder(name, issuer);
  }

  /** The name this issuer goes by in settings, logs and the identity's {@code issuer} attribute. */
  public String name() {
    return name;
  }

  /** The exact {@code iss} of its tokens. */
  public String issuer() {
    return issuer;
  }

  /** The audiences one of which a token must name. */
  public Set<String> audiences() {
    return audiences;
  }

  /** The header {@code typ} values accepted ({@code ""}: no {@code typ}). */
  public Set<String> types() {
    return types;
  }

  Profile profile() {
    return profile;
  }

  Set<SigningAlgorithm> algorithms() {
    return algorithms;
  }

  Map<String, String> requiredClaims() {
    return requiredClaims;
  }

  List<List<String>> permissionPaths() {
    return permissionPaths;
  }

  Optional<String> tenant() {
    return tenant;
  }

  Optional<List<String>> tenantClaim() {
    return tenantClaim;
  }

  Optional<URI> jwksUri() {
    return jwksUri;
  }

  Optional<String> jwks() {
    return jwks;
  }

  Duration jwksCacheTtl() {
    return jwksCacheTtl;
  }

  Duration clockSkew() {
    return clockSkew;
  }

  /** The permissions the claims' values give, per the class javadoc. */
  Set<String> permissions(Map<String, Object> claims) {
    Set<String> out = new LinkedHashSet<>();
    for (List<String> path : permissionPaths) {
      for (String value : values(at(claims, path))) {
        Set<String> mapped = permissionMap.get(value);
        if (mapped != null) {
          out.addAll(mapped);
        } else if (!mappedOnly) {
          String p = permissionPrefix + value;
          if (p.indexOf('*') < 0 && isPermission(p)) {
            out.add(p);
          }
        }
      }
    }
    return out;
  }

  /** The value at {@code path} in nested JSON objects; null when a step is missing or not an object. */
  static @Nullable Object at(Map<String, Object> claims, List<String> path) {
    Object node = claims;
    for (String step : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(step);
    }
    return node;
  }

  /** An array's strings, or a string's space-separated words; nothing else. */
  private static List<String> values(@Nullable Object claim) {
    List<String> out = new ArrayList<>();
    if (claim instanceof String s) {
      for (String word : s.trim().split(" +")) {
        if (!word.isEmpty()) {
          out.add(word);
        }
      }
    } else if (claim instanceof List<?> list) {
      for (Object v : list) {
        if (v instanceof String s && !s.isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static boolean isPermission(String p) {
    try {
      Permission.parse(p);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Set<String> defaultTypes(Profile profile) {
    return switch (profile) {
      case GENERIC -> Set.of("at+jwt");
      case KEYCLOAK, ENTRA -> Set.of("JWT");
      case AUTH0 -> Set.of("at+jwt", "JWT");
    };
  }

  private static List<List<String>> defaultPaths(Profile profile, Set<String> audiences) {
    List<List<String>> paths = new ArrayList<>();
    switch (profile) {
      case GENERIC -> paths.add(List.of("scope"));
      case KEYCLOAK -> {
        paths.add(List.of("realm_access", "roles"));
        for (String aud : audiences) {
          paths.add(List.of("resource_access", aud, "roles"));
        }
      }
      case ENTRA -> {
        paths.add(List.of("roles"));
        paths.add(List.of("scp"));
      }
      case AUTH0 -> {
        paths.add(List.of("permissions"));
        paths.add(List.of("scope"));
      }
    }
    return paths;
  }

  /** A claim path in settings: dot-separated claim names ({@code realm_access.roles}). */
  static List<String> path(String dotted) {
    List<String> steps = List.of(dotted.trim().split("\\."));
    if (steps.isEmpty() || steps.stream().anyMatch(String::isBlank)) {
      throw new AuthException("a claim path must be dot-separated claim names: '" + dotted + "'");
    }
    return steps;
  }

  @Override
  public String toString() {
    return "TrustedIssuer[" + name + ", " + issuer + ", " + profile + ", aud " + audiences + "]";
  }

  /** Builds a {@link TrustedIssuer}; every method checks its argument and throws {@link AuthException}. */
  public static final class Builder {
    private final String name;
    private final String issuer;
    private Profile profile = Profile.GENERIC;
    private final Set<String> audiences = new LinkedHashSet<>();
    private Set<SigningAlgorithm> algorithms = Set.of(SigningAlgorithm.RS256);
    private @Nullable Set<String> types;
    private final Map<String, String> requiredClaims = new LinkedHashMap<>();
    private @Nullable List<List<String>> permissionPaths;
    private final Map<String, Set<String>> permissionMap = new LinkedHashMap<>();
    private String permissionPrefix = "";
    private boolean mappedOnly;
    private @Nullable String tenant;
    private @Nullable List<String> tenantClaim;
    private @Nullable URI jwksUri;
    private @Nullable String jwks;
    private Duration jwksCacheTtl = Duration.ofMinutes(5);
    private Duration clockSkew = Duration.ofSeconds(60);

    private Builder(String name, String issuer) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new AuthException("a trusted issuer's name must match " + NAME + ": " + name);
      }
      this.name = name;
      this.issuer = httpsOrLocal(Checks.notNull(issuer, "issuer"), name, "issuer");
    }

    /** The preset of a well-known provider: its {@code typ} rule and where its permissions are (default generic). */
    public Builder profile(Profile profile) {
      this.profile = Checks.notNull(profile, "profile");
      return this;
    }

    /** The audiences this application answers to; a token must name one (required). */
    public Builder audiences(String... audiences) {
      for (String a : audiences) {
        if (a == null || a.isBlank()) {
          throw new AuthException("issuer '" + name + "': an audience must not be blank");
        }
        this.audiences.add(a);
      }
      return this;
    }

    /** The algorithms its tokens may use: RS256 (default) and ES256. */
    public Builder algorithms(SigningAlgorithm... algorithms) {
      Set<SigningAlgorithm> set = Set.of(algorithms);
      if (set.isEmpty()
          || set.contains(SigningAlgorithm.HS256)
          || set.contains(SigningAlgorithm.EdDSA)) {
        throw new AuthException(
            "issuer '" + name + "': the algorithms must be RS256 and/or ES256, got " + set);
      }
      this.algorithms = set;
      return this;
    }

    /** The header {@code typ} values accepted ({@code ""} accepts a token without one); default by profile. */
    public Builder types(String... types) {
      Set<String> set = new LinkedHashSet<>();
      for (String t : types) {
        set.add(Checks.notNull(t, "type").trim());
      }
      if (set.isEmpty()) {
        throw new AuthException("issuer '" + name + "': name at least one accepted typ");
      }
      this.types = set;
      return this;
    }

    /** A claim every accepted token must have with exactly this string value. */
    public Builder requireClaim(String claim, String value) {
      requiredClaims.put(Checks.notNull(claim, "claim"), Checks.notNull(value, "value"));
      return this;
    }

    /** Where permissions are: claim paths ({@code realm_access.roles}, {@code scope}); replaces the profile's. */
    public Builder permissionsFrom(String... paths) {
      List<List<String>> list = new ArrayList<>();
      for (String p : paths) {
        list.add(path(Checks.notNull(p, "path")));
      }
      this.permissionPaths = list;
      return this;
    }

    /**
     * A claim value and the permissions it gives instead of itself ({@code admin} to {@code users:manage,
     * posts:*}, space-separated).
     *
     * @throws AuthException if a permission is malformed
     */
    public Builder permissionMap(String value, String permissions) {
      Set<String> to = new LinkedHashSet<>();
      for (String p : Checks.notNull(permissions, "permissions").trim().split(" +")) {
        if (!p.isEmpty()) {
          if (!isPermission(p)) {
            throw new AuthException(
                "issuer '"
                    + name
                    + "': '"
                    + p
                    + "' (mapped from '"
                    + value
                    + "') is not a permission");
          }
          to.add(p);
        }
      }
      permissionMap.put(Checks.notNull(value, "value"), Set.copyOf(to));
      return this;
    }

    /** A prefix for the values not in the map ({@code kc:}): keeps the issuer's names apart from the app's own. */
    public Builder permissionPrefix(String prefix) {
      this.permissionPrefix = Checks.notNull(prefix, "prefix");
      return this;
    }

    /** Only values listed in the map give permissions (an allow-list); default false. */
    public Builder mappedOnly(boolean mappedOnly) {
      this.mappedOnly = mappedOnly;
      return this;
    }

    /** Every identity of this issuer is of this tenant (one issuer per tenant). */
    public Builder tenant(String tenant) {
      this.tenant = Checks.notNull(tenant, "tenant");
      return this;
    }

    /** The tenant is the string at this claim path; a token without it, or naming a tenant unknown here, is refused. */
    public Builder tenantClaim(String path) {
      this.tenantClaim = path(Checks.notNull(path, "path"));
      return this;
    }

    /** The JWK set's URL instead of discovery. */
    public Builder jwksUri(URI uri) {
      this.jwksUri = URI.create(httpsOrLocal(uri.toString(), name, "JWK set URL"));
      return this;
    }

    /** Fixed verification keys (a JWK set's JSON) instead of fetching them: for offline set-ups and tests. */
    public Builder jwks(String json) {
      JwkSets.parse(json);
      this.jwks = json;
      return this;
    }

    /** How long fetched keys are used before they are fetched again (default 5 minutes; 1 s to 1 day). */
    public Builder jwksCacheTtl(Duration ttl) {
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofDays(1)) > 0) {
        throw new AuthException("issuer '" + name + "': jwksCacheTtl must be 1s to 1d, got " + ttl);
      }
      this.jwksCacheTtl = ttl;
      return this;
    }

    /** Tolerance on {@code exp}, {@code nbf} and {@code iat} (default 60 s; 0 to 5 min). */
    public Builder clockSkew(Duration skew) {
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new AuthException("issuer '" + name + "': clockSkew must be 0 to 5m, got " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /**
     * The issuer.
     *
     * @throws AuthException when no audience is named, or both a fixed tenant and a tenant claim are
     */
    public TrustedIssuer build() {
      if (audiences.isEmpty()) {
        throw new AuthException(
            "issuer '" + name + "': name the audience(s) its tokens must be for");
      }
      if (tenant != null && tenantClaim != null) {
        throw new AuthException(
            "issuer '" + name + "': a fixed tenant and a tenant claim contradict each other");
      }
      return new TrustedIssuer(this);
    }
  }

  static String httpsOrLocal(String url, String name, String what) {
    if (Urls.httpsOrLocal(url, false).isEmpty()) {
      throw new AuthException(
          "issuer '"
              + name
              + "': the "
              + what
              + " must be an https URL (or http on localhost) without query: "
              + url);
    }
    return url;
  }
}
