package dev.refauth.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who the caller is: the provider's {@code check} through the identity cache (one check per credential while it is
 * cached, concurrent callers of one credential waiting on one check), completed by {@code getIdentity} and {@code
 * getPermissions} for a provider that answers {@code authenticated} alone.
 */
final class Authenticator {
  private final AuthProvider provider;
  private final IdentityCache cache;

  Authenticator(AuthProvider provider, IdentityCache cache) {
    this.provider = provider;
    this.cache = cache;
  }

  /** What a check found: the caller, or the provider's failed answer; and the effects it asked for either way. */
  record Outcome(
      Optional<Authentication> authentication,
      @Nullable CheckResponse failure,
      ResponseEffects effects) {}

  Outcome check(AuthRequest request) {
    Optional<String> credential = provider.credential(request);
    if (credential.isEmpty()) {
      return complete(request, provider.check(request));
    }
    CheckResponse[] failed = new CheckResponse[1];
    ResponseEffects[] effects = {ResponseEffects.none()};
    Optional<Authentication> auth =
        cache.get(
            credential.get(),
            request.tenant().orElse(""),
            () -> {
              Outcome o = complete(request, provider.check(request));
              failed[0] = o.failure();
              effects[0] = o.effects();
              return o.authentication();
            });
    if (auth.isPresent()) {
      return new Outcome(auth, null, effects[0]);
    }
    // not cached: our own load failed, or we waited on another caller's failed load
    return failed[0] != null
        ? new Outcome(Optional.empty(), failed[0], effects[0])
        : complete(request, provider.check(request));
  }

  private Outcome complete(AuthRequest request, CheckResponse check) {
    if (check == null) {
      throw new AuthException(provider.getClass().getName() + ".check returned null");
    }
    if (!check.isAuthenticated()) {
      return new Outcome(Optional.empty(), check, check.effects());
    }
    if (check.authentication().isPresent()) {
      return new Outcome(check.authentication(), null, check.effects());
    }
    Identity identity =
        provider
            .getIdentity(request)
            .orElseThrow(
                () ->
                    new AuthException(
                        provider.getClass().getName()
                            + ".check answered authenticated without an Authentication, and getIdentity is empty"));
    Permissions permissions = provider.getPermissions(request).orElse(Permissions.none());
    return new Outcome(
        Optional.of(Authentication.of(identity, permissions)), null, check.effects());
  }
}
