package dev.refauth.servlet;

import dev.refauth.accounts.InMemoryAuthProvider;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthProviderFactory;
import dev.refauth.core.AuthSettings;

/** The in-memory provider with cheap hashing, named by class in the filter's init-params. */
public final class TestProviderFactory implements AuthProviderFactory {
  static final InMemoryAuthProvider.Builder USERS =
      InMemoryAuthProvider.builder()
          .hasher(PasswordHasher.argon2id(1024, 1, 1))
          .secureCookies(false)
          .user(
              "admin@example.com",
              "demo-admin-pass",
              "Ada Admin",
              "admin",
              "posts:*",
              "users:manage")
          .user("user@example.com", "demo-user-pass", "Uma User", "posts:read");

  @Override
  public AuthProvider create(AuthSettings settings) {
    return USERS.build();
  }
}
