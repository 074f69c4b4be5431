package dev.refauth.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.refauth.core.AuthException;
import dev.refauth.testkit.MutableClock;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class JwtCodecTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final byte[] SECRET =
      "k7Q2vX9mZp4LwR8tY1nB6cF3hJ5sD0gA-e2u9i8o7".getBytes(StandardCharsets.US_ASCII);

  private final MutableClock clock = MutableClock.at(NOW);

  private JwtCodec codec(TokenKeys keys) {
    return JwtCodec.builder(keys)
        .issuer("https://issuer.example")
        .audience("api")
        .clock(clock)
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "RS256", "ES256", "EdDSA"})
  void eachAlgorithm_roundTrip(String alg) {
    JwtCodec c = codec(TokenKeys.generate(SigningAlgorithm.named(alg).orElseThrow()));
    IssuedToken t = c.issue(AccessClaims.of("user-1").withTenant("acme").withSessionId("fam-1"));
    VerifiedJwt v = c.verify(t.token()).orElseThrow();
    assertThat(v.subject()).isEqualTo("user-1");
    assertThat(v.tenant()).contains("acme");
    assertThat(v.sessionId()).contains("fam-1");
    assertThat(v.jwtId()).isEqualTo(t.jwtId());
    assertThat(v.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThat(c.verify(tamperPayload(t.token()))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "RS256", "ES256", "EdDSA"})
  void keysFromJwkSetFile_signAndVerify_andRotatedOutKeyStillVerifies(
      String alg, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    TokenKeys old = TokenKeys.generate(SigningAlgorithm.named(alg).orElseThrow());
    TokenKeys current = TokenKeys.generate(SigningAlgorithm.named(alg).orElseThrow());
    String oldToken = codec(old).issue("u").token();
    JWKSet both =
        new JWKSet(
            java.util.List.of(
                JWKSet.parse(current.privateJwkSetJson().orElseThrow()).getKeys().get(0),
                JWKSet.parse(old.privateJwkSetJson().orElseThrow()).getKeys().get(0)));
    java.nio.file.Path file = dir.resolve("keys.jwks");
    java.nio.file.Files.writeString(file, both.toString(false));
    String kid = both.getKeys().get(0).getKeyID();
    JwtCodec fromFile = codec(TokenKeys.fromJwkSetFile(file, kid));
    assertThat(fromFile.verify(fromFile.issue("u").token())).isPresent();
    assertThat(fromFile.verify(oldToken))
        .as("a rotated-out key in the set still verifies")
        .isPresent();
    assertThatThrownBy(() -> TokenKeys.fromJwkSetFile(dir.resolve("missing.jwks")))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("missing.jwks");
    assertThatThrownBy(() -> TokenKeys.fromJwkSetFile(file))
        .as("two private keys: name the kid")
        .isInstanceOf(AuthException.class);
  }

  @Test
  void allowList_otherAlgorithmOrOtherKeyRefused() {
    JwtCodec hs = codec(TokenKeys.hs256(SECRET));
    JwtCodec rs = codec(TokenKeys.generate(SigningAlgorithm.RS256));
    JwtCodec otherRs = codec(TokenKeys.generate(SigningAlgorithm.RS256));
    String rsToken = rs.issue("u").token();
    assertThat(rs.verify(rsToken)).isPresent();
    assertThat(hs.verify(rsToken)).isEmpty();
    assertThat(otherRs.verify(rsToken)).isEmpty();
    assertThat(rs.verify(hs.issue("u").token())).isEmpty();
  }

  @Test
  void oneToken_oneSpelling_paddingOrUnusedSignatureBitsRefused() {
    for (TokenKeys keys :
        List.of(TokenKeys.hs256(SECRET), TokenKeys.generate(SigningAlgorithm.ES256))) {
      JwtCodec c = codec(keys);
      String valid = c.issue("u").token();
      assertThat(c.verify(valid)).isPresent(); // control
      assertThat(c.verify(valid + "=")).isEmpty();
      assertThat(c.verify(valid + "==")).isEmpty();
      // the last character of an HS256 (32 bytes, 43 chars) or ES256 (64 bytes, 86 chars) signature
      // carries unused
      // low bits: another character with the same used bits decodes to the same signature
      char last = valid.charAt(valid.length() - 1);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      int unusedBits = valid.split("\\.")[2].length() % 4 == 3 ? 2 : 4;
      int index = alphabet.indexOf(last);
      char twin = alphabet.charAt(index ^ 1); // flips only an unused bit
      assertThat(unusedBits).isPositive();
      assertThat(c.verify(valid.substring(0, valid.length() - 1) + twin)).isEmpty();
    }
  }

  @Test
  void algNone_inAnyCasing_refused() {
    JwtCodec c = codec(TokenKeys.hs256(SECRET));
    String valid = c.issue("u").token();
    String payload = valid.split("\\.")[1];
    for (String alg : new String[] {"none", "None", "NONE", "nOnE"}) {
      String header = b64("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\"}");
      assertThat(c.verify(header + "." + payload + ".")).isEmpty();
      assertThat(c.verify(header + "." + payload + "." + valid.split("\\.")[2])).isEmpty();
    }
  }

  @Test
  void keyConfusion_hs256SignedWithThePublicKey_refused() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("rs").generate();
    TokenKeys keys = TokenKeys.fromJwkSet(new JWKSet(rsa).toString(false), "rs");
    JwtCodec c = codec(keys);
    byte[] publicBytes = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    String forged =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType(JwtCodec.ACCESS_TOKEN_TYPE))
                .keyID("rs")
                .build(),
            claims(b -> {}),
            new MACSigner(publicBytes));
    assertThat(c.verify(forged)).isEmpty();
    assertThat(c.verify(c.issue("u").token())).isPresent();
  }

  @Test
  void requiredClaims_eachMissingOrWrong_refused() throws Exception {
    JwtCodec c =
        codec(
            TokenKeys.fromJwkSet(
                new JWKSet(new OctetSequenceKey.Builder(SECRET).keyID("k").build()).toString(false),
                "k"));
    MACSigner signer = new MACSigner(SECRET);
    JWSHeader at =
        new JWSHeader.Builder(JWSAlgorithm.HS256)
            .type(new JOSEObjectType(JwtCodec.ACCESS_TOKEN_TYPE))
            .keyID("k")
            .build();
    assertThat(c.verify(sign(at, claims(b -> {}), signer))).as("positive control").isPresent();
    for (String claim : new String[] {"iss", "aud", "exp", "iat", "sub", "jti"}) {
      assertThat(c.verify(sign(at, claims(b -> b.claim(claim, null)), signer)))
          .as("missing " + claim)
          .isEmpty();
    }
    assertThat(c.verify(sign(at, claims(b -> b.issuer("https://evil.example")), signer)))
        .as("iss")
        .isEmpty();
    assertThat(c.verify(sign(at, claims(b -> b.audience("other")), signer))).as("aud").isEmpty();
    assertThat(
            c.verify(
                sign(at, claims(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(120)))), signer)))
        .as("nbf")
        .isEmpty();
    assertThat(
            c.verify(
                sign(at, claims(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(60)))), signer)))
        .as("nbf at now + skew")
        .isEmpty();
    assertThat(
            c.verify(
                sign(at, claims(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(59)))), signer)))
        .as("nbf within the skew")
        .isPresent();
    assertThat(c.verify(sign(at, claims(b -> b.audience(List.of("other", "api"))), signer)))
        .as("aud list containing ours")
        .isPresent();
    for (String typ : new String[] {"JWT", "id+jwt", "refresh+jwt", "reset+jwt"}) {
      JWSHeader other =
          new JWSHeader.Builder(JWSAlgorithm.HS256)
              .type(new JOSEObjectType(typ))
              .keyID("k")
              .build();
      assertThat(c.verify(sign(other, claims(b -> {}), signer))).as("typ " + typ).isEmpty();
    }
    JWSHeader noTyp = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k").build();
    assertThat(c.verify(sign(noTyp, claims(b -> {}), signer))).as("no typ").isEmpty();
  }

  @Test
  void clockSkew_edges() {
    JwtCodec c = codec(TokenKeys.hs256(SECRET));
    String t = c.issue("u").token(); // exp = NOW + 5 min
    clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(59));
    assertThat(c.verify(t)).as("within the 60 s skew").isPresent();
    clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(60).minusMillis(1));
    assertThat(c.verify(t)).as("1 ms before exp + skew").isPresent();
    clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(60));
    assertThat(c.verify(t)).as("at exp + skew (nimbus' boundary: expired)").isEmpty();
    clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(61));
    assertThat(c.verify(t)).as("past the skew").isEmpty();
    JwtCodec strict =
        JwtCodec.builder(TokenKeys.hs256(SECRET))
            .issuer("https://issuer.example")
            .audience("api")
            .clock(clock)
            .clockSkew(Duration.ZERO)
            .build();
    clock.set(NOW);
    String s = strict.issue("u").token();
    clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1));
    assertThat(strict.verify(s)).isEmpty();
  }

  @Test
  void headerKeys_jwkJkuX5u_neverSelectKeys() throws Exception {
    JwtCodec c = codec(TokenKeys.generate(SigningAlgorithm.ES256));
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("attacker").generate();
    JWSHeader embedded =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(new JOSEObjectType(JwtCodec.ACCESS_TOKEN_TYPE))
            .keyID("attacker")
            .jwk(attacker.toPublicJWK())
            .jwkURL(new java.net.URI("https://evil.example/jwks"))
            .x509CertURL(new java.net.URI("https://evil.example/cert"))
            .build();
    assertThat(c.verify(sign(embedded, claims(b -> {}), new ECDSASigner(attacker)))).isEmpty();
  }

  @Test
  void ecdsaZeroSignature_cve202221449_refused() {
    JwtCodec c = codec(TokenKeys.generate(SigningAlgorithm.ES256));
    String t = c.issue("u").token();
    String[] parts = t.split("\\.");
    String zero = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
    assertThat(c.verify(parts[0] + "." + parts[1] + "." + zero)).isEmpty();
    assertThat(c.verify(parts[0] + "." + parts[1] + "." + b64("0"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "a", "a.b", "a.b.c.d", "....", "!!!.@@@.###", "eyJ.eyJ.x", "e30.e30.e30"})
  void malformed_refused(String token) {
    assertThat(codec(TokenKeys.hs256(SECRET)).verify(token)).isEmpty();
  }

  @Test
  void huge_refusedBeforeParsing() {
    JwtCodec c = codec(TokenKeys.hs256(SECRET));
    String header =
        b64("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"pad\":\"" + "x".repeat(20_000) + "\"}");
    assertThat(c.verify(header + ".e30.abc")).isEmpty();
  }

  @Test
  void weakSecrets_refusedAtStartup() {
    assertThatThrownBy(() -> TokenKeys.hs256("short".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("256 bits");
    for (String weak :
        new String[] {
          "a".repeat(40),
          "abcdabcdabcdabcdabcdabcdabcdabcdabcd",
          "your-256-bit-secret-your-256-bit-secret!",
          "my-super-secret-changeme-key-for-jwt-123",
          "0123456789012345678901234567890123456789"
        }) {
      assertThatThrownBy(() -> TokenKeys.hs256(weak.getBytes(StandardCharsets.UTF_8)))
          .as(weak)
          .isInstanceOf(AuthException.class)
          .hasMessageNotContaining(weak);
    }
    TokenKeys.hs256(SECRET); // positive control
  }

  @Test
  void remoteJwks_rotationAndUnknownKidRefetch_rateLimited_andOutageTolerant() throws Exception {
    TokenKeys first = TokenKeys.generate(SigningAlgorithm.RS256);
    TokenKeys second = TokenKeys.generate(SigningAlgorithm.RS256);
    AtomicReference<String> published =
        new AtomicReference<>(first.publicJwkSetJson().orElseThrow());
    AtomicInteger fetches = new AtomicInteger();
    AtomicInteger status = new AtomicInteger(200);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        ex -> {
          fetches.incrementAndGet();
          byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status.get(), status.get() == 200 ? body.length : -1);
          if (status.get() == 200) {
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    server.start();
    try {
      URL url = new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
      JwtCodec verifier =
          codec(TokenKeys.remote(url, Set.of(SigningAlgorithm.RS256), Duration.ofMinutes(5)));
      JwtCodec issuer1 = codec(first);
      JwtCodec issuer2 = codec(second);
      assertThat(verifier.verify(issuer1.issue("u").token())).isPresent();
      assertThat(verifier.verify(issuer1.issue("u").token())).isPresent();
      assertThat(fetches).as("cached").hasValue(1);
      // rotation: the provider publishes the new key; an unknown kid triggers one refetch
      published.set(second.publicJwkSetJson().orElseThrow());
      assertThat(verifier.verify(issuer2.issue("u").token())).isPresent();
      assertThat(fetches).hasValue(2);
      // a flood of unknown kids refetches at a limited rate
      JwtCodec stranger = codec(TokenKeys.generate(SigningAlgorithm.RS256));
      for (int i = 0; i < 20; i++) {
        assertThat(verifier.verify(stranger.issue("u").token())).isEmpty();
      }
      assertThat(fetches.get()).as("rate-limited refetches").isLessThanOrEqualTo(3);
      // the endpoint goes down: known keys keep working
      status.set(503);
      assertThat(verifier.verify(issuer2.issue("u").token())).isPresent();
      // a remote source never issues
      assertThatThrownBy(() -> verifier.issue("u")).isInstanceOf(AuthException.class);
    } finally {
      server.stop(0);
    }
  }

  /** iat in the future, or a lifetime past the maximum: refused for local keys and for a remote key set alike. */
  @Test
  void iatAndMaximumLifetime_sameRulesForLocalAndRemoteKeys() throws Exception {
    TokenKeys issuerKeys = TokenKeys.generate(SigningAlgorithm.RS256);
    RSAKey key =
        (RSAKey) JWKSet.parse(issuerKeys.privateJwkSetJson().orElseThrow()).getKeys().get(0);
    JwtCodec local = codec(issuerKeys);
    JwtCodec remote =
        JwtCodec.builder(
                TokenKeys.remote(
                    new ImmutableJWKSet<>(
                        JWKSet.parse(issuerKeys.publicJwkSetJson().orElseThrow())),
                    Set.of(SigningAlgorithm.RS256)))
            .issuer("https://issuer.example")
            .audience("api")
            .clock(clock)
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(new JOSEObjectType(JwtCodec.ACCESS_TOKEN_TYPE))
            .keyID(key.getKeyID())
            .build();
    RSASSASigner signer = new RSASSASigner(key);
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("control", sign(header, claims(b -> {}), signer));
    tokens.put(
        "iat within the skew",
        sign(
            header,
            claims(
                b ->
                    b.issueTime(Date.from(NOW.plusSeconds(59)))
                        .expirationTime(Date.from(NOW.plusSeconds(359)))),
            signer));
    tokens.put(
        "iat in the future",
        sign(
            header,
            claims(
                b ->
                    b.issueTime(Date.from(NOW.plusSeconds(120)))
                        .expirationTime(Date.from(NOW.plusSeconds(400)))),
            signer));
    tokens.put(
        "lifetime of a day",
        sign(
            header,
            claims(b -> b.expirationTime(Date.from(NOW.plus(Duration.ofDays(1))))),
            signer));
    tokens.put(
        "lifetime one second too long",
        sign(header, claims(b -> b.expirationTime(Date.from(NOW.plusSeconds(301)))), signer));
    for (JwtCodec codec : List.of(local, remote)) {
      String which = codec == local ? "local" : "remote";
      assertThat(codec.verify(tokens.get("control"))).as(which).isPresent();
      assertThat(codec.verify(tokens.get("iat within the skew"))).as(which).isPresent();
      assertThat(codec.verify(tokens.get("iat in the future"))).as(which).isEmpty();
      assertThat(codec.verify(tokens.get("lifetime of a day"))).as(which).isEmpty();
      assertThat(codec.verify(tokens.get("lifetime one second too long"))).as(which).isEmpty();
    }
    JwtCodec longer =
        JwtCodec.builder(
                TokenKeys.remote(
                    new ImmutableJWKSet<>(
                        JWKSet.parse(issuerKeys.publicJwkSetJson().orElseThrow())),
                    Set.of(SigningAlgorithm.RS256)))
            .issuer("https://issuer.example")
            .audience("api")
            .clock(clock)
            .maxLifetime(Duration.ofDays(1))
            .build();
    assertThat(longer.verify(tokens.get("lifetime of a day")))
        .as("a remote issuer's own lifetime, configured")
        .isPresent();
  }

  @Test
  void remoteJwks_refusesHmac() throws Exception {
    assertThatThrownBy(
            () ->
                TokenKeys.remote(
                    new URL("http://127.0.0.1/jwks"),
                    Set.of(SigningAlgorithm.HS256),
                    Duration.ofMinutes(5)))
        .isInstanceOf(AuthException.class);
  }

  private JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer("https://issuer.example")
            .audience("api")
            .subject("u")
            .jwtID("j1")
            .issueTime(Date.from(NOW))
            .expirationTime(Date.from(NOW.plusSeconds(300)));
    change.accept(b);
    return b.build();
  }

  private static String sign(
      JWSHeader header, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static String b64(String s) {
    return Base64URL.encode(s.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String tamperPayload(String token) {
    String[] p = token.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8)
            .replace("user-1", "admin-1");
    return p[0] + "." + b64(payload) + "." + p[2];
  }

  @Test
  void theMicroProfileProfile_typJwtUpnGroups_andOnlyItsCodecTakesTypJwt() throws Exception {
    TokenKeys keys = TokenKeys.generate(SigningAlgorithm.ES256);
    JwtCodec mp = JwtCodec.builder(keys).microProfile(true).build();
    JwtCodec plain = JwtCodec.builder(keys).build();
    String token =
        mp.issue(
                AccessClaims.of("u-1")
                    .withGroups(
                        List.of("posts:read", "admin"), java.util.Optional.of("u@example.com")))
            .token();
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
    assertThat(jwt.getJWTClaimsSet().getStringClaim("upn")).isEqualTo("u@example.com");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("groups"))
        .containsExactly("posts:read", "admin");
    assertThat(mp.verify(token)).isPresent();
    // a codec without the profile keeps RFC 9068's rule: typ JWT is another kind of token
    assertThat(plain.verify(token)).isEmpty();
    String rfc = plain.issue("u-1").token();
    assertThat(SignedJWT.parse(rfc).getJWTClaimsSet().getClaim("groups")).isNull();
    assertThat(mp.verify(rfc)).isPresent();
    // without an email the subject is the upn
    assertThat(SignedJWT.parse(mp.issue("u-2").token()).getJWTClaimsSet().getStringClaim("upn"))
        .isEqualTo("u-2");
  }

  @Test
  void publishedKeys_thePublicHalvesOfTheSet_neverASecret() throws Exception {
    assertThat(
            JwtCodec.builder(TokenKeys.hs256(new java.security.SecureRandom().generateSeed(32)))
                .build()
                .publishedKeys())
        .isEmpty();
    ECKey a = new ECKeyGenerator(Curve.P_256).keyID("a").generate();
    ECKey b = new ECKeyGenerator(Curve.P_256).keyID("b").generate();
    JwtCodec codec =
        JwtCodec.builder(TokenKeys.fromJwkSet(new JWKSet(List.of(a, b)).toString(false), "b"))
            .issuer("https://app.example.com/auth")
            .build();
    var published = codec.publishedKeys().orElseThrow();
    assertThat(published.issuer()).isEqualTo("https://app.example.com/auth");
    assertThat(published.algorithms()).containsExactly("ES256");
    JWKSet set = JWKSet.parse(published.jwkSetJson());
    assertThat(set.getKeys()).extracting(k -> k.getKeyID()).containsExactlyInAnyOrder("a", "b");
    assertThat(set.getKeys()).noneMatch(k -> k.isPrivate());
    // verification only: nothing to publish as its own
    assertThat(
            JwtCodec.builder(
                    TokenKeys.remote(new ImmutableJWKSet<>(set), Set.of(SigningAlgorithm.ES256)))
                .build()
                .publishedKeys())
        .isEmpty();
  }
}
