package dev.refauth.core.spi;

import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import java.util.Optional;

/**
 * A user directory that can sign in people vouched for by a social login provider. Implementations key
 * the link on {@code (tenant, issuer, subject)}, never on the email alone.
 */
public interface ExternalAccounts {

  /**
   * The local user for a verified external identity: the linked one; else, by the directory's policy, an
   * existing account with the same verified email (linking) or a new one (sign-up); else empty.
   *
   * @param request the request of the sign-in: its {@linkplain AuthRequest#tenant() tenant} is the one to sign in to
   *     (none: the directory's default tenant)
   */
  Optional<Authentication> signInExternal(ExternalIdentity identity, AuthRequest request);
}
