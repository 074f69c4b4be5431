package dev.refauth.passkeys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where passkeys and their ceremonies live. A ceremony's challenge is taken once, on every node that shares the store;
 * a counter moves forward only. Implementations: {@link InMemoryPasskeyStore} (one node) and the JDBC battery's.
 */
public interface PasskeyStore {
  /** The account's passkeys, oldest first. */
  List<Passkey> passkeys(String accountId);

  /** The passkey of this credential id, whoever's it is. */
  Optional<Passkey> passkey(String id);

  /** Adds a passkey; false (changing nothing) when its credential id is registered already. */
  boolean add(Passkey passkey);

  /** Renames one of the account's passkeys; false when it has none of that id. */
  boolean rename(String accountId, String id, String name);

  /** Removes one of the account's passkeys; false when it has none of that id. */
  boolean remove(String accountId, String id);

  /**
   * Records a use: the new counter and the time, if the stored counter is still {@code seen} (another node did not
   * record a use meanwhile).
   *
   * @return false, changing nothing, when it is not
   */
  boolean used(String id, long seen, long signCount, Instant now);

  /** What a ceremony is for. */
  enum Kind {
    /** Adding a passkey to the account. */
    REGISTER,
    /** A sign-in by passkey alone (any account's discoverable credential). */
    SIGN_IN,
    /** The second step of the account's sign-in. */
    SECOND_STEP
  }

  /**
   * A ceremony in progress: its challenge (base64url), for whom, until when.
   *
   * @param accountId the account, except for {@link Kind#SIGN_IN}
   * @param remember whether the sign-in asked to be remembered
   */
  record Ceremony(
      Kind kind,
      Optional<String> accountId,
      Optional<String> tenant,
      String challenge,
      boolean remember,
      Instant expires) {}

  /** Keeps a ceremony under the digest of the browser's value. */
  void begin(String digest, Ceremony ceremony);

  /** Takes the ceremony, once: empty when there is none, it was taken, or it expired. */
  Optional<Ceremony> take(String digest, Instant now);
}
