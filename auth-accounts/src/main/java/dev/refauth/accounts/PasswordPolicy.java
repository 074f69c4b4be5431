package dev.refauth.accounts;

import dev.refauth.core.AuthException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * NIST SP 800-63B / OWASP ASVS rules: at least 8 characters, at most {@value #MAX_LENGTH} (no truncation,
 * no case folding, no composition rules), and not one of the 10,000 most common passwords; and whole characters only
 * (no lone UTF-16 surrogate, which would hash like {@code ?}).
 */
public final class PasswordPolicy {
  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 1024;
  private static final Set<String> COMMON = load();

  private PasswordPolicy() {}

  /** Why the password is refused, in words for the user; empty when it is acceptable. */
  public static Optional<String> problem(String password) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return Optional.of("Use at least " + MIN_LENGTH + " characters.");
    }
    if (password.length() > MAX_LENGTH) {
      return Optional.of("Use at most " + MAX_LENGTH + " characters.");
    }
    if (password.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE)) {
      // half of a character (a lone UTF-16 surrogate): hashed as UTF-8 it would turn into '?', so
      // that any other lone half, or '?', would match it
      return Optional.of("The password has a broken character. Type it again.");
    }
    if (COMMON.contains(password)) {
      return Optional.of("This password is too common. Choose another one.");
    }
    return Optional.empty();
  }

  /** How many common passwords are refused. */
  static int commonCount() {
    return COMMON.size();
  }

  private static Set<String> load() {
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
      if (in == null) {
        throw new AuthException("common-passwords.txt is missing from auth-accounts");
      }
      Set<String> set = new HashSet<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.startsWith("#") && !line.isEmpty()) {
          set.add(line);
        }
      }
      return Set.copyOf(set);
    } catch (IOException e) {
      throw new AuthException("common-passwords.txt cannot be read", e);
    }
  }
}
