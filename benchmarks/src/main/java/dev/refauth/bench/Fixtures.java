package dev.refauth.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.refauth.accounts.InMemoryUserDirectory;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.AuthMetrics;
import dev.refauth.tokens.InMemoryTokenStore;
import dev.refauth.tokens.JwtCodec;
import dev.refauth.tokens.SigningAlgorithm;
import dev.refauth.tokens.TokenAuthProvider;
import dev.refauth.tokens.TokenKeys;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

/** One signed-in user behind the token provider, for a given algorithm: what the benchmarks and the load server use. */
final class Fixtures {
  final TokenAuthProvider provider;
  final AuthGuard guard;
  final String token;
  final String sessionCookie;
  final JWSVerifier bareVerifier;
  final byte[] hmacSecret;

  Fixtures(String algorithm) {
    this(algorithm, AuthMetrics.none(), AuthEventListener.none());
  }

  /** With these metrics and event listener on the provider and the guard. */
  Fixtures(String algorithm, AuthMetrics metrics, AuthEventListener events) {
    TokenKeys keys;
    if (algorithm.equals("HS256")) {
      hmacSecret = new byte[32];
      new SecureRandom().nextBytes(hmacSecret);
      keys = TokenKeys.hs256(hmacSecret);
    } else {
      hmacSecret = null;
      keys = TokenKeys.generate(SigningAlgorithm.named(algorithm).orElseThrow());
    }
    InMemoryUserDirectory users =
        InMemoryUserDirectory.builder()
            .hasher(PasswordHasher.argon2id(1024, 1, 1))
            .user(
                "bench@example.com", "bench-passphrase", "Bench User", "posts:read", "posts:write")
            .build();
    JwtCodec codec =
        JwtCodec.builder(keys)
            .accessTtl(Duration.ofHours(1))
            .build(); // the longest allowed: a benchmark run fits in it
    provider =
        TokenAuthProvider.builder(users, codec, new InMemoryTokenStore())
            .secureCookies(false)
            .sessionIdle(Duration.ofHours(4))
            .metrics(metrics)
            .events(events)
            .build();
    guard = AuthGuard.builder(provider).metrics(metrics).events(events).build();
    AuthActionResponse login =
        provider.login(
            AuthParams.of(Map.of("email", "bench@example.com", "password", "bench-passphrase")),
            AuthRequest.builder("POST", "/auth/login").remoteAddress("127.0.0.1").build());
    token = (String) login.data("accessToken").orElseThrow();
    sessionCookie =
        login.effects().cookies().stream()
            .filter(c -> c.name().equals(TokenAuthProvider.SESSION_COOKIE))
            .map(ResponseCookie::value)
            .findFirst()
            .orElseThrow();
    try {
      bareVerifier =
          hmacSecret != null
              ? new MACVerifier(hmacSecret)
              : verifier(JWKSet.parse(keys.privateJwkSetJson().orElseThrow()).getKeys().get(0));
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWSVerifier verifier(JWK key) throws JOSEException {
    return key instanceof RSAKey rsa
        ? new RSASSAVerifier(rsa.toRSAPublicKey())
        : new ECDSAVerifier(((ECKey) key).toECPublicKey());
  }

  AuthRequest bearerRequest() {
    return AuthRequest.builder("GET", "/api/hello")
        .header("Authorization", "Bearer " + token)
        .remoteAddress("127.0.0.1")
        .build();
  }
}
