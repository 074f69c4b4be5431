package dev.refauth.jdbc;

import dev.refauth.passkeys.PasskeyStore;

/**
 * The passkeys battery's store in the database of a {@link JdbcStores} (migration V7 made its tables). Apart from
 * {@code JdbcStores} so that an application without passkeys needs neither {@code auth-passkeys} nor webauthn4j on its
 * class path: this jar names them as optional, and only this class uses them.
 *
 * <pre>{@code
 * PasskeyStore passkeys = JdbcPasskeys.store(stores);
 * }</pre>
 */
public final class JdbcPasskeys {
  private JdbcPasskeys() {}

  /** The passkeys and their ceremonies, shared by every node on this database. */
  public static PasskeyStore store(JdbcStores stores) {
    return new JdbcPasskeyStore(stores.jdbc());
  }
}
