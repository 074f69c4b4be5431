package dev.refauth.standard;

import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import java.util.Collection;
import java.util.function.Predicate;

/** The one rule the standard provider's settings share: some settings have no place beside others. */
final class SettingRules {
  private SettingRules() {}

  /**
   * Fails on the first of {@code keys} matching {@code which} that is set (in the map or a source): "setting
   * '&lt;full name&gt;' {@code why}".
   */
  static void noneSet(
      AuthSettings s, Collection<String> keys, Predicate<String> which, String why) {
    for (String k : keys) {
      if (which.test(k) && s.get(k).isPresent()) {
        throw new AuthException("setting '" + s.fullName(k) + "' " + why);
      }
    }
  }
}
