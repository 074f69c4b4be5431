package dev.refauth.core;

import java.util.Optional;

/**
 * Refine's {@code AuthProvider}, server side: the one contract that decides who is authenticated, what a
 * login or an error means and where a user goes next.
 *
 * <p>The four required methods are abstract; the five optional ones default to a well-formed "not
 * supported" answer (a 501 {@code NotSupported} failure, or an empty identity or permission set), never
 * an exception.
 *
 * <p><b>Always answer.</b> As in Refine, where every method resolves, a provider returns a response
 * value for wrong credentials, expired tokens and missing permissions. It throws {@link AuthException}
 * only for misconfiguration or an infrastructure failure (a store that is down); the adapters then fail
 * closed.
 *
 * <p>Methods are synchronous and called concurrently from many request threads: implementations must be
 * thread-safe. Side effects on the response (cookies, headers) are asked for through the response
 * values' {@code withCookie}/{@code withEffects}, never by touching the transport.
 *
 * <p>Implementations are found by {@link AuthProviders}: by class name, or as the single
 * {@link AuthProviderFactory} on the class path.
 */
public interface AuthProvider {

  /**
   * Refine's {@code login(params)}: checks credentials (or starts a social login when
   * {@code params.providerName()} is set). A success usually carries a credential in {@code data}
   * ({@code accessToken}, {@code token}) or in a cookie; a failure carries a generic error, the same for
   * an unknown user and a wrong password.
   */
  AuthActionResponse login(AuthParams params, AuthRequest request);

  /** Refine's {@code logout(params)}: ends the caller's session or revokes its credential, and clears cookies. */
  AuthActionResponse logout(AuthParams params, AuthRequest request);

  /**
   * Refine's {@code check()}: is the caller of {@code request} authenticated? Called for every protected
   * request (through the identity cache), so it must be fast; an authenticated answer should carry the
   * {@link Authentication} so that no second call is needed.
   */
  CheckResponse check(AuthRequest request);

  /**
   * Refine's {@code onError(error)}: what an error means. Adapters route 401 and 403 answers and
   * exceptions from the application here. The usual answers: 401, log out and go to the login page;
   * 403, report the error and keep the user logged in; anything else, {@link OnErrorResponse#none()}.
   */
  OnErrorResponse onError(AuthError error, AuthRequest request);

  /** Refine's {@code register(params)}. Not supported unless overridden. */
  default AuthActionResponse register(AuthParams params, AuthRequest request) {
    return AuthActionResponse.unsupported("register");
  }

  /** Refine's {@code forgotPassword(params)}. Not supported unless overridden. */
  default AuthActionResponse forgotPassword(AuthParams params, AuthRequest request) {
    return AuthActionResponse.unsupported("forgotPassword");
  }

  /** Refine's {@code updatePassword(params)}. Not supported unless overridden. */
  default AuthActionResponse updatePassword(AuthParams params, AuthRequest request) {
    return AuthActionResponse.unsupported("updatePassword");
  }

  /** Refine's {@code getPermissions()}: the caller's permissions; empty when not authenticated or not supported. */
  default Optional<Permissions> getPermissions(AuthRequest request) {
    return Optional.empty();
  }

  /** Refine's {@code getIdentity()}: the caller's identity; empty when not authenticated or not supported. */
  default Optional<Identity> getIdentity(AuthRequest request) {
    return Optional.empty();
  }

  /**
   * The part of the request that proves who the caller is (a bearer token, a session cookie). The
   * engine caches a check's outcome under a digest of it, so two requests with the same credential
   * must get the same answer from {@link #check}. A provider that reads more than one kind of credential
   * must keep their strings apart (a cookie's value sent as a bearer token is another credential, and
   * must not find the cookie's cached answer): the token provider answers {@code "session <value>"} for
   * its cookie. Empty means "nothing to cache", and every request is checked. The default is the bearer
   * token.
   */
  default Optional<String> credential(AuthRequest request) {
    return request.bearerToken();
  }

  /**
   * A part of this provider by its type: the provider itself when it is one, else what it is built on when
   * that is one (a token provider's user directory, a social login's inner provider). Lets an application
   * reach what a provider made from settings runs on (the accounts it invites into, say) without building
   * the provider itself. A provider that delegates overrides this to ask what it delegates to; the default
   * answers for this object alone.
   *
   * @return the part of that type, or empty when this provider has none
   */
  default <T> Optional<T> unwrap(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  /**
   * Releases what the provider holds (pools, listener threads). The servlet adapter calls it when the
   * application stops, for a provider it created from {@code web.xml}. The default does nothing.
   */
  default void close() {}
}
