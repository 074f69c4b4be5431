package dev.refauth.tokens;

import dev.refauth.accounts.InMemoryUserDirectory;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.testkit.AuthProviderContract;
import java.util.Map;

/** The token provider honours the contract. */
final class TokenAuthProviderContractTest extends AuthProviderContract {
  private static final InMemoryUserDirectory USERS =
      InMemoryUserDirectory.builder()
          .hasher(PasswordHasher.argon2id(1024, 1, 1))
          .user("admin@example.com", "demo-admin-pass", "Ada Admin", "admin", "posts:*")
          .build();
  private static final TokenKeys KEYS = TokenKeys.generate(SigningAlgorithm.ES256);

  @Override
  protected AuthProvider provider() {
    return TokenAuthProvider.builder(
            USERS, JwtCodec.builder(KEYS).build(), new InMemoryTokenStore())
        .build();
  }

  @Override
  protected AuthParams validLogin() {
    return AuthParams.of(Map.of("email", "admin@example.com", "password", "demo-admin-pass"));
  }
}
