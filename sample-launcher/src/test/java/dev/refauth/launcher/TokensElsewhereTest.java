package dev.refauth.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's own access tokens verified by another service: SmallRye JWT (MicroProfile JWT) reads the sample's
 * JWKS endpoint and accepts them with the MicroProfile profile's {@code upn} and {@code groups}; across a key rotation
 * (a restart with a new signing key, the previous one still in the set) both old and new tokens verify, here and
 * there, and nobody is signed out; once the old key leaves the set, its tokens verify nowhere.
 */
final class TokensElsewhereTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir Path data;
  @TempDir Path keys;

  static ECKey key(String kid) throws Exception {
    return new ECKeyGenerator(Curve.P_256)
        .keyID(kid)
        .algorithm(JWSAlgorithm.ES256)
        .keyUse(KeyUse.SIGNATURE)
        .generate();
  }

  Server node(int port, Path jwks, String kid) throws Exception {
    return SampleLauncher.options()
        .host("127.0.0.1")
        .port(port)
        .data(data)
        .demoOidc(false)
        .providerSetting("jwt.jwks", jwks.toString())
        .providerSetting("jwt.kid", kid)
        .providerSetting("jwt.profile", "microprofile")
        .providerSetting("jwt.issuer", "http://localhost:" + port + "/auth")
        .start();
  }

  static String login(String base) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).path("accessToken").asText();
  }

  static HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Another service's view: SmallRye JWT, configured as MicroProfile JWT would be, fetching the keys afresh. */
  static JsonWebToken smallRye(String jwksUri, String issuer, String token) throws ParseException {
    JWTAuthContextInfo info = new JWTAuthContextInfo(jwksUri, issuer);
    info.setExpectedAudience(Set.of("refauth"));
    info.setSignatureAlgorithm(Set.of(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256));
    return new DefaultJWTParser(info).parse(token);
  }

  @Test
  void smallRyeVerifiesTheSamplesTokens_throughItsJwks_acrossAKeyRotation() throws Exception {
    int port = Keycloak.freePort();
    String base = "http://localhost:" + port;
    String issuer = base + "/auth";
    ECKey a = key("key-a");
    ECKey b = key("key-b");
    Path both = keys.resolve("both.jwks");
    Files.writeString(both, new JWKSet(List.of(a, b)).toString(false));
    Path onlyB = keys.resolve("b.jwks");
    Files.writeString(onlyB, new JWKSet(b).toString(false));

    Server first = node(port, both, "key-a");
    String old;
    try {
      JsonNode discovery =
          JSON.readTree(get(issuer + "/.well-known/openid-configuration", null).body());
      assertThat(discovery.path("issuer").asText()).isEqualTo(issuer);
      String jwksUri = discovery.path("jwks_uri").asText();
      assertThat(jwksUri).isEqualTo(issuer + "/jwks");
      HttpResponse<String> jwks = get(jwksUri, null);
      assertThat(jwks.headers().firstValue("Cache-Control")).contains("public, max-age=300");
      JWKSet published = JWKSet.parse(jwks.body());
      assertThat(published.getKeys())
          .extracting(k -> k.getKeyID())
          .containsExactly("key-a", "key-b");
      assertThat(published.getKeys()).noneMatch(k -> k.isPrivate());
      assertThat(jwks.body()).doesNotContain("\"d\"");

      old = login(base);
      SignedJWT parsed = SignedJWT.parse(old);
      assertThat(parsed.getHeader().getType().getType()).isEqualTo("JWT");
      assertThat(parsed.getHeader().getKeyID()).isEqualTo("key-a");
      JsonWebToken mp = smallRye(jwksUri, issuer, old);
      assertThat(mp.getName()).isEqualTo("user@example.com");
      assertThat(mp.getGroups()).contains("posts:read");
      assertThat(get(base + "/api/posts", old).statusCode()).isEqualTo(200);
      // the other service's own rules hold: another issuer, a forged signature
      assertThatThrownBy(() -> smallRye(jwksUri, "https://elsewhere.example/auth", old))
          .isInstanceOf(ParseException.class);
      String forged =
          old.substring(0, old.lastIndexOf('.') + 1)
              + "AAAA"
              + old.substring(old.lastIndexOf('.') + 5);
      assertThatThrownBy(() -> smallRye(jwksUri, issuer, forged))
          .isInstanceOf(ParseException.class);
    } finally {
      first.stop();
    }

    // the rotation: the same deployment restarted signing with key B, key A still in the set
    Server second = node(port, both, "key-b");
    try {
      String fresh = login(base);
      assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isEqualTo("key-b");
      for (String token : List.of(old, fresh)) {
        assertThat(get(base + "/api/posts", token).statusCode()).isEqualTo(200);
        assertThat(smallRye(issuer + "/jwks", issuer, token).getName())
            .isEqualTo("user@example.com");
      }
    } finally {
      second.stop();
    }

    // key A retired: what it signed verifies nowhere
    Server third = node(port, onlyB, "key-b");
    try {
      assertThat(get(base + "/api/posts", old).statusCode()).isEqualTo(401);
      assertThatThrownBy(() -> smallRye(issuer + "/jwks", issuer, old))
          .isInstanceOf(ParseException.class);
      assertThat(get(base + "/api/posts", login(base)).statusCode()).isEqualTo(200);
    } finally {
      third.stop();
    }
  }
}
