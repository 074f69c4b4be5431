package dev.refauth.core.spi;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.IdentityCache;

/**
 * Implemented by providers that revoke credentials on their own (a logout through another credential, a
 * refresh-token reuse, a password change): {@link AuthGuard} hands them its {@link IdentityCache} at
 * build time so that a revoked credential is evicted at once instead of living on until its TTL.
 */
public interface IdentityCacheAware {

  /** Called once per guard built on this provider. */
  void useIdentityCache(IdentityCache cache);
}
