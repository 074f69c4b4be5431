package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
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
  private final @Nullable Instant authenticatedAt;
  private final List<String> methods;

  private Authentication(
      Identity identity,
      Permissions permissions,
      String scheme,
      @Nullable Instant expiresAt,
      @Nullable Instant authenticatedAt,
      List<String> methods) {
    this.identity = Checks.notNull(identity, "identity");
    this.permissions = Checks.notNull(permissions, "permissions");
    this.scheme = Checks.notBlank(scheme, "scheme");
    this.expiresAt = expiresAt;
    this.authenticatedAt = authenticatedAt;
    this.methods = methods;
  }

  /** Scheme {@code Bearer}, no expiry. */
  public static Authentication of(Identity identity, Permissions permissions) {
    return new Authentication(identity, permissions, "Bearer", null, null, List.of());
  }

  public Authentication withScheme(String scheme) {
    return new Authentication(identity, permissions, scheme, expiresAt, authenticatedAt, methods);
  }

  /** When the credential stops being valid; caches never keep this authentication longer. */
  public Authentication withExpiresAt(Instant expiresAt) {
    return new Authentication(
        identity,
        permissions,
        scheme,
        Checks.notNull(expiresAt, "expiresAt"),
        authenticatedAt,
        methods);
  }

  /** When the person signed in (the sign-in this credential comes from, not its last renewal). */
  public Authentication withAuthenticatedAt(Instant authenticatedAt) {
    return new Authentication(
        identity,
        permissions,
        scheme,
        expiresAt,
        Checks.notNull(authenticatedAt, "authenticatedAt"),
        methods);
  }

  /**
   * How the person signed in, as RFC 8176 {@code amr} values: {@code pwd}, {@code otp}, {@code hwk}, {@code mfa}
   * (more than one factor), ... A {@linkplain Requirement#withSecondFactorWithin recent second factor} is a sign-in
   * with {@code mfa} at {@link #authenticatedAt()}.
   *
   * @throws IllegalArgumentException for a blank value
   */
  public Authentication withMethods(Collection<String> methods) {
    List<String> copy = List.copyOf(Checks.notNull(methods, "methods"));
    copy.forEach(m -> Checks.notBlank(m, "method"));
    return new Authentication(identity, permissions, scheme, expiresAt, authenticatedAt, copy);
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

  /** When the person signed in, when the provider tells: what "a recent sign-in" is measured from. */
  public Optional<Instant> authenticatedAt() {
    return Optional.ofNullable(authenticatedAt);
  }

  /** How the person signed in ({@code amr}); empty when the provider does not tell. */
  public List<String> methods() {
    return methods;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Authentication a
        && a.identity.equals(identity)
        && a.permissions.equals(permissions)
        && a.scheme.equals(scheme)
        && Objects.equals(a.expiresAt, expiresAt)
        && Objects.equals(a.authenticatedAt, authenticatedAt)
        && a.methods.equals(methods);
  }

  @Override
  public int hashCode() {
    return Objects.hash(identity, permissions, scheme, expiresAt, authenticatedAt, methods);
  }

  @Override
  public String toString() {
    return "Authentication[" + identity + ", " + permissions + ", " + scheme + "]";
  }
}
