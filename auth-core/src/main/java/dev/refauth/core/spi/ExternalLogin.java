package dev.refauth.core.spi;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;

/**
 * A provider that signs people in at another site. The start is Refine's {@code login({providerName})}; the
 * return is this callback, which the auth API calls for {@code GET /auth/{providerName}/callback} and nothing
 * else calls: no body sent to {@code /auth/login} can reach it.
 */
public interface ExternalLogin {

  /**
   * Completes a sign-in the provider sent the browser back from.
   *
   * @param providerName the configured provider's name
   * @param query the callback's query parameters ({@code code}, {@code state}, {@code error}, {@code iss})
   * @return a success that redirects into the app with the new session's cookies, or the refusal
   */
  AuthActionResponse callback(String providerName, AuthParams query, AuthRequest request);

  /**
   * Ends the sessions a provider's server says have ended (OpenID Connect Back-Channel Logout 1.0): the auth API
   * calls it for {@code POST /auth/{providerName}/backchannel-logout}, with the form's {@code logout_token}. The
   * default supports none.
   *
   * @param form the form's parameters ({@code logout_token})
   * @return a success when the token was valid and its sessions are ended (or there were none); a 400 failure for a
   *     token that is not valid, used before, or of a provider that has no back-channel logout
   */
  default AuthActionResponse backChannelLogout(
      String providerName, AuthParams form, AuthRequest request) {
    return AuthActionResponse.unsupported("back-channel logout");
  }
}
