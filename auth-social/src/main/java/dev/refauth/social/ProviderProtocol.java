package dev.refauth.social;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.refauth.core.spi.ExternalIdentity;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** How one kind of provider speaks: OpenID Connect, or GitHub's OAuth 2.0 and REST API. */
sealed interface ProviderProtocol permits OidcProtocol, GitHubProtocol {

  /** The authorization request URL: code flow, PKCE S256, state, and (OIDC) nonce. */
  URI authorizationUrl(URI redirectUri, State state, String nonce, CodeVerifier verifier)
      throws SocialLoginException;

  /**
   * Redeems the grant and returns the verified person (OIDC: by the attempt's nonce), with the provider's tokens when
   * they are to be kept.
   */
  Exchanged exchange(AuthorizationCodeGrant grant, String nonce, Clock clock)
      throws SocialLoginException;

  /** What a code was exchanged for. */
  record Exchanged(ExternalIdentity identity, Optional<UpstreamTokens> tokens) {}
}
