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
}
