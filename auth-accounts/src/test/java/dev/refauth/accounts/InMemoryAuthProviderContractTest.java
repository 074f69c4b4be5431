package dev.refauth.accounts;

import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.testkit.AuthProviderContract;
import java.util.Map;

/** The in-memory provider honours the contract. */
final class InMemoryAuthProviderContractTest extends AuthProviderContract {
  /** Built once: hashing at OWASP cost for every test would only slow the suite. */
  private static final InMemoryAuthProvider.Builder USERS =
      InMemoryAuthProvider.builder()
          .hasher(PasswordHasher.argon2id(1024, 1, 1))
          .user("admin@example.com", "demo-admin-pass", "Ada Admin", "admin", "posts:*");

  @Override
  protected AuthProvider provider() {
    return USERS.build();
  }

  @Override
  protected AuthParams validLogin() {
    return AuthParams.of(Map.of("email", "admin@example.com", "password", "demo-admin-pass"));
  }
}
