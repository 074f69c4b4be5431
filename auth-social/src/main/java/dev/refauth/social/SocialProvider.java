package dev.refauth.social;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.refauth.core.AuthException;
import dev.refauth.core.SecureTokens;
import dev.refauth.core.spi.ExternalIdentity;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One social login provider: an OpenID Connect provider (Google, Keycloak, Auth0, Okta, Entra ID, ... by
 * issuer URL, endpoints from discovery) or GitHub (plain OAuth 2.0; the person is read from its
 * {@code /user} and {@code /user/emails} API). Immutable once built; discovery and the provider's JWK set
 * are fetched on first use and cached (keys refreshed when an unknown {@code kid} shows up, rate-limited).
 *
 * <p>Every request uses the authorization-code flow with PKCE (S256) and a {@code state}; OIDC adds a
 * {@code nonce}. An ID token is accepted only with a signature by a key of the provider's JWK set (RS256,
 * RS384, RS512, PS256, ES256, ES384, ES512; never {@code none} or HMAC), {@code iss} exactly the configured
 * issuer, {@code aud} containing the client id, {@code azp} (when present) the client id, an unexpired
 * {@code exp}, and the attempt's {@code nonce}.
 *
 * <p>The client secret is never logged and never shown by {@link #toString()}.
 */
public final class SocialProvider {
  /** Names are path segments: {@code /auth/{name}}. */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** The issuer GitHub identities are keyed under. */
  public static final String GITHUB_ISSUER = "https://github.com";

  private static final Set<JWSAlgorithm> ID_TOKEN_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);
  private static final System.Logger LOG = System.getLogger(SocialProvider.class.getName());

  private enum Kind {
    OIDC,
    GITHUB
  }

  private final String name;
  private final String displayName;
  private final Kind kind;
  private final Issuer issuer;
  private final ClientID clientId;
  private final Secret secret;
  private final Scope scope;
  private final int timeoutMillis;
  private final URI githubApi;
  private final @Nullable Endpoints configured;
  private volatile @Nullable Endpoints endpoints;
  private volatile @Nullable JWKSource<SecurityContext> keys;

  /** Where the provider's protocol endpoints are. */
  private record Endpoints(URI authorization, URI token, Optional<URI> jwks) {}

  private SocialProvider(Builder b) {
    this.name = b.name;
    this.displayName = b.displayName;
    this.kind = b.kind;
    this.issuer = new Issuer(b.issuer);
    if (b.clientId == null || b.clientId.isBlank()) {
      throw new AuthException("social provider '" + b.name + "' needs a client id");
    }
    if (b.clientSecret == null || b.clientSecret.isEmpty()) {
      throw new AuthException("social provider '" + b.name + "' needs a client secret");
    }
    this.clientId = new ClientID(b.clientId);
    this.secret = new Secret(b.clientSecret);
    this.scope = new Scope(b.scopes.toArray(String[]::new));
    this.timeoutMillis = (int) b.timeout.toMillis();
    this.githubApi = b.githubApi;
    this.configured = b.endpoints;
    this.endpoints = b.endpoints;
  }

  /**
   * Any OpenID Connect provider by its issuer URL ({@code https://idp.example.com/realms/acme}); the
   * endpoints come from {@code /.well-known/openid-configuration}, whose {@code issuer} must match exactly.
   */
  public static Builder oidc(String name, String issuerUrl) {
    return new Builder(name, Kind.OIDC, httpsOrLocal(issuerUrl, "issuer"));
  }

  /** Google (OIDC, {@code https://accounts.google.com}). */
  public static Builder google() {
    return oidc("google", "https://accounts.google.com").displayName("Google");
  }

  /** GitHub (OAuth 2.0 apps and GitHub apps; scopes {@code read:user user:email}). */
  public static Builder github() {
    return new Builder("github", Kind.GITHUB, GITHUB_ISSUER)
        .displayName("GitHub")
        .scopes("read:user", "user:email");
  }

  /** The name in {@code /auth/{name}} and in Refine's {@code login({providerName})}. */
  public String name() {
    return name;
  }

  /** What the "Sign in with ..." button says. */
  public String displayName() {
    return displayName;
  }

  /** The issuer identities of this provider are keyed under. */
  public String issuer() {
    return issuer.getValue();
  }

  @Override
  public String toString() {
    return "SocialProvider[" + name + ", " + issuer + ", client " + clientId + "]";
  }

  /** The authorization request URL: code flow, PKCE S256, state, and (OIDC) nonce. */
  URI authorizationUrl(URI redirectUri, String state, String nonce, String codeVerifier)
      throws SocialLoginException {
    Endpoints e = endpoints();
    CodeVerifier verifier = new CodeVerifier(codeVerifier);
    if (kind == Kind.OIDC) {
      return new AuthenticationRequest.Builder(ResponseType.CODE, scope, clientId, redirectUri)
          .endpointURI(e.authorization())
          .state(new State(state))
          .nonce(new Nonce(nonce))
          .codeChallenge(verifier, CodeChallengeMethod.S256)
          .build()
          .toURI();
    }
    return new AuthorizationRequest.Builder(ResponseType.CODE, clientId)
        .redirectionURI(redirectUri)
        .scope(scope)
        .endpointURI(e.authorization())
        .state(new State(state))
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /** Exchanges the code (with the attempt's PKCE verifier) and returns the verified person (by the attempt's nonce). */
  ExternalIdentity exchange(
      String code, String nonce, String codeVerifier, URI redirectUri, Clock clock)
      throws SocialLoginException {
    Endpoints e = endpoints();
    AuthorizationCodeGrant grant =
        new AuthorizationCodeGrant(
            new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier));
    ClientAuthentication auth =
        kind == Kind.GITHUB
            ? new ClientSecretPost(clientId, secret)
            : new ClientSecretBasic(clientId, secret);
    HTTPRequest request = new TokenRequest.Builder(e.token(), auth, grant).build().toHTTPRequest();
    request.setAccept("application/json");
    HTTPResponse response = send(request, "token request");
    try {
      if (kind == Kind.GITHUB) {
        TokenResponse parsed = TokenResponse.parse(response);
        if (!parsed.indicatesSuccess()) {
          throw refused(parsed.toErrorResponse());
        }
        return githubUser(parsed.toSuccessResponse().getTokens().getBearerAccessToken());
      }
      TokenResponse parsed = OIDCTokenResponseParser.parse(response);
      if (!parsed.indicatesSuccess()) {
        throw refused(parsed.toErrorResponse());
      }
      JWT idToken = ((OIDCTokenResponse) parsed.toSuccessResponse()).getOIDCTokens().getIDToken();
      if (idToken == null) {
        throw new SocialLoginException("the token response has no ID token", false);
      }
      return fromIdToken(verifyIdToken(idToken, nonce, clock));
    } catch (ParseException | ClassCastException malformed) {
      throw new SocialLoginException("malformed token response: " + malformed.getMessage(), false);
    }
  }

  /** Checks an ID token as the class javadoc says and returns its claims. */
  JWTClaimsSet verifyIdToken(JWT idToken, String expectedNonce, Clock clock)
      throws SocialLoginException {
    if (!(idToken instanceof SignedJWT signed)) {
      throw new SocialLoginException("the ID token is not signed", false);
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(new HashSet<>(ID_TOKEN_ALGORITHMS), jwkSource()));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            clientId.getValue(),
            new JWTClaimsSet.Builder().issuer(issuer.getValue()).build(),
            new HashSet<>(Set.of("sub", "iat", "exp", "nonce"))) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew(60);
    processor.setJWTClaimsSetVerifier(claims);
    JWTClaimsSet set;
    try {
      set = processor.process(signed, null);
    } catch (BadJOSEException | JOSEException bad) {
      throw new SocialLoginException("ID token refused: " + bad.getMessage(), false);
    }
    Object azp = set.getClaim("azp");
    if (azp != null && !clientId.getValue().equals(azp)) {
      throw new SocialLoginException("ID token refused: azp is another client", false);
    }
    if (set.getAudience().size() > 1 && azp == null) {
      throw new SocialLoginException("ID token refused: several audiences and no azp", false);
    }
    Object nonce = set.getClaim("nonce");
    if (!(nonce instanceof String n) || !SecureTokens.constantTimeEquals(n, expectedNonce)) {
      throw new SocialLoginException("ID token refused: nonce does not match this attempt", false);
    }
    return set;
  }

  private ExternalIdentity fromIdToken(JWTClaimsSet c) throws SocialLoginException {
    try {
      Boolean verified = c.getBooleanClaim("email_verified");
      return new ExternalIdentity(
          name,
          issuer.getValue(),
          c.getSubject(),
          Optional.ofNullable(c.getStringClaim("email")),
          Boolean.TRUE.equals(verified),
          Optional.ofNullable(c.getStringClaim("name")),
          Optional.ofNullable(c.getStringClaim("picture")));
    } catch (java.text.ParseException | IllegalArgumentException e) {
      throw new SocialLoginException("ID token refused: malformed claims", false);
    }
  }

  private ExternalIdentity githubUser(BearerAccessToken token) throws SocialLoginException {
    try {
      Map<String, Object> user = githubGet("/user", token).getBodyAsJSONObject();
      Object id = user.get("id");
      if (!(id instanceof Number)) {
        throw new SocialLoginException("GitHub /user has no numeric id", false);
      }
      Optional<String> email = Optional.empty();
      boolean verified = false;
      for (Object o : githubGet("/user/emails", token).getBodyAsJSONArray()) {
        if (o instanceof Map<?, ?> m
            && Boolean.TRUE.equals(m.get("primary"))
            && m.get("email") instanceof String address) {
          email = Optional.of(address);
          verified = Boolean.TRUE.equals(m.get("verified"));
        }
      }
      Optional<String> display =
          Optional.ofNullable(user.get("name") instanceof String n ? n : null)
              .or(() -> Optional.ofNullable(user.get("login") instanceof String l ? l : null));
      return new ExternalIdentity(
          name,
          issuer.getValue(),
          String.valueOf(((Number) id).longValue()),
          email,
          verified,
          display,
          Optional.ofNullable(user.get("avatar_url") instanceof String a ? a : null));
    } catch (ParseException malformed) {
      throw new SocialLoginException("malformed GitHub API answer", false);
    }
  }

  private HTTPResponse githubGet(String path, BearerAccessToken token) throws SocialLoginException {
    HTTPRequest request =
        new HTTPRequest(
            HTTPRequest.Method.GET,
            githubApi.resolve(githubApi.getPath().replaceAll("/$", "") + path));
    request.setAuthorization(token.toAuthorizationHeader());
    request.setAccept("application/vnd.github+json");
    HTTPResponse response = send(request, "GitHub " + path);
    if (!response.indicatesSuccess()) {
      throw new SocialLoginException(
          "GitHub " + path + " answered " + response.getStatusCode(), false);
    }
    return response;
  }

  private HTTPResponse send(HTTPRequest request, String what) throws SocialLoginException {
    request.setConnectTimeout(timeoutMillis);
    request.setReadTimeout(timeoutMillis);
    request.setFollowRedirects(false);
    try {
      return request.send();
    } catch (IOException e) {
      throw new SocialLoginException(
          what + " to " + name + " failed: " + e.getClass().getSimpleName(), true);
    }
  }

  private static SocialLoginException refused(TokenErrorResponse error) {
    return new SocialLoginException(
        "token request refused: " + error.getErrorObject().getCode(), false);
  }

  private Endpoints endpoints() throws SocialLoginException {
    Endpoints e = endpoints;
    if (e != null) {
      return e;
    }
    synchronized (this) {
      if (endpoints == null) {
        try {
          OIDCProviderMetadata m =
              OIDCProviderMetadata.resolve(issuer, timeoutMillis, timeoutMillis);
          if (m.getAuthorizationEndpointURI() == null
              || m.getTokenEndpointURI() == null
              || m.getJWKSetURI() == null) {
            throw new SocialLoginException(
                "the discovery document of " + issuer + " lacks an endpoint", true);
          }
          endpoints =
              new Endpoints(
                  m.getAuthorizationEndpointURI(),
                  m.getTokenEndpointURI(),
                  Optional.of(m.getJWKSetURI()));
          LOG.log(
              System.Logger.Level.INFO,
              "social provider {0}: discovered the endpoints of {1}",
              name,
              issuer);
        } catch (GeneralException | IOException | RuntimeException e2) {
          throw new SocialLoginException(
              "discovery of " + issuer + " failed: " + e2.getClass().getSimpleName(), true);
        }
      }
      return endpoints;
    }
  }

  private JWKSource<SecurityContext> jwkSource() throws SocialLoginException {
    JWKSource<SecurityContext> k = keys;
    if (k == null) {
      URI jwks =
          endpoints()
              .jwks()
              .orElseThrow(() -> new SocialLoginException("no JWK set for " + name, true));
      try {
        URL url = jwks.toURL();
        k =
            JWKSourceBuilder.<SecurityContext>create(
                    url, new DefaultResourceRetriever(timeoutMillis, timeoutMillis, 512 * 1024))
                .retrying(false)
                .build();
      } catch (MalformedURLException e) {
        throw new SocialLoginException("bad JWK set URL for " + name, true);
      }
      keys = k;
    }
    return k;
  }

  /** Whether endpoints were given rather than discovered (for tests and diagnostics). */
  boolean hasConfiguredEndpoints() {
    return configured != null;
  }

  private static String httpsOrLocal(String url, String what) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new AuthException("the social provider's " + what + " is not a URL: " + url);
    }
    boolean local =
        "http".equals(u.getScheme())
            && ("localhost".equals(u.getHost()) || "127.0.0.1".equals(u.getHost()));
    if (!("https".equals(u.getScheme()) || local)
        || u.getHost() == null
        || u.getRawQuery() != null
        || u.getRawFragment() != null) {
      throw new AuthException(
          "the social provider's "
              + what
              + " must be an https URL (http only for localhost): "
              + url);
    }
    return url;
  }

  /** Builds a {@link SocialProvider}. */
  public static final class Builder {
    private final Kind kind;
    private final String issuer;
    private String name;
    private String displayName;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private List<String> scopes = List.of("openid", "email", "profile");
    private Duration timeout = Duration.ofSeconds(5);
    private @Nullable Endpoints endpoints;
    private URI githubApi = URI.create("https://api.github.com");

    private Builder(String name, Kind kind, String issuer) {
      this.kind = kind;
      this.issuer = issuer;
      name(name);
      if (kind == Kind.GITHUB) {
        endpoints =
            new Endpoints(
                URI.create("https://github.com/login/oauth/authorize"),
                URI.create("https://github.com/login/oauth/access_token"),
                Optional.empty());
      }
    }

    /** Another name for this provider (several Keycloak realms, say); a path segment matching {@link #NAME}. */
    public Builder name(String name) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new AuthException("a social provider name must match " + NAME + ": " + name);
      }
      this.name = name;
      if (displayName == null) {
        displayName = name;
      }
      return this;
    }

    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    /** The client registered with the provider (the secret is never logged). */
    public Builder client(String clientId, String clientSecret) {
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      return this;
    }

    /** Requested scopes (OIDC default {@code openid email profile}; {@code openid} is always kept). */
    public Builder scopes(String... scopes) {
      Set<String> s = new HashSet<>(List.of(scopes));
      if (kind == Kind.OIDC) {
        s.add("openid");
      }
      this.scopes = List.copyOf(s);
      return this;
    }

    /** Connect and read timeout of every call to the provider (default 5 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new AuthException("social provider timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The endpoints given here instead of discovery (OIDC) or the GitHub defaults; {@code jwks} is required
     * for OIDC and unused for GitHub.
     */
    public Builder endpoints(URI authorization, URI token, URI jwks) {
      if (kind == Kind.OIDC && jwks == null) {
        throw new AuthException("an OIDC provider needs its JWK set URL");
      }
      this.endpoints = new Endpoints(authorization, token, Optional.ofNullable(jwks));
      return this;
    }

    /** GitHub's REST API base (default {@code https://api.github.com}; GitHub Enterprise: {@code https://host/api/v3}). */
    public Builder githubApi(URI api) {
      if (kind != Kind.GITHUB) {
        throw new AuthException("githubApi is for the GitHub provider only");
      }
      this.githubApi = api;
      return this;
    }

    public SocialProvider build() {
      return new SocialProvider(this);
    }
  }
}
