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
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.core.spi.ExternalIdentity;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * OpenID Connect: the endpoints from the issuer's discovery document (or given), the ID token checked as
 * {@link SocialProvider} describes, its keys from the provider's JWK set (fetched on first use, refreshed on an
 * unknown {@code kid}).
 */
final class OidcProtocol implements ProviderProtocol {
  private static final System.Logger LOG = System.getLogger(SocialProvider.class.getName());
  private static final Set<JWSAlgorithm> ID_TOKEN_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private final SocialProvider provider;
  private volatile @Nullable ProviderEndpoints endpoints;
  private volatile @Nullable JWKSource<SecurityContext> keys;

  OidcProtocol(SocialProvider provider, @Nullable ProviderEndpoints configured) {
    this.provider = provider;
    this.endpoints = configured;
  }

  @Override
  public URI authorizationUrl(URI redirectUri, State state, String nonce, CodeVerifier verifier)
      throws SocialLoginException {
    return new AuthenticationRequest.Builder(
            ResponseType.CODE, provider.scope(), provider.clientId(), redirectUri)
        .endpointURI(endpoints().authorization())
        .state(state)
        .nonce(new Nonce(nonce))
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  @Override
  public Exchanged exchange(AuthorizationCodeGrant grant, String nonce, Clock clock)
      throws SocialLoginException {
    HTTPResponse response =
        provider.redeem(
            endpoints().token(),
            new ClientSecretBasic(provider.clientId(), provider.secret()),
            grant);
    try {
      TokenResponse parsed = OIDCTokenResponseParser.parse(response);
      if (!parsed.indicatesSuccess()) {
        throw SocialProvider.refused(parsed.toErrorResponse());
      }
      OIDCTokens tokens = ((OIDCTokenResponse) parsed.toSuccessResponse()).getOIDCTokens();
      JWT idToken = tokens.getIDToken();
      if (idToken == null) {
        throw new SocialLoginException("the token response has no ID token", false);
      }
      ExternalIdentity identity = fromIdToken(verifyIdToken(idToken, nonce, clock));
      return new Exchanged(
          identity,
          provider.keepsTokens() ? Optional.of(upstream(tokens, clock)) : Optional.empty());
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
            provider.clientId().getValue(),
            new JWTClaimsSet.Builder().issuer(provider.issuer()).build(),
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
    if (azp != null && !provider.clientId().getValue().equals(azp)) {
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

  /**
   * A logout token (OpenID Connect Back-Channel Logout 1.0, 2.6), checked by the SDK's validator: signed by a key of
   * the provider's JWK set with an ID token's algorithm, {@code iss} the issuer, {@code aud} this client, {@code iat},
   * {@code jti}, the back-channel logout event, {@code sid} or {@code sub}, and no {@code nonce}; and here, issued
   * within {@code maxAge} (within a minute's skew).
   */
  LogoutTokenClaimsSet verifyLogoutToken(String token, Clock clock, Duration maxAge)
      throws SocialLoginException {
    try {
      LogoutTokenClaimsSet claims =
          new LogoutTokenValidator(
                  new Issuer(provider.issuer()),
                  provider.clientId(),
                  false,
                  new JWSVerificationKeySelector<>(new HashSet<>(ID_TOKEN_ALGORITHMS), jwkSource()),
                  null)
              .validate(SignedJWT.parse(token));
      long iat = claims.getIssueTime().getTime();
      long now = clock.millis();
      if (iat < now - maxAge.toMillis() - 60_000 || iat > now + 60_000) {
        throw new SocialLoginException("logout token refused: issued too long ago or ahead", false);
      }
      return claims;
    } catch (java.text.ParseException | BadJOSEException | JOSEException | RuntimeException bad) {
      throw new SocialLoginException(
          "logout token refused: " + bad.getClass().getSimpleName(), false);
    }
  }

  /**
   * New tokens for a kept refresh token (the refresh token grant, this client's secret); the provider may rotate the
   * refresh token, else the old one stays.
   */
  UpstreamTokens refresh(String refreshToken, Clock clock) throws SocialLoginException {
    HTTPRequest request =
        new TokenRequest.Builder(
                endpoints().token(),
                new ClientSecretBasic(provider.clientId(), provider.secret()),
                new RefreshTokenGrant(new RefreshToken(refreshToken)))
            .build()
            .toHTTPRequest();
    request.setAccept("application/json");
    HTTPResponse response = provider.send(request, "refresh request");
    try {
      TokenResponse parsed = TokenResponse.parse(response);
      if (!parsed.indicatesSuccess()) {
        throw SocialProvider.refused(parsed.toErrorResponse());
      }
      Tokens t = parsed.toSuccessResponse().getTokens();
      UpstreamTokens fresh = upstream(t, clock);
      return fresh.refreshToken().isPresent()
          ? fresh
          : new UpstreamTokens(fresh.accessToken(), fresh.expiresAt(), Optional.of(refreshToken));
    } catch (ParseException malformed) {
      throw new SocialLoginException("malformed refresh response", false);
    }
  }

  private static UpstreamTokens upstream(Tokens t, Clock clock) {
    long lifetime = t.getAccessToken().getLifetime();
    return new UpstreamTokens(
        t.getAccessToken().getValue(),
        clock.instant().plusSeconds(lifetime > 0 ? lifetime : 300),
        Optional.ofNullable(t.getRefreshToken()).map(r -> r.getValue()));
  }

  /** Whether the provider says it sends {@code iss} in its authorization responses (RFC 9207). */
  boolean issuerInResponse() throws SocialLoginException {
    return endpoints().issuerInResponse();
  }

  /** The provider's end-session endpoint (RP-initiated logout), when its discovery document names one. */
  Optional<URI> endSession() throws SocialLoginException {
    return endpoints().endSession();
  }

  private ExternalIdentity fromIdToken(JWTClaimsSet c) throws SocialLoginException {
    try {
      Boolean verified = c.getBooleanClaim("email_verified");
      return new ExternalIdentity(
          provider.name(),
          provider.issuer(),
          c.getSubject(),
          Optional.ofNullable(c.getStringClaim("email")),
          Boolean.TRUE.equals(verified),
          Optional.ofNullable(c.getStringClaim("name")),
          Optional.ofNullable(c.getStringClaim("picture")),
          Optional.ofNullable(c.getStringClaim("sid")));
    } catch (java.text.ParseException | IllegalArgumentException e) {
      throw new SocialLoginException("ID token refused: malformed claims", false);
    }
  }

  private ProviderEndpoints endpoints() throws SocialLoginException {
    ProviderEndpoints e = endpoints;
    if (e != null) {
      return e;
    }
    synchronized (this) {
      if (endpoints == null) {
        try {
          OIDCProviderMetadata m =
              OIDCProviderMetadata.resolve(
                  new Issuer(provider.issuer()),
                  provider.timeoutMillis(),
                  provider.timeoutMillis());
          if (m.getAuthorizationEndpointURI() == null
              || m.getTokenEndpointURI() == null
              || m.getJWKSetURI() == null) {
            throw new SocialLoginException(
                "the discovery document of " + provider.issuer() + " lacks an endpoint", true);
          }
          endpoints =
              new ProviderEndpoints(
                  m.getAuthorizationEndpointURI(),
                  m.getTokenEndpointURI(),
                  Optional.of(m.getJWKSetURI()),
                  Optional.ofNullable(m.getEndSessionEndpointURI()),
                  m.supportsAuthorizationResponseIssuerParam());
          LOG.log(
              System.Logger.Level.INFO,
              "social provider {0}: discovered the endpoints of {1}",
              provider.name(),
              provider.issuer());
        } catch (GeneralException | IOException | RuntimeException e2) {
          throw new SocialLoginException(
              "discovery of " + provider.issuer() + " failed: " + e2.getClass().getSimpleName(),
              true);
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
              .orElseThrow(
                  () -> new SocialLoginException("no JWK set for " + provider.name(), true));
      try {
        URL url = jwks.toURL();
        k =
            JWKSourceBuilder.<SecurityContext>create(
                    url,
                    new DefaultResourceRetriever(
                        provider.timeoutMillis(), provider.timeoutMillis(), 512 * 1024))
                .retrying(false)
                .build();
      } catch (MalformedURLException e) {
        throw new SocialLoginException("bad JWK set URL for " + provider.name(), true);
      }
      keys = k;
    }
    return k;
  }
}
