package dev.refauth.tokens;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh-token rotation ({@code POST /auth/refresh}): the refresh cookie's token is exchanged for its successor
 * and a new access token. A token presented again within the grace gets the same successor; later, its whole
 * family is revoked. A family whose subject logged out everywhere since, or left the directory, refreshes no more.
 */
final class Refreshes {
  private final UserDirectory directory;
  private final JwtCodec codec;
  private final TokenStore store;
  private final Clock clock;
  private final SessionCookies cookies;
  private final Duration refreshGrace;
  private final Duration refreshIdle;
  private final Revocations revocations;
  private final AuthEventListener events;

  /** Derives a refresh token's successor. */
  private final byte[] successorKey;

  /**
   * @throws AuthException if the codec's keys cannot sign (only they can derive the successors)
   */
  Refreshes(ProviderOptions o, SessionCookies cookies, Revocations revocations) {
    this.directory = o.directory;
    this.codec = o.codec;
    this.store = o.store;
    this.clock = o.clock;
    this.cookies = cookies;
    this.refreshGrace = o.refreshGrace;
    this.refreshIdle = o.refreshIdle;
    this.revocations = revocations;
    this.events = o.events;
    this.successorKey =
        codec
            .derivedSecret("refauth refresh-token successor")
            .orElseThrow(
                () ->
                    new AuthException(
                        "the token provider needs keys that can sign (not only verify)"));
  }

  AuthActionResponse refresh(AuthRequest request) {
    Optional<String> presented = cookies.refresh(request);
    if (presented.isEmpty()) {
      return failure(request);
    }
    Instant now = clock.instant();
    // derived, not random: a concurrent presenter of the same token (another tab, within the grace)
    // gets the same successor without the store keeping it; without the server key nobody can
    // compute it
    String next = SecureTokens.derived(successorKey, presented.get());
    TokenStore.Rotation rotation =
        store.rotate(
            new TokenStore.Presentation(
                IdentityCache.digest(presented.get()),
                IdentityCache.digest(next),
                request.tenant()),
            now,
            refreshGrace,
            refreshIdle);
    TokenStore.Family family;
    if (rotation instanceof TokenStore.Rotation.Rotated r) {
      family = r.family();
    } else if (rotation instanceof TokenStore.Rotation.Grace g) {
      family = g.family();
    } else {
      if (rotation instanceof TokenStore.Rotation.Reused reused) {
        revocations.evictSubject(
            reused.family().subject()); // a stolen token came back: everything of that login goes
        announce(AuthEvent.Type.TOKEN_REUSED, Optional.of(reused.family()), request, now);
      } else {
        announce(AuthEvent.Type.SESSION_REFUSED, Optional.empty(), request, now);
      }
      return failure(request);
    }
    if (!revocations.notBeforeAllows(family.subject(), family.createdAt())) {
      announce(AuthEvent.Type.SESSION_REFUSED, Optional.of(family), request, now);
      return failure(request);
    }
    Optional<Authentication> user = directory.find(family.subject(), family.tenant().orElse(""));
    if (user.isEmpty()) {
      announce(AuthEvent.Type.SESSION_REFUSED, Optional.of(family), request, now);
      return failure(request);
    }
    if (rotation instanceof TokenStore.Rotation.Rotated) {
      announce(AuthEvent.Type.SESSION_RENEWED, Optional.of(family), request, now);
    }
    IssuedToken access =
        codec.issue(
            SignIns.profiled(
                new AccessClaims(
                    family.subject(),
                    family.tenant(),
                    Optional.of(family.id()),
                    family.amr(),
                    Optional.of(family.createdAt())),
                codec,
                user.get()));
    return AuthActionResponse.success()
        .with("token", access.token())
        .with("accessToken", access.token())
        .with("expiresIn", codec.accessTtl().toSeconds())
        .withCookie(cookies.refresh(request, next));
  }

  /** {@code type} for the login of {@code family} (or the request's tenant when the token matched none). */
  private void announce(
      AuthEvent.Type type, Optional<TokenStore.Family> family, AuthRequest request, Instant now) {
    events.onEvent(
        new AuthEvent(
            type,
            family.map(TokenStore.Family::subject),
            family.flatMap(TokenStore.Family::tenant).or(request::tenant).orElse(""),
            request.remoteAddress(),
            now));
  }

  private AuthActionResponse failure(AuthRequest request) {
    return AuthActionResponse.failure(
            AuthError.of("RefreshError", "Your session has expired. Please sign in again.", 401))
        .withCookie(cookies.clearRefresh(request));
  }
}
