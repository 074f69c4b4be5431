package dev.refauth.social;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import dev.refauth.core.AuthException;
import dev.refauth.core.internal.Urls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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

  private enum Kind {
    OIDC,
    GITHUB
  }

  private final String name;
  private final String displayName;
  private final Issuer issuer;
  private final ClientID clientId;
  private final Secret secret;
  private final Scope scope;
  private final int timeoutMillis;
  private final ProviderProtocol protocol;
  private final boolean logoutAtProvider;
  private final boolean keepTokens;

  private SocialProvider(Builder b) {
    this.name = b.name;
    this.displayName = b.displayName;
    this.issuer = new Issuer(b.issuer);
    if (b.clientId == null || b.clientId.isBlank()) {
      throw new AuthException("social provider '" + b.name + "' needs a client id");
    }
    if (b.clientSecret == null || b.clientSecret.isEmpty()) {
      throw new AuthException("social provider '" + b.name + "' needs a client secret");
    }
    this.clientId = new ClientID(b.clientId);
    this.logoutAtProvider = b.logoutAtProvider;
    this.keepTokens = b.keepTokens;
    this.secret = new Secret(b.clientSecret);
    this.scope = new Scope(b.scopes.toArray(String[]::new));
    this.timeoutMillis = (int) b.timeout.toMillis();
    this.protocol =
        b.kind == Kind.OIDC
            ? new OidcProtocol(this, b.endpoints)
            : new GitHubProtocol(this, Objects.requireNonNull(b.endpoints), b.githubApi);
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
    return protocol.authorizationUrl(
        redirectUri, new State(state), nonce, new CodeVerifier(codeVerifier));
  }

  /** Exchanges the code (with the attempt's PKCE verifier) and returns the verified person (by the attempt's nonce). */
  ProviderProtocol.Exchanged exchange(
      String code, String nonce, String codeVerifier, URI redirectUri, Clock clock)
      throws SocialLoginException {
    AuthorizationCodeGrant grant =
        new AuthorizationCodeGrant(
            new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier));
    return protocol.exchange(grant, nonce, clock);
  }

  /** A logout token of this OpenID provider, checked ({@link OidcProtocol#verifyLogoutToken}); GitHub has none. */
  LogoutTokenClaimsSet verifyLogoutToken(String token, Clock clock, Duration maxAge)
      throws SocialLoginException {
    if (!(protocol instanceof OidcProtocol oidc)) {
      throw new SocialLoginException(name + " is not an OpenID provider", false);
    }
    return oidc.verifyLogoutToken(token, clock, maxAge);
  }

  /**
   * Where signing out sends the browser to end this provider's session too (RP-initiated logout, with {@code
   * client_id} and {@code post_logout_redirect_uri}); empty when it is off for this provider, or the provider has no
   * end-session endpoint.
   */
  Optional<URI> endSessionUrl(URI postLogoutRedirect) {
    if (!logoutAtProvider || !(protocol instanceof OidcProtocol oidc)) {
      return Optional.empty();
    }
    try {
      return oidc.endSession()
          .map(
              end ->
                  URI.create(
                      end
                          + (end.getRawQuery() == null ? "?" : "&")
                          + "client_id="
                          + URLEncoder.encode(clientId.getValue(), StandardCharsets.UTF_8)
                          + "&post_logout_redirect_uri="
                          + URLEncoder.encode(
                              postLogoutRedirect.toString(), StandardCharsets.UTF_8)));
    } catch (SocialLoginException unreachable) {
      return Optional.empty();
    }
  }

  /**
   * Whether a callback must carry {@code iss}: the provider's discovery document says it sends one (RFC 9207, section
   * 2.4: a client then refuses a response without it).
   */
  boolean requiresIssuerInResponse() throws SocialLoginException {
    return protocol instanceof OidcProtocol oidc && oidc.issuerInResponse();
  }

  /** Whether the person's tokens at this provider are kept with the login ({@link Builder#keepTokens}). */
  boolean keepsTokens() {
    return keepTokens;
  }

  /** New tokens for a kept refresh token (OpenID providers). */
  UpstreamTokens refresh(String refreshToken, Clock clock) throws SocialLoginException {
    if (!(protocol instanceof OidcProtocol oidc)) {
      throw new SocialLoginException(name + " is not an OpenID provider", false);
    }
    return oidc.refresh(refreshToken, clock);
  }

  /** An OpenID provider's ID token check (see the class javadoc); GitHub has none. */
  JWTClaimsSet verifyIdToken(JWT idToken, String expectedNonce, Clock clock)
      throws SocialLoginException {
    if (!(protocol instanceof OidcProtocol oidc)) {
      throw new SocialLoginException(name + " is not an OpenID provider", false);
    }
    return oidc.verifyIdToken(idToken, expectedNonce, clock);
  }

  ClientID clientId() {
    return clientId;
  }

  Secret secret() {
    return secret;
  }

  Scope scope() {
    return scope;
  }

  int timeoutMillis() {
    return timeoutMillis;
  }

  /** Redeems an authorization code at the token endpoint, authenticated as this client. */
  HTTPResponse redeem(URI tokenEndpoint, ClientAuthentication auth, AuthorizationCodeGrant grant)
      throws SocialLoginException {
    HTTPRequest request =
        new TokenRequest.Builder(tokenEndpoint, auth, grant).build().toHTTPRequest();
    request.setAccept("application/json");
    return send(request, "token request");
  }

  HTTPResponse send(HTTPRequest request, String what) throws SocialLoginException {
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

  static SocialLoginException refused(TokenErrorResponse error) {
    return new SocialLoginException(
        "token request refused: " + error.getErrorObject().getCode(), false);
  }

  private static String httpsOrLocal(String url, String what) {
    if (Urls.httpsOrLocal(url, false).isEmpty()) {
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
    private boolean logoutAtProvider;
    private boolean keepTokens;
    private @Nullable ProviderEndpoints endpoints;
    private URI githubApi = URI.create("https://api.github.com");

    private Builder(String name, Kind kind, String issuer) {
      this.kind = kind;
      this.issuer = issuer;
      name(name);
      if (kind == Kind.GITHUB) {
        endpoints =
            new ProviderEndpoints(
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
    /**
     * Whether signing out of the application also ends the person's session at this provider (RP-initiated logout,
     * OpenID providers with an end-session endpoint): the sign-out's {@code redirectTo} is then the provider's, which
     * returns the browser to the login page. Default false: signing out of one application leaves the person signed
     * in at their identity provider (and in its other applications).
     */
    public Builder logoutAtProvider(boolean on) {
      this.logoutAtProvider = on;
      return this;
    }

    /**
     * Keeps the person's tokens at this OpenID provider with the login, sealed, so that the application can call the
     * provider's APIs on their behalf ({@link SocialLoginProvider#upstreamAccessToken}); refreshed with the provider's
     * refresh token when the access token expires. Default false: nothing of the provider's is kept.
     */
    public Builder keepTokens(boolean on) {
      this.keepTokens = on;
      return this;
    }

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
      this.endpoints = new ProviderEndpoints(authorization, token, Optional.ofNullable(jwks));
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
