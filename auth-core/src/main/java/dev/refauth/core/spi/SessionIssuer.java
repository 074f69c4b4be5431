package dev.refauth.core.spi;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * A provider that can sign in a person whom another battery has already vouched for (a social login provider,
 * later a passkey). The social-login battery works over any provider that implements this, so it never knows
 * how sessions or tokens are made.
 */
public interface SessionIssuer {

  /**
   * Signs in the local account that the provider's directory links to {@code identity} (or links or creates,
   * by the directory's policy; see {@link ExternalAccounts}).
   *
   * @param request the request of the sign-in, for the tenant the sign-in started for ({@link AuthRequest#tenant()},
   *     none: the directory's default tenant)
   * @return the successful sign-in's answer, with its session cookies and tokens; or, for an account with a second
   *     factor, the unsuccessful answer that sends the browser to its second step ({@code redirectTo}); empty when the
   *     directory has no account for this person and will not make one
   */
  Optional<AuthActionResponse> signInExternal(ExternalIdentity identity, AuthRequest request);

  /**
   * {@link #signInExternal(ExternalIdentity, AuthRequest)}, keeping {@code keep} with the new login ({@link
   * #keptWithLogin}): another battery's state, sealed by it (an identity provider's tokens, for calling its APIs). The
   * default keeps nothing.
   */
  default Optional<AuthActionResponse> signInExternal(
      ExternalIdentity identity, AuthRequest request, String keep) {
    return signInExternal(identity, request);
  }

  /** What was kept with the caller's login ({@link #signInExternal(ExternalIdentity, AuthRequest, String)}). */
  default Optional<String> keptWithLogin(AuthRequest request) {
    return Optional.empty();
  }

  /** Replaces what is kept with the caller's login; false when it has none, or the issuer keeps nothing. */
  default boolean keepWithLogin(AuthRequest request, String keep) {
    return false;
  }

  /**
   * A key of at least 256 bits derived from the issuer's own secret for {@code purpose}, so that another battery
   * can protect its short-lived state (a sign-in attempt) without a secret of its own.
   */
  byte[] derivedSecret(String purpose);

  /** Whether this issuer's cookies are {@code Secure} (and so {@code __Host-} prefixed); other batteries' cookies follow it. */
  boolean secureCookies();

  /**
   * Ends the logins that external sign-ins began: with {@code sessionId}, those of the provider's session ({@link
   * ExternalIdentity#sessionId}); with {@code subject} alone, all of that person's at this provider. Their sessions
   * and refresh families end on every node; other logins of the same accounts stay. The default supports none.
   *
   * @param issuer the provider's issuer, as in {@link ExternalIdentity#issuer}
   * @return whether this issuer supports it (false: nothing was ended)
   */
  default boolean endExternalSessions(
      String issuer, Optional<String> sessionId, Optional<String> subject) {
    return false;
  }

  /**
   * The provider whose sign-in began the caller's login ({@link ExternalIdentity#provider}), so that signing out can
   * end the provider's session too; empty for other logins, or when this issuer does not keep it (the default).
   */
  default Optional<String> externalProvider(AuthRequest request) {
    return Optional.empty();
  }

  /**
   * Claims {@code key} for one use until {@code until}, on every node at once: true for the first claim, false while
   * it stands. Lets another battery refuse a replay (a logout token's {@code jti}) without a store of its own. The
   * default claims nothing (always false).
   */
  default boolean claimOnce(String key, Instant until) {
    return false;
  }
}
