package dev.refauth.accounts;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email normalization that no look-alike can slip through: Unicode NFKC (full-width {@code ａ} becomes
 * {@code a}), trimmed, lower-cased with {@link Locale#ROOT} (never the Turkish rules), and then ASCII only:
 * a confusable such as the dotless {@code ı} or a Cyrillic {@code а} is not an address here, so it can
 * neither match nor shadow another account. Internationalized domains arrive in their ASCII (punycode) form.
 */
public final class EmailAddresses {
  private static final Pattern ADDRESS =
      Pattern.compile(
          "[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

  private EmailAddresses() {}

  /** The canonical form of an address, or empty when it is not one this library accepts. */
  public static Optional<String> normalize(String email) {
    if (email == null || email.length() > 320) {
      return Optional.empty();
    }
    String n = Normalizer.normalize(email, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    for (int i = 0; i < n.length(); i++) {
      if (n.charAt(i) > 0x7e || n.charAt(i) < 0x21) {
        return Optional.empty();
      }
    }
    if (!ADDRESS.matcher(n).matches()
        || n.startsWith(".")
        || n.contains("..")
        || n.contains(".@")) {
      return Optional.empty();
    }
    return Optional.of(n);
  }
}
