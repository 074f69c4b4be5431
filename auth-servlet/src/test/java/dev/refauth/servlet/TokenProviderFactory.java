package dev.refauth.servlet;

import dev.refauth.accounts.InMemoryUserDirectory;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthProviderFactory;
import dev.refauth.core.AuthSettings;
import dev.refauth.testkit.MutableClock;
import dev.refauth.tokens.InMemoryTokenStore;
import dev.refauth.tokens.JwtCodec;
import dev.refauth.tokens.SigningAlgorithm;
import dev.refauth.tokens.TokenAuthProvider;
import dev.refauth.tokens.TokenKeys;
import java.time.Duration;
import java.time.Instant;

/** The token provider with a movable clock, for the HTTP tests; the last one created is kept for inspection. */
public final class TokenProviderFactory implements AuthProviderFactory {
  static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-11-28T10:00:00Z"));
  static final InMemoryUserDirectory USERS =
      InMemoryUserDirectory.builder()
          .hasher(PasswordHasher.argon2id(1024, 1, 1))
          .user("admin@example.com", "demo-admin-pass", "Ada Admin", "admin", "posts:*")
          .user("user@example.com", "demo-user-pass", "Uma User", "posts:read")
          .build();
  static volatile TokenAuthProvider last;

  @Override
  public AuthProvider create(AuthSettings settings) {
    JwtCodec codec =
        JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.RS256)).clock(CLOCK).build();
    last =
        TokenAuthProvider.builder(USERS, codec, new InMemoryTokenStore())
            .clock(CLOCK)
            .secureCookies(false)
            .refreshTtl(Duration.ofDays(30))
            .refreshIdle(Duration.ofDays(7))
            .refreshGrace(Duration.ofSeconds(10))
            .build();
    return last;
  }
}
