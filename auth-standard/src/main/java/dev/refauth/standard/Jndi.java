package dev.refauth.standard;

import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/** What the server binds by name: its DataSource, its mail session. */
final class Jndi {
  private Jndi() {}

  /**
   * The object bound to the name that setting {@code key} gives, as a {@code type}.
   *
   * @param declare how to declare it, for the message when nothing is bound
   * @throws AuthException naming the setting when nothing, or something else, is bound there
   */
  static <T> T lookup(AuthSettings s, String key, Class<T> type, String declare) {
    String name = s.require(key);
    if (name.contains(":") && !name.startsWith("java:")) {
      // ldap:, rmi: and the like would reach out of the server
      throw new AuthException(
          "setting '"
              + s.fullName(key)
              + "' must be a java: name (java:comp/env/...) or a name relative to the server's context");
    }
    Object found;
    try {
      found = InitialContext.doLookup(name);
    } catch (NamingException | RuntimeException e) {
      throw new AuthException(
          "setting '"
              + s.fullName(key)
              + "': nothing named '"
              + name
              + "' in JNDI ("
              + declare
              + ")",
          e);
    }
    if (!type.isInstance(found)) {
      throw new AuthException(
          "setting '"
              + s.fullName(key)
              + "': '"
              + name
              + "' is a "
              + (found == null ? "null" : found.getClass().getName())
              + ", not a "
              + type.getName());
    }
    return type.cast(found);
  }
}
