package dev.refauth.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.Authentication;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.Identity;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.Permissions;
import dev.refauth.testkit.MutableClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrustedIssuersProviderTest {
  static final String KC = "https://kc.example.com/realms/acme";
  static final String PARTNER = "https://login.partner.example/";
  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  final RSAKey kcKey = key();
  final RSAKey partnerKey = key();
  final MutableClock clock = MutableClock.at(NOW);
  final AtomicInteger innerChecks = new AtomicInteger();
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  static RSAKey key() {
    try {
      return new RSAKeyGenerator(2048)
          .keyID(UUID.randomUUID().toString())
          .keyUse(KeyUse.SIGNATURE)
          .generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(RSAKey key, String typ, JWTClaimsSet claims) {
    try {
      JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID());
      if (!typ.isEmpty()) {
        h.type(new JOSEObjectType(typ));
      }
      SignedJWT jwt = new SignedJWT(h.build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Keycloak access token: header typ JWT, claim typ Bearer, roles of the realm and of clients. */
  JWTClaimsSet.Builder keycloak(String sub, String... realmRoles) {
    return new JWTClaimsSet.Builder()
        .issuer(KC)
        .subject(sub)
        .audience(List.of("orders-api", "account"))
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plusSeconds(300)))
        .jwtID(UUID.randomUUID().toString())
        .claim("typ", "Bearer")
        .claim("azp", "orders-cli")
        .claim("preferred_username", "kim")
        .claim("email", "kim@example.com")
        .claim("realm_access", Map.of("roles", List.of(realmRoles)))
        .claim(
            "resource_access",
            Map.of(
                "orders-api", Map.of("roles", List.of("orders:read")),
                "other-api", Map.of("roles", List.of("other:write"))));
  }

  TrustedIssuer.Builder kcIssuer() {
    return TrustedIssuer.builder("keycloak", KC)
        .profile(TrustedIssuer.Profile.KEYCLOAK)
        .audiences("orders-api")
        .jwks(new JWKSet(kcKey.toPublicJWK()).toString());
  }

  TrustedIssuer.Builder partnerIssuer() {
    return TrustedIssuer.builder("partner", PARTNER)
        .profile(TrustedIssuer.Profile.AUTH0)
        .audiences("https://orders.example.com")
        .jwks(new JWKSet(partnerKey.toPublicJWK()).toString());
  }

  JWTClaimsSet.Builder partner(String sub, String... permissions) {
    return new JWTClaimsSet.Builder()
        .issuer(PARTNER)
        .subject(sub)
        .audience("https://orders.example.com")
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plusSeconds(300)))
        .claim("permissions", List.of(permissions))
        .claim("scope", "openid profile");
  }

  /** A provider behind the trusted issuers that counts what reaches it and accepts the token "own". */
  AuthProvider inner() {
    return new AuthProvider() {
      @Override
      public AuthActionResponse login(AuthParams params, AuthRequest request) {
        return AuthActionResponse.success();
      }

      @Override
      public AuthActionResponse logout(AuthParams params, AuthRequest request) {
        return AuthActionResponse.success();
      }

      @Override
      public CheckResponse check(AuthRequest request) {
        innerChecks.incrementAndGet();
        return request.bearerToken().filter("own"::equals).isPresent()
            ? CheckResponse.authenticated(
                Authentication.of(Identity.of("own-user"), Permissions.of("own")))
            : CheckResponse.unauthenticated("/login").withError(AuthError.unauthorized());
      }

      @Override
      public OnErrorResponse onError(AuthError error, AuthRequest request) {
        return OnErrorResponse.none();
      }
    };
  }

  TrustedIssuersProvider provider(TrustedIssuer... issuers) {
    TrustedIssuersProvider.Builder b =
        TrustedIssuersProvider.builder()
            .clock(clock)
            .knownTenants(java.util.Set.of("acme", "globex"));
    for (TrustedIssuer i : issuers) {
      b.issuer(i);
    }
    return b.inFrontOf(inner()).build();
  }

  static AuthRequest bearer(String token) {
    return AuthRequest.builder("GET", "/api/orders")
        .header("Authorization", "Bearer " + token)
        .build();
  }

  static String errorName(CheckResponse r) {
    return r.error().map(AuthError::name).orElse("none");
  }

  @Test
  void aKeycloakToken_givesTheRolesOfTheRealmAndOfItsAudience_andTheIdentity() {
    var p = provider(kcIssuer().build());
    CheckResponse r = p.check(bearer(sign(kcKey, "JWT", keycloak("u-1", "orders:write").build())));
    Authentication a = r.authentication().orElseThrow();
    assertThat(a.permissions().asStrings())
        .containsExactlyInAnyOrder("orders:write", "orders:read");
    assertThat(a.identity().id()).isEqualTo("keycloak:u-1");
    assertThat(a.identity().attributes()).containsEntry("subject", "u-1");
    assertThat(a.identity().name()).contains("kim");
    assertThat(a.identity().email()).contains("kim@example.com");
    assertThat(a.identity().attributes()).containsEntry("issuer", "keycloak");
    assertThat(a.identity().tenant()).isEmpty();
    assertThat(innerChecks).hasValue(0);
    // how and when the person signed in there, as the provider says
    Authentication mfa =
        p.check(
                bearer(
                    sign(
                        kcKey,
                        "JWT",
                        keycloak("u-1")
                            .claim("amr", List.of("pwd", "otp", "mfa"))
                            .claim("auth_time", NOW.minusSeconds(30).getEpochSecond())
                            .build())))
            .authentication()
            .orElseThrow();
    assertThat(mfa.methods()).containsExactly("pwd", "otp", "mfa");
    assertThat(mfa.authenticatedAt()).contains(NOW.minusSeconds(30));
    assertThat(a.methods()).isEmpty();
  }

  @Test
  void anotherAudience_anIdToken_anotherTyp_areRefused_theSameTokenRightIsAccepted() {
    var p = provider(kcIssuer().build());
    assertThat(
            p.check(bearer(sign(kcKey, "JWT", keycloak("u-1").audience("billing-api").build())))
                .authentication())
        .isEmpty();
    // an ID token of the same realm, even for our audience: Keycloak says typ ID
    assertThat(
            p.check(bearer(sign(kcKey, "JWT", keycloak("u-1").claim("typ", "ID").build())))
                .authentication())
        .isEmpty();
    assertThat(p.check(bearer(sign(kcKey, "at+jwt", keycloak("u-1").build()))).authentication())
        .isEmpty();
    assertThat(p.check(bearer(sign(kcKey, "", keycloak("u-1").build()))).authentication())
        .isEmpty();
    CheckResponse refused =
        p.check(bearer(sign(kcKey, "JWT", keycloak("u-1").audience("billing-api").build())));
    assertThat(errorName(refused)).isEqualTo("InvalidToken");
    assertThat(p.check(bearer(sign(kcKey, "JWT", keycloak("u-1").build()))).authentication())
        .isPresent();
    assertThat(innerChecks).hasValue(0);
  }

  @Test
  void aTokenOfOneIssuerSignedWithTheOthersKey_isRefused_eachIssuerMapsByItsOwnRules() {
    var p = provider(kcIssuer().build(), partnerIssuer().build());
    assertThat(p.check(bearer(sign(partnerKey, "JWT", keycloak("u-1").build()))).authentication())
        .isEmpty();
    assertThat(
            p.check(bearer(sign(kcKey, "at+jwt", partner("p-1", "orders:read").build())))
                .authentication())
        .isEmpty();
    Authentication kc =
        p.check(bearer(sign(kcKey, "JWT", keycloak("u-1", "orders:write").build())))
            .authentication()
            .orElseThrow();
    Authentication partner =
        p.check(bearer(sign(partnerKey, "at+jwt", partner("p-1", "orders:cancel").build())))
            .authentication()
            .orElseThrow();
    assertThat(kc.permissions().asStrings())
        .containsExactlyInAnyOrder("orders:write", "orders:read");
    assertThat(partner.permissions().asStrings())
        .containsExactlyInAnyOrder("orders:cancel", "openid", "profile");
    assertThat(partner.identity().attributes()).containsEntry("issuer", "partner");
    assertThat(partner.identity().id()).isEqualTo("partner:p-1");
  }

  @Test
  void algorithmConfusion_andUnsignedTokens_areRefused() throws Exception {
    var p = provider(kcIssuer().build());
    // HS256 keyed with the public key's bytes: the classic confusion
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("JWT"))
                .keyID(kcKey.getKeyID())
                .build(),
            keycloak("u-1", "orders:write").build());
    hs.sign(new MACSigner(kcKey.toPublicJWK().toRSAPublicKey().getEncoded()));
    assertThat(p.check(bearer(hs.serialize())).authentication()).isEmpty();
    String none = new PlainJWT(keycloak("u-1", "orders:write").build()).serialize();
    assertThat(p.check(bearer(none)).authentication()).isEmpty();
    // a flipped signature byte
    String good = sign(kcKey, "JWT", keycloak("u-1").build());
    String sig = good.substring(good.lastIndexOf('.') + 1);
    byte[] bytes = new Base64URL(sig).decode();
    bytes[5] ^= 1;
    String bad = good.substring(0, good.lastIndexOf('.') + 1) + Base64URL.encode(bytes);
    assertThat(p.check(bearer(bad)).authentication()).isEmpty();
    assertThat(p.check(bearer(good)).authentication()).isPresent();
    // the unsigned one is no issuer's token: the inner provider refused it
    assertThat(innerChecks).hasValue(1);
    // one spelling per token: padding on the signature is another string, not another way in
    assertThat(p.check(bearer(good + "==")).authentication()).isEmpty();
    assertThat(p.check(bearer(good + ".")).authentication()).isEmpty();
  }

  @Test
  void time_validUntilExpPlusSkew_thenTokenExpired() {
    var p = provider(kcIssuer().clockSkew(Duration.ofSeconds(30)).build());
    String token = sign(kcKey, "JWT", keycloak("u-1").build());
    clock.set(NOW.plusSeconds(300 + 29));
    assertThat(p.check(bearer(token)).authentication()).isPresent();
    clock.set(NOW.plusSeconds(300 + 31));
    CheckResponse r = p.check(bearer(token));
    assertThat(r.authentication()).isEmpty();
    assertThat(errorName(r)).isEqualTo("TokenExpired");
    // and one not yet valid
    clock.set(NOW);
    String early =
        sign(kcKey, "JWT", keycloak("u-1").notBeforeTime(Date.from(NOW.plusSeconds(120))).build());
    assertThat(p.check(bearer(early)).authentication()).isEmpty();
    clock.set(NOW.plusSeconds(121));
    assertThat(p.check(bearer(early)).authentication()).isPresent();
  }

  @Test
  void otherIssuersTokens_andCookies_goToTheInnerProvider_alone_theyAreInvalid() {
    var p = provider(kcIssuer().build());
    assertThat(p.check(bearer("own")).authentication().orElseThrow().identity().id())
        .isEqualTo("own-user");
    String otherRealm =
        sign(kcKey, "JWT", keycloak("u-1").issuer("https://kc.example.com/realms/other").build());
    assertThat(p.check(bearer(otherRealm)).authentication()).isEmpty();
    assertThat(innerChecks).hasValue(2);
    var alone = TrustedIssuersProvider.builder().issuer(kcIssuer().build()).build();
    CheckResponse r = alone.check(bearer(otherRealm));
    assertThat(errorName(r)).isEqualTo("InvalidToken");
    assertThat(alone.check(AuthRequest.builder("GET", "/api").build()).authentication()).isEmpty();
    assertThat(alone.login(AuthParams.of(Map.of()), bearer("x")).isSuccess()).isFalse();
  }

  @Test
  void theCredential_isTheBearerToken_evenBeforeAnInnerProviderThatKeysByCookie() {
    String kc = sign(kcKey, "JWT", keycloak("u-1").build());
    var p = provider(kcIssuer().build());
    assertThat(p.credential(bearer(kc))).contains(kc);
    assertThat(p.credential(bearer("own"))).contains("own");
    AuthProvider byCookie =
        new AuthProvider() {
          final AuthProvider delegate = inner();

          @Override
          public AuthActionResponse login(AuthParams params, AuthRequest request) {
            return delegate.login(params, request);
          }

          @Override
          public AuthActionResponse logout(AuthParams params, AuthRequest request) {
            return delegate.logout(params, request);
          }

          @Override
          public CheckResponse check(AuthRequest request) {
            return delegate.check(request);
          }

          @Override
          public OnErrorResponse onError(AuthError error, AuthRequest request) {
            return delegate.onError(error, request);
          }

          @Override
          public java.util.Optional<String> credential(AuthRequest request) {
            return request.cookie("sid").map(s -> "session " + s);
          }
        };
    var front =
        TrustedIssuersProvider.builder().issuer(kcIssuer().build()).inFrontOf(byCookie).build();
    AuthRequest both =
        AuthRequest.builder("GET", "/api")
            .header("Authorization", "Bearer " + kc)
            .cookie("sid", "s-1")
            .build();
    assertThat(front.credential(both)).contains(kc);
    AuthRequest own =
        AuthRequest.builder("GET", "/api")
            .header("Authorization", "Bearer own")
            .cookie("sid", "s-1")
            .build();
    assertThat(front.credential(own)).contains("session s-1");
  }

  @Test
  void aWildcardFromAClaim_isNeverEverything_theMapAndPrefixAndAllowList() {
    var plain = provider(kcIssuer().build());
    Authentication a =
        plain
            .check(bearer(sign(kcKey, "JWT", keycloak("u-1", "*", "orders:*", "bad role").build())))
            .authentication()
            .orElseThrow();
    assertThat(a.permissions().asStrings()).containsExactly("orders:read");
    var mapped =
        provider(
            kcIssuer()
                .permissionMap("admin", "orders:* users:manage")
                .permissionPrefix("kc.")
                .build());
    assertThat(
            mapped
                .check(bearer(sign(kcKey, "JWT", keycloak("u-1", "admin", "viewer").build())))
                .authentication()
                .orElseThrow()
                .permissions()
                .asStrings())
        .containsExactlyInAnyOrder("orders:*", "users:manage", "kc.viewer", "kc.orders:read");
    var only = provider(kcIssuer().permissionMap("admin", "orders:*").mappedOnly(true).build());
    assertThat(
            only.check(bearer(sign(kcKey, "JWT", keycloak("u-1", "admin", "viewer").build())))
                .authentication()
                .orElseThrow()
                .permissions()
                .asStrings())
        .containsExactly("orders:*");
  }

  @Test
  void theTenant_fixedOrFromAClaim_andAnUnknownOneIsRefused() {
    var byClaim = provider(kcIssuer().tenantClaim("org.id").build());
    assertThat(
            byClaim
                .check(
                    bearer(
                        sign(
                            kcKey,
                            "JWT",
                            keycloak("u-1").claim("org", Map.of("id", "acme")).build())))
                .authentication()
                .orElseThrow()
                .identity()
                .tenant())
        .contains("acme");
    assertThat(
            byClaim
                .check(
                    bearer(
                        sign(
                            kcKey,
                            "JWT",
                            keycloak("u-1").claim("org", Map.of("id", "initech")).build())))
                .authentication())
        .isEmpty();
    assertThat(byClaim.check(bearer(sign(kcKey, "JWT", keycloak("u-1").build()))).authentication())
        .isEmpty();
    var fixed = provider(kcIssuer().tenant("globex").build());
    assertThat(
            fixed
                .check(
                    bearer(
                        sign(
                            kcKey,
                            "JWT",
                            keycloak("u-1").claim("org", Map.of("id", "acme")).build())))
                .authentication()
                .orElseThrow()
                .identity()
                .tenant())
        .contains("globex");
    assertThatThrownBy(() -> provider(kcIssuer().tenant("initech").build()))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("initech");
  }

  @Test
  void settings_buildTheIssuers_andABadOneFailsNamingIt() {
    AuthSettings s =
        AuthSettings.of(
            Map.of(
                "issuers", "keycloak",
                "issuers.keycloak.issuer", KC,
                "issuers.keycloak.profile", "keycloak",
                "issuers.keycloak.audience", "orders-api",
                "issuers.keycloak.permissionMap", "admin=orders:* users:manage; viewer=orders:read",
                "issuers.keycloak.jwksUri", "https://kc.example.com/realms/acme/certs",
                "tenants", "acme=Acme Corporation, globex"));
    TrustedIssuer kc =
        TrustedIssuersProvider.builder().settings(s).build().issuers().get("keycloak");
    assertThat(kc.audiences()).containsExactly("orders-api");
    assertThat(kc.types()).containsExactly("JWT");
    assertThat(kc.permissions(Map.of("realm_access", Map.of("roles", List.of("admin")))))
        .containsExactlyInAnyOrder("orders:*", "users:manage");
    assertThatThrownBy(
            () ->
                TrustedIssuersProvider.builder().settings(s.with("issuers.keycloak.tennant", "x")))
        .hasMessageContaining("issuers.keycloak.tennant");
    assertThatThrownBy(
            () ->
                TrustedIssuersProvider.builder()
                    .settings(
                        s.with("issuers.keycloak.tenant", "acme")
                            .with("issuers.keycloak.tenantClaim", "org")))
        .hasMessageContaining("issuers.keycloak.tenant'")
        .hasMessageContaining("issuers.keycloak.tenantClaim");
    assertThatThrownBy(
            () -> TrustedIssuersProvider.builder().settings(s.without("issuers.keycloak.audience")))
        .hasMessageContaining("audience");
    assertThatThrownBy(
            () ->
                TrustedIssuersProvider.builder()
                    .settings(
                        s.with("issuers.keycloak.issuer", "http://kc.example.com/realms/acme")))
        .hasMessageContaining("https");
    assertThatThrownBy(
            () ->
                TrustedIssuersProvider.builder()
                    .settings(s.with("issuers.keycloak.algorithms", "HS256")))
        .hasMessageContaining("RS256");
  }

  /** A discovery document and JWK set served over HTTP, the set replaceable (a key rotation). */
  String serve(AtomicReference<JWKSet> keys, String issuerInDocument) throws Exception {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    String base = "http://localhost:" + server.getAddress().getPort();
    server.createContext(
        "/realms/acme/.well-known/openid-configuration",
        ex -> {
          byte[] body =
              ("{\"issuer\":\""
                      + issuerInDocument.replace("BASE", base)
                      + "\",\"jwks_uri\":\""
                      + base
                      + "/realms/acme/certs\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.createContext(
        "/realms/acme/certs",
        ex -> {
          byte[] body = keys.get().toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    return base + "/realms/acme";
  }

  @Test
  void discovery_thenAKeyRotation_newKeyFoundAtOnce_oldOneRefusedOnceGone() throws Exception {
    AtomicReference<JWKSet> keys = new AtomicReference<>(new JWKSet(kcKey));
    String iss = serve(keys, "BASE/realms/acme");
    var p =
        provider(
            TrustedIssuer.builder("keycloak", iss)
                .profile(TrustedIssuer.Profile.KEYCLOAK)
                .audiences("orders-api")
                .jwksCacheTtl(Duration.ofSeconds(1))
                .build());
    String old = sign(kcKey, "JWT", keycloak("u-1").issuer(iss).build());
    assertThat(p.check(bearer(old)).authentication()).isPresent();
    RSAKey next = key();
    keys.set(new JWKSet(List.of(next, kcKey)));
    String fresh = sign(next, "JWT", keycloak("u-1").issuer(iss).build());
    assertThat(p.check(bearer(fresh)).authentication()).isPresent();
    keys.set(new JWKSet(next));
    Thread.sleep(1_500);
    assertThat(p.check(bearer(old)).authentication()).isEmpty();
    assertThat(p.check(bearer(fresh)).authentication()).isPresent();
  }

  @Test
  void aDiscoveryDocumentNamingAnotherIssuer_trustsNothing() throws Exception {
    AtomicReference<JWKSet> keys = new AtomicReference<>(new JWKSet(kcKey));
    String iss = serve(keys, "https://evil.example/realms/acme");
    var p =
        provider(
            TrustedIssuer.builder("keycloak", iss)
                .profile(TrustedIssuer.Profile.KEYCLOAK)
                .audiences("orders-api")
                .build());
    CheckResponse r = p.check(bearer(sign(kcKey, "JWT", keycloak("u-1").issuer(iss).build())));
    assertThat(r.authentication()).isEmpty();
    assertThat(errorName(r)).isEqualTo("InvalidToken");
  }
}
