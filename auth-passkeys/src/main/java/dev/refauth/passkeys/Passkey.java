package dev.refauth.passkeys;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered passkey: public data only. Nothing here signs anything: the private key never leaves the authenticator.
 *
 * @param id the credential id, base64url
 * @param accountId the account it signs in (its user handle in the ceremonies)
 * @param tenant the account's tenant, for a sign-in by passkey alone
 * @param name what its owner calls it ("Laptop", "Phone")
 * @param credentialData the attested credential data (AAGUID, id and COSE public key), base64url
 * @param signCount the authenticator's signature counter at its last use (0: it keeps none)
 * @param backupEligible whether it may be synced to other devices (WebAuthn's BE flag), fixed at registration
 */
public record Passkey(
    String id,
    String accountId,
    Optional<String> tenant,
    String name,
    String credentialData,
    long signCount,
    boolean backupEligible,
    Instant createdAt,
    Optional<Instant> lastUsedAt) {
  public Passkey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(credentialData, "credentialData");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
  }
}
