package dev.refauth.accounts;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * A users file: one user a line, {@code email = password | name | permissions | tenant}, permissions
 * comma-separated, name, permissions and tenant optional; the password plain or an Argon2id/bcrypt hash. Read by
 * {@link InMemoryUserDirectory}, and {@linkplain #seed seeded} into an {@link AccountStore} for development.
 */
public final class UsersFile {
  /** One line of the file. */
  record Entry(
      String email,
      String password,
      Optional<String> name,
      List<String> permissions,
      String tenant) {}

  private UsersFile() {}

  /**
   * The file's users, by email.
   *
   * @throws IllegalArgumentException if it cannot be read as a properties text
   */
  static List<Entry> parse(String text) {
    Properties p = new Properties();
    try (Reader r = new StringReader(text)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("users file cannot be read", e);
    }
    List<Entry> entries = new ArrayList<>();
    for (String email : p.stringPropertyNames().stream().sorted().toList()) {
      String[] f = p.getProperty(email).split("\\|", -1);
      Optional<String> name =
          f.length > 1 && !f[1].isBlank() ? Optional.of(f[1].strip()) : Optional.empty();
      List<String> perms =
          f.length > 2 && !f[2].isBlank() ? List.of(f[2].strip().split("\\s*,\\s*")) : List.of();
      String tenant = f.length > 3 ? f[3].strip() : "";
      entries.add(new Entry(email.strip(), f[0].strip(), name, perms, tenant));
    }
    return entries;
  }

  /**
   * Creates each user of the file that its tenant ({@code defaultTenant} when the line names none) does not have yet
   * (by email), active, with its permissions; a user already there is left as it is (its password may have changed
   * since). Plain passwords are hashed with {@code hasher}.
   *
   * @return how many accounts were created
   * @throws IllegalArgumentException if the file cannot be read, or names a user twice or without a password
   */
  public static int seed(
      AccountStore store, PasswordHasher hasher, String text, String defaultTenant, Instant now) {
    int created = 0;
    for (Entry e : parse(text)) {
      String tenant = e.tenant().isEmpty() ? defaultTenant : e.tenant();
      String email =
          EmailAddresses.normalize(e.email())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException("'" + e.email() + "' is not an email address"));
      if (e.password().isEmpty()) {
        throw new IllegalArgumentException("user " + email + " has no password");
      }
      if (store.findByEmail(tenant, email).isPresent()) {
        continue;
      }
      String hash = PasswordHasher.isHash(e.password()) ? e.password() : hasher.hash(e.password());
      boolean made =
          store.create(
              new Account(
                  UUID.randomUUID().toString(),
                  tenant,
                  email,
                  e.name().orElse(email),
                  Optional.empty(),
                  hash,
                  Account.Status.ACTIVE,
                  Set.copyOf(e.permissions()),
                  now,
                  now));
      created += made ? 1 : 0;
    }
    return created;
  }
}
