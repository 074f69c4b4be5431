package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a successful check: who ({@link Identity}), what they may do ({@link Permissions}), how
 * they proved it (the scheme, e.g. {@code Bearer} or {@code Session}) and until when the credential is
 * good. The engine caches it per credential, never beyond {@link #expiresAt()}.
 */
public final class Authentication {
  private final Identity identity;
  private final Permissions permissions;
  private final String scheme;
  private final @Nullable Instant expiresAt;

  private Authentication(
      Identity identity, Permissions permissions, String scheme, @Nullable Instant expiresAt) {
    this.identity = Checks.notNull(identity, "identity");
    this.permissions = Checks.notNull(permissions, "permissions");
    this.scheme = Checks.notBlank(scheme, "scheme");
    this.expiresAt = expiresAt;
  }

  /** Scheme {@code Bearer}, no expiry. */
  public static Authentication of(Identity identity, Permissions permissions) {
    return new Authentication(identity, permissions, "Bearer", null);
  }

  public Authentication withScheme(String scheme) {
    return new Authentication(identity, permissions, scheme, expiresAt);
  }

  /** When the credential stops being valid; caches never keep this authentication longer. */
  public Authentication withExpiresAt(Instant expiresAt) {
    return new Authentication(
        identity, permissions, scheme, Checks.notNull(expiresAt, "expiresAt"));
  }

  public Identity identity() {
    return identity;
  }

  public Permissions permissions() {
    return permissions;
  }

  /** How the credential was presented: {@code Bearer}, {@code Session}, ... (JAX-RS's authentication scheme). */
  public String scheme() {
    return scheme;
  }

  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Authentication a
        && a.identity.equals(identity)
        && a.permissions.equals(permissions)
        && a.scheme.equals(scheme)
        && Objects.equals(a.expiresAt, expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(identity, permissions, scheme, expiresAt);
  }

  @Override
  public String toString() {
    return "Authentication[" + identity + ", " + permissions + ", " + scheme + "]";
  }
}
