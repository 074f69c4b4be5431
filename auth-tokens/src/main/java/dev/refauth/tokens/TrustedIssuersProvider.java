package dev.refauth.tokens;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.Authentication;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.GuardSettings;
import dev.refauth.core.Identity;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.Permissions;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.ClassLoading;
import dev.refauth.core.spi.AuthMetrics;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens of other identity providers (Keycloak, Entra ID, Auth0, any OpenID provider), each a {@link
 * TrustedIssuer} with its own keys, audience and claim mapping; alone (an API whose callers sign in elsewhere) or in
 * front of another provider, which keeps everything else: its own tokens, cookies, sign-in, logout.
 *
 * <p>A bearer token whose {@code iss} is a trusted issuer's is checked by that issuer's rules alone and never reaches
 * the inner provider; refused, it answers {@code TokenExpired} or {@code InvalidToken} (401) like any bad token. A
 * token of any other issuer, and every other request, goes to the inner provider; alone, such a token is {@code
 * InvalidToken}. The identity cache keeps an accepted token's answer until its {@code exp}.
 *
 * <h2>Settings</h2> (under {@code provider.issuers.} in {@code web.xml}; read by {@link Builder#settings})
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code issuers}</td><td>none</td><td>the names of the trusted issuers ({@code keycloak, partners})</td></tr>
 *   <tr><td>{@code issuers.<name>.issuer}</td><td>required</td><td>the exact {@code iss} (https, or http on localhost);
 *       its keys come from its discovery document</td></tr>
 *   <tr><td>{@code issuers.<name>.audience}</td><td>required</td><td>the audience(s) a token must name</td></tr>
 *   <tr><td>{@code issuers.<name>.profile}</td><td>{@code generic}</td><td>{@code keycloak}, {@code entra}, {@code auth0}
 *       or {@code generic} ({@link TrustedIssuer.Profile}): the {@code typ} rule and where permissions are</td></tr>
 *   <tr><td>{@code issuers.<name>.types}</td><td>by profile</td><td>the header {@code typ} values accepted</td></tr>
 *   <tr><td>{@code issuers.<name>.algorithms}</td><td>{@code RS256}</td><td>{@code RS256} and/or {@code ES256}</td></tr>
 *   <tr><td>{@code issuers.<name>.permissions}</td><td>by profile</td><td>claim paths ({@code realm_access.roles,
 *       scope})</td></tr>
 *   <tr><td>{@code issuers.<name>.permissionMap}</td><td>none</td><td>{@code value=permission permission; ...}
 *       ({@code admin=users:manage posts:*; viewer=posts:read})</td></tr>
 *   <tr><td>{@code issuers.<name>.permissionPrefix}</td><td>none</td><td>put before values not in the map</td></tr>
 *   <tr><td>{@code issuers.<name>.mappedOnly}</td><td>{@code false}</td><td>values not in the map give nothing</td></tr>
 *   <tr><td>{@code issuers.<name>.tenant}</td><td>none</td><td>the tenant of all its identities</td></tr>
 *   <tr><td>{@code issuers.<name>.tenantClaim}</td><td>none</td><td>or the claim path naming it (one of the
 *       deployment's {@code tenants})</td></tr>
 *   <tr><td>{@code issuers.<name>.jwksUri}</td><td>from discovery</td><td>the JWK set's URL</td></tr>
 *   <tr><td>{@code issuers.<name>.jwksCacheTtl}, {@code issuers.<name>.clockSkew}</td><td>{@code 5m}, {@code
 *       60s}</td><td>how long fetched keys are kept; tolerance on token times</td></tr>
 * </table>
 */
public final class TrustedIssuersProvider implements AuthProvider {
  private final Map<String, IssuerVerifier> byIssuer;
  private final Optional<AuthProvider> inner;
  private final Set<String> knownTenants;
  private final String loginPath;
  private final AuthMetrics metrics;

  private TrustedIssuersProvider(Builder b) {
    Map<String, IssuerVerifier> map = new LinkedHashMap<>();
    for (TrustedIssuer i : b.issuers.values()) {
      map.put(i.issuer(), new IssuerVerifier(i, b.clock));
    }
    this.byIssuer = Map.copyOf(map);
    this.inner = Optional.ofNullable(b.inner);
    this.knownTenants = Set.copyOf(b.knownTenants);
    this.loginPath = b.loginPath;
    this.metrics = b.metrics;
  }

  /** A provider of these issuers; add them with {@link Builder#issuer} or {@link Builder#settings}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The trusted issuers, by name. */
  public Map<String, TrustedIssuer> issuers() {
    Map<String, TrustedIssuer> out = new LinkedHashMap<>();
    byIssuer.values().forEach(v -> out.put(v.issuer().name(), v.issuer()));
    return out;
  }

  @Override
  public CheckResponse check(AuthRequest request) {
    Optional<String> bearer = request.bearerToken();
    if (bearer.isPresent()) {
      Optional<SignedJWT> jwt = parse(bearer.get());
      Optional<IssuerVerifier> verifier = jwt.flatMap(this::verifierOf);
      if (verifier.isPresent()) {
        return check(verifier.get(), jwt.get());
      }
      if (inner.isEmpty()) {
        return invalid();
      }
    }
    return inner.map(p -> p.check(request)).orElseGet(this::anonymous);
  }

  private CheckResponse check(IssuerVerifier verifier, SignedJWT jwt) {
    IssuerVerifier.Result result = verifier.check(jwt);
    metrics.tokenVerified(
        result instanceof IssuerVerifier.Invalid bad
            ? bad.reason()
            : result instanceof IssuerVerifier.Expired
                ? AuthMetrics.TokenResult.EXPIRED
                : AuthMetrics.TokenResult.VALID);
    if (result instanceof IssuerVerifier.Expired) {
      return CheckResponse.unauthenticated(loginPath)
          .withError(AuthError.of("TokenExpired", "The access token expired", 401));
    }
    if (!(result instanceof IssuerVerifier.Valid valid)) {
      return invalid();
    }
    return authentication(verifier.issuer(), valid.claims())
        .map(CheckResponse::authenticated)
        .orElseGet(this::invalid);
  }

  /** The identity and permissions the issuer's mapping gives; empty when its tenant is not one of ours. */
  private Optional<Authentication> authentication(TrustedIssuer issuer, JWTClaimsSet c) {
    Map<String, Object> claims = c.getClaims();
    Optional<String> tenant = issuer.tenant();
    if (issuer.tenantClaim().isPresent()) {
      Object t = TrustedIssuer.at(claims, issuer.tenantClaim().get());
      if (!(t instanceof String s) || !knownTenants.contains(s)) {
        return Optional.empty();
      }
      tenant = Optional.of(s);
    }
    // the issuer's name in front: its subjects are its own, never one of this application's
    // account ids or another issuer's subjects
    Identity.Builder id =
        Identity.builder(issuer.name() + ":" + c.getSubject())
            .attribute("issuer", issuer.name())
            .attribute("subject", c.getSubject());
    string(claims, "name").or(() -> string(claims, "preferred_username")).ifPresent(id::name);
    string(claims, "email").ifPresent(id::email);
    string(claims, "picture").ifPresent(id::avatar);
    string(claims, "preferred_username").ifPresent(u -> id.attribute("username", u));
    tenant.ifPresent(id::tenant);
    Identity identity;
    try {
      identity = id.build();
    } catch (IllegalArgumentException e) {
      // a claim the identity refuses (an id or name too long, a malformed tenant): a bad token
      return Optional.empty();
    }
    Authentication auth =
        Authentication.of(identity, Permissions.of(issuer.permissions(claims)))
            .withScheme("Bearer")
            .withExpiresAt(c.getExpirationTime().toInstant());
    // how and when the person signed in at the provider, as it says (RFC 8176 amr, auth_time):
    // what a step-up (Requirement.withSecondFactorWithin) and a tenant's second-factor policy read
    if (claims.get("amr") instanceof java.util.List<?> amr
        && !amr.isEmpty()
        && amr.stream().allMatch(m -> m instanceof String s && !s.isBlank() && s.length() <= 32)) {
      auth = auth.withMethods(amr.stream().map(String.class::cast).toList());
    }
    if (claims.get("auth_time") instanceof Number n) {
      auth = auth.withAuthenticatedAt(java.time.Instant.ofEpochSecond(n.longValue()));
    }
    return Optional.of(auth);
  }

  private static Optional<String> string(Map<String, Object> claims, String name) {
    return claims.get(name) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  private Optional<IssuerVerifier> verifierOf(SignedJWT jwt) {
    try {
      String iss = jwt.getJWTClaimsSet().getIssuer();
      return Optional.ofNullable(iss == null ? null : byIssuer.get(iss));
    } catch (java.text.ParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<SignedJWT> parse(String token) {
    // one spelling per token, as for refauth's own: a padded or re-encoded signature is another
    // string to the identity cache, never another way in
    if (!JwtVerifier.wellFormed(token)) {
      return Optional.empty();
    }
    try {
      return Optional.of(SignedJWT.parse(token));
    } catch (java.text.ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private CheckResponse invalid() {
    return CheckResponse.unauthenticated(loginPath)
        .withLogout(true)
        .withError(AuthError.of("InvalidToken", "The access token is invalid", 401));
  }

  private CheckResponse anonymous() {
    return CheckResponse.unauthenticated(loginPath)
        .withLogout(true)
        .withError(AuthError.unauthorized());
  }

  @Override
  public AuthActionResponse login(AuthParams params, AuthRequest request) {
    return inner
        .map(p -> p.login(params, request))
        .orElseGet(
            () -> AuthActionResponse.unsupported("login (sign in at the identity provider)"));
  }

  @Override
  public AuthActionResponse logout(AuthParams params, AuthRequest request) {
    return inner.map(p -> p.logout(params, request)).orElseGet(AuthActionResponse::success);
  }

  @Override
  public OnErrorResponse onError(AuthError error, AuthRequest request) {
    return inner
        .map(p -> p.onError(error, request))
        .orElseGet(() -> OnErrorResponse.standard(error, loginPath));
  }

  @Override
  public AuthActionResponse register(AuthParams params, AuthRequest request) {
    return inner
        .map(p -> p.register(params, request))
        .orElseGet(() -> AuthProvider.super.register(params, request));
  }

  @Override
  public AuthActionResponse forgotPassword(AuthParams params, AuthRequest request) {
    return inner
        .map(p -> p.forgotPassword(params, request))
        .orElseGet(() -> AuthProvider.super.forgotPassword(params, request));
  }

  @Override
  public AuthActionResponse updatePassword(AuthParams params, AuthRequest request) {
    return inner
        .map(p -> p.updatePassword(params, request))
        .orElseGet(() -> AuthProvider.super.updatePassword(params, request));
  }

  @Override
  public Optional<Permissions> getPermissions(AuthRequest request) {
    return external(request)
        ? check(request).authentication().map(Authentication::permissions)
        : inner.flatMap(p -> p.getPermissions(request));
  }

  @Override
  public Optional<Identity> getIdentity(AuthRequest request) {
    return external(request)
        ? check(request).authentication().map(Authentication::identity)
        : inner.flatMap(p -> p.getIdentity(request));
  }

  /** Whether the request's credential is a trusted issuer's token (or there is no one else to ask). */
  private boolean external(AuthRequest request) {
    return inner.isEmpty()
        || request
            .bearerToken()
            .flatMap(TrustedIssuersProvider::parse)
            .flatMap(this::verifierOf)
            .isPresent();
  }

  @Override
  public Optional<String> credential(AuthRequest request) {
    Optional<String> bearer = request.bearerToken();
    Optional<String> theirs = inner.flatMap(p -> p.credential(request));
    // asked on every request, cache hits too: when the inner provider keys by the bearer token as
    // well (the token battery does), whose token it is needs no parsing
    if (inner.isEmpty() || bearer.isEmpty() || theirs.equals(bearer)) {
      return inner.isEmpty() ? bearer : theirs;
    }
    return external(request) ? bearer : theirs;
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return type.isInstance(this)
        ? Optional.of(type.cast(this))
        : inner.flatMap(p -> p.unwrap(type));
  }

  @Override
  public void close() {
    inner.ifPresent(AuthProvider::close);
  }

  /** Builds a {@link TrustedIssuersProvider}. */
  public static final class Builder {
    private final Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();
    private @org.jspecify.annotations.Nullable AuthProvider inner;
    private Set<String> knownTenants = Set.of();
    private String loginPath = "/login";
    private Clock clock = Clock.systemUTC();
    private AuthMetrics metrics =
        AuthMetrics.discovered(ClassLoading.contextOr(TrustedIssuersProvider.class));

    private Builder() {}

    /** Where verification results go; by default the {@link AuthMetrics} registered with {@code ServiceLoader}. */
    public Builder metrics(AuthMetrics metrics) {
      this.metrics = Checks.notNull(metrics, "metrics");
      return this;
    }

    /**
     * Trusts this issuer.
     *
     * @throws AuthException if another of the same name or {@code iss} is trusted already
     */
    public Builder issuer(TrustedIssuer issuer) {
      Checks.notNull(issuer, "issuer");
      for (TrustedIssuer other : issuers.values()) {
        if (other.name().equals(issuer.name()) || other.issuer().equals(issuer.issuer())) {
          throw new AuthException(
              "trusted issuers '"
                  + other.name()
                  + "' and '"
                  + issuer.name()
                  + "' have the same name or issuer");
        }
      }
      issuers.put(issuer.name(), issuer);
      return this;
    }

    /**
     * The issuers of these settings (the table of the class javadoc; the provider's settings, {@code issuers.*}
     * among them), with the deployment's {@code tenants} and {@code loginPath}.
     *
     * @throws AuthException naming a missing, unknown, bad or contradictory setting
     */
    public Builder settings(AuthSettings settings) {
      TrustedIssuerSettings.read(settings).forEach(this::issuer);
      knownTenants(GuardSettings.tenants(settings).keySet());
      settings.get(AuthSettings.LOGIN_PATH).ifPresent(p -> this.loginPath = p);
      return this;
    }

    /** The provider behind this one, which answers everything but the trusted issuers' tokens. */
    public Builder inFrontOf(AuthProvider inner) {
      this.inner = Checks.notNull(inner, "inner");
      return this;
    }

    /** The tenants a tenant claim may name (the deployment's {@code tenants}). */
    public Builder knownTenants(Set<String> tenants) {
      this.knownTenants = Set.copyOf(tenants);
      return this;
    }

    /** Where a refused browser goes (default {@code /login}). */
    public Builder loginPath(String loginPath) {
      this.loginPath = Checks.notNull(loginPath, "loginPath");
      return this;
    }

    /** The clock tokens' times are checked against (tests). */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * The provider.
     *
     * @throws AuthException when no issuer is trusted
     */
    public TrustedIssuersProvider build() {
      if (issuers.isEmpty()) {
        throw new AuthException("trust at least one issuer");
      }
      for (TrustedIssuer i : issuers.values()) {
        if (i.tenant().isPresent() && !knownTenants.contains(i.tenant().get())) {
          throw new AuthException(
              "trusted issuer '"
                  + i.name()
                  + "': its tenant '"
                  + i.tenant().get()
                  + "' is not one of the known tenants "
                  + knownTenants);
        }
      }
      return new TrustedIssuersProvider(this);
    }
  }
}
