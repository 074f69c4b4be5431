package dev.refauth.social;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import dev.refauth.core.spi.ExternalIdentity;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub: plain OAuth 2.0 (the code exchange, client secret in the body), then the person from the REST API:
 * {@code /user} for the stable numeric id, name and avatar, {@code /user/emails} for the primary address and whether
 * GitHub verified it.
 */
final class GitHubProtocol implements ProviderProtocol {
  private final SocialProvider provider;
  private final ProviderEndpoints endpoints;
  private final URI api;

  GitHubProtocol(SocialProvider provider, ProviderEndpoints endpoints, URI api) {
    this.provider = provider;
    this.endpoints = endpoints;
    this.api = api;
  }

  @Override
  public URI authorizationUrl(URI redirectUri, State state, String nonce, CodeVerifier verifier) {
    return new AuthorizationRequest.Builder(ResponseType.CODE, provider.clientId())
        .redirectionURI(redirectUri)
        .scope(provider.scope())
        .endpointURI(endpoints.authorization())
        .state(state)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  @Override
  public Exchanged exchange(AuthorizationCodeGrant grant, String nonce, Clock clock)
      throws SocialLoginException {
    HTTPResponse response =
        provider.redeem(
            endpoints.token(), new ClientSecretPost(provider.clientId(), provider.secret()), grant);
    try {
      TokenResponse parsed = TokenResponse.parse(response);
      if (!parsed.indicatesSuccess()) {
        throw SocialProvider.refused(parsed.toErrorResponse());
      }
      return new Exchanged(
          user(parsed.toSuccessResponse().getTokens().getBearerAccessToken()), Optional.empty());
    } catch (ParseException | ClassCastException malformed) {
      throw new SocialLoginException("malformed token response: " + malformed.getMessage(), false);
    }
  }

  private ExternalIdentity user(BearerAccessToken token) throws SocialLoginException {
    try {
      Map<String, Object> user = get("/user", token).getBodyAsJSONObject();
      Object id = user.get("id");
      if (!(id instanceof Number)) {
        throw new SocialLoginException("GitHub /user has no numeric id", false);
      }
      Optional<String> email = Optional.empty();
      boolean verified = false;
      for (Object o : get("/user/emails", token).getBodyAsJSONArray()) {
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
          provider.name(),
          provider.issuer(),
          String.valueOf(((Number) id).longValue()),
          email,
          verified,
          display,
          Optional.ofNullable(user.get("avatar_url") instanceof String a ? a : null));
    } catch (ParseException malformed) {
      throw new SocialLoginException("malformed GitHub API answer", false);
    }
  }

  private HTTPResponse get(String path, BearerAccessToken token) throws SocialLoginException {
    HTTPRequest request =
        new HTTPRequest(
            HTTPRequest.Method.GET, api.resolve(api.getPath().replaceAll("/$", "") + path));
    request.setAuthorization(token.toAuthorizationHeader());
    request.setAccept("application/vnd.github+json");
    HTTPResponse response = provider.send(request, "GitHub " + path);
    if (!response.indicatesSuccess()) {
      throw new SocialLoginException(
          "GitHub " + path + " answered " + response.getStatusCode(), false);
    }
    return response;
  }
}
