package dev.refauth.accounts;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A stored account. {@code email} is normalized ({@link EmailAddresses#normalize}); {@code tenant} is
 * {@code ""} in a single-tenant application; the password is only ever a self-describing hash.
 */
public record Account(
    String id,
    String tenant,
    String email,
    String displayName,
    Optional<String> avatar,
    String passwordHash,
    Status status,
    Set<String> permissions,
    Instant createdAt,
    Instant updatedAt) {

  /** Whether the account may sign in. */
  public enum Status {
    ACTIVE,
    DISABLED
  }

  public Account {
    permissions = Set.copyOf(permissions);
  }

  /** Never shows the password hash. */
  @Override
  public String toString() {
    return "Account[" + id + (tenant.isEmpty() ? "" : "@" + tenant) + ", " + status + "]";
  }
}
