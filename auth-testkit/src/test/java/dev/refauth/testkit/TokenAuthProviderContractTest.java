package dev.refauth.testkit;

import com.nimbusds.jose.JWSAlgorithm;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.PasswordHasher;
import dev.refauth.core.memory.InMemoryUserDirectory;
import dev.refauth.core.token.InMemoryTokenStore;
import dev.refauth.core.token.JwtCodec;
import dev.refauth.core.token.TokenAuthProvider;
import dev.refauth.core.token.TokenKeys;
import java.util.Map;

/** The token provider honours the contract. */
final class TokenAuthProviderContractTest extends AuthProviderContract {
  private static final InMemoryUserDirectory USERS = InMemoryUserDirectory.builder().hasher(PasswordHasher.argon2id(1024, 1, 1))
      .user("admin@example.com", "demo-admin-pass", "Ada Admin", "admin", "posts:*").build();
  private static final TokenKeys KEYS = TokenKeys.generate(JWSAlgorithm.ES256);

  @Override
  protected AuthProvider provider() {
    return TokenAuthProvider.builder(USERS, JwtCodec.builder(KEYS).build(), new InMemoryTokenStore()).build();
  }

  @Override
  protected AuthParams validLogin() {
    return AuthParams.of(Map.of("email", "admin@example.com", "password", "demo-admin-pass"));
  }
}
