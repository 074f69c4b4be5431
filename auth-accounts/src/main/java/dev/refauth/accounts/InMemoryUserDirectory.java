package dev.refauth.accounts;

import dev.refauth.core.AuthException;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import dev.refauth.core.internal.ClassLoading;
import dev.refauth.core.spi.UserDirectory;
import dev.refauth.core.spi.UserDirectoryFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Users given in code or a users file, passwords hashed with Argon2id (or given as Argon2id/bcrypt hashes).
 * The login is the email, case-insensitive; the identity's id is the email. Immutable once built.
 *
 * <h2>Users file</h2>
 * One user a line, {@code email = password | name | permissions | tenant}; permissions comma-separated;
 * name, permissions and tenant may be left out:
 * <pre>
 * admin@example.com = $argon2id$v=19$m=19456,t=2,p=1$... | Ada Admin | admin,posts:* | acme
 * </pre>
 */
public final class InMemoryUserDirectory implements UserDirectory {
  private static final int MAX_PASSWORD_LENGTH = PasswordPolicy.MAX_LENGTH;

  private record User(String passwordHash, Identity identity, Permissions permissions) {}

  private final Map<String, User> users;
  private final PasswordHasher hasher;

  private InMemoryUserDirectory(Builder b) {
    this.users = Map.copyOf(b.users);
    this.hasher = b.hasher;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The user these credentials belong to, in the request's tenant when it names one. */
  @Override
  public Optional<Authentication> authenticate(String login, String password, AuthRequest request) {
    return authenticateInAnyTenant(login, password)
        .filter(a -> request.tenant().map(t -> inTenant(a.identity(), t)).orElse(true));
  }

  /** The user these credentials belong to, whatever their tenant (the in-memory provider's sign-in). */
  Optional<Authentication> authenticateInAnyTenant(String login, String password) {
    if (login == null
        || password == null
        || password.isEmpty()
        || password.length() > MAX_PASSWORD_LENGTH) {
      return Optional.empty();
    }
    User user = users.get(normalize(login));
    if (user == null) {
      hasher.verifyDummy(password);
      return Optional.empty();
    }
    if (!hasher.verify(password, user.passwordHash())) {
      return Optional.empty();
    }
    return Optional.of(Authentication.of(user.identity(), user.permissions()));
  }

  @Override
  public Optional<Authentication> find(String subject, String tenant) {
    User user = subject == null ? null : users.get(subject);
    return user == null || !(tenant.isEmpty() || inTenant(user.identity(), tenant))
        ? Optional.empty()
        : Optional.of(Authentication.of(user.identity(), user.permissions()));
  }

  private static boolean inTenant(Identity identity, String tenant) {
    return identity.tenant().equals(Optional.of(tenant));
  }

  static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a users file from {@code classpath:/path} or a file path.
   *
   * @throws AuthException naming the location when it cannot be read or parsed
   */
  public static String readLocation(String location) {
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
        try (InputStream in =
            ClassLoading.contextOr(InMemoryUserDirectory.class).getResourceAsStream(resource)) {
          if (in == null) {
            throw new IOException("no resource " + resource);
          }
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return Files.readString(Path.of(location), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AuthException("setting 'users': cannot read '" + location + "'", e);
    }
  }

  /**
   * The users file named by the {@code users} setting, for a provider built from settings alone; registered with
   * {@link java.util.ServiceLoader} as the {@link UserDirectoryFactory}.
   */
  public static final class Factory implements UserDirectoryFactory {
    @Override
    public UserDirectory create(AuthSettings settings) {
      return builder().usersFile(readLocation(settings.require("users"))).build();
    }
  }

  /** Builds an {@link InMemoryUserDirectory}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, User> users = new LinkedHashMap<>();
    private PasswordHasher hasher = PasswordHasher.argon2id();

    private Builder() {}

    /** Hashing for plain passwords given to this builder and for verification. Set it before adding users. */
    public Builder hasher(PasswordHasher hasher) {
      this.hasher = hasher;
      return this;
    }

    /**
     * Adds a user; the email is the identity's id.
     *
     * @param password a plain password (hashed now) or an Argon2id/bcrypt hash
     * @throws IllegalArgumentException for a malformed permission or a duplicate email
     */
    public Builder user(String email, String password, String name, String... permissions) {
      String login = normalize(email);
      return user(
          Identity.builder(login).email(login).name(name).build(),
          password,
          Permissions.of(permissions));
    }

    /** Adds a user with a full identity; the identity's email (or id) is the login. */
    public Builder user(Identity identity, String password, Permissions permissions) {
      String login = normalize(identity.email().orElse(identity.id()));
      if (users.containsKey(login)) {
        throw new IllegalArgumentException("user " + login + " is listed twice");
      }
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("user " + login + " has no password");
      }
      String hash = PasswordHasher.isHash(password) ? password : hasher.hash(password);
      users.put(login, new User(hash, identity, permissions));
      return this;
    }

    /** Adds the users of a users file (see the class javadoc and {@link UsersFile}). */
    public Builder usersFile(String text) {
      for (UsersFile.Entry e : UsersFile.parse(text)) {
        String login = normalize(e.email());
        Identity.Builder id = Identity.builder(login).email(login);
        e.name().ifPresent(id::name);
        if (!e.tenant().isEmpty()) {
          id.tenant(e.tenant());
        }
        user(id.build(), e.password(), Permissions.of(e.permissions()));
      }
      return this;
    }

    public InMemoryUserDirectory build() {
      return new InMemoryUserDirectory(this);
    }
  }
}
