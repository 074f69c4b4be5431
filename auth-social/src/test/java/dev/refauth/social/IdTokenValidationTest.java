package dev.refauth.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ID token checks against tokens signed by a real OpenID provider (mock-oauth2-server) and its real JWK
 * set: each refusal beside the same token made acceptable.
 */
final class IdTokenValidationTest {
  private static final String CLIENT = "refauth-client";
  private static final String NONCE = "n-0S6_WzA2Mj";
  private static MockOAuth2Server oidc;
  private static SocialProvider provider;

  @BeforeAll
  static void start() {
    oidc = new MockOAuth2Server();
    oidc.start();
    provider =
        SocialProvider.oidc("corp", oidc.issuerUrl("corp").toString())
            .client(CLIENT, "secret")
            .build();
  }

  @AfterAll
  static void stop() {
    oidc.shutdown();
  }

  private static SignedJWT token(
      String issuerId, List<String> audience, Map<String, Object> extra, long expiry) {
    Map<String, Object> claims =
        new HashMap<>(Map.of("nonce", NONCE, "email", "pat@example.com", "email_verified", true));
    claims.putAll(extra);
    return oidc.issueToken(
        issuerId,
        CLIENT,
        new DefaultOAuth2TokenCallback(issuerId, "pat-sub", "JWT", audience, claims, expiry));
  }

  private static SignedJWT good() {
    return token("corp", List.of(CLIENT), Map.of(), 3600);
  }

  private static JWTClaimsSet verify(JWT token, String nonce, Clock clock)
      throws SocialLoginException {
    return provider.verifyIdToken(token, nonce, clock);
  }

  private static final Clock NOW = Clock.systemUTC();

  @Test
  void genuineToken_accepted_withItsClaims() throws Exception {
    JWTClaimsSet claims = verify(good(), NONCE, NOW);
    assertThat(claims.getSubject()).isEqualTo("pat-sub");
    assertThat(claims.getIssuer()).isEqualTo(oidc.issuerUrl("corp").toString());
  }

  @Test
  void nonceOfAnotherAttempt_refused() {
    assertThatThrownBy(() -> verify(good(), "another-attempts-nonce", NOW))
        .hasMessageContaining("nonce");
    assertThatThrownBy(
            () ->
                verify(
                    token("corp", List.of(CLIENT), Map.of("nonce", "replayed-nonce"), 3600),
                    NONCE,
                    NOW))
        .hasMessageContaining("nonce");
  }

  @Test
  void missingNonce_refused() {
    SignedJWT noNonce =
        oidc.issueToken(
            "corp",
            CLIENT,
            new DefaultOAuth2TokenCallback(
                "corp",
                "pat-sub",
                "JWT",
                List.of(CLIENT),
                Map.of("email", "pat@example.com"),
                3600));
    assertThatThrownBy(() -> verify(noNonce, NONCE, NOW)).isInstanceOf(SocialLoginException.class);
  }

  @Test
  void audienceOfAnotherClient_refused() {
    assertThatThrownBy(
            () -> verify(token("corp", List.of("another-client"), Map.of(), 3600), NONCE, NOW))
        .hasMessageContaining("aud");
  }

  @Test
  void azpOfAnotherClient_refused_azpOfThisClient_accepted() throws Exception {
    // a token obtained by another client (azp) that also names this one in aud
    SignedJWT other =
        oidc.issueToken(
            "corp",
            "another-client",
            new DefaultOAuth2TokenCallback(
                "corp", "pat-sub", "JWT", List.of(CLIENT, "api"), Map.of("nonce", NONCE), 3600));
    assertThat(other.getJWTClaimsSet().getStringClaim("azp")).isEqualTo("another-client");
    assertThatThrownBy(() -> verify(other, NONCE, NOW)).hasMessageContaining("azp");
    assertThat(
            verify(token("corp", List.of(CLIENT, "api"), Map.of("azp", CLIENT), 3600), NONCE, NOW)
                .getSubject())
        .isEqualTo("pat-sub");
  }

  @Test
  void expired_refusedByTheInjectedClock() throws Exception {
    SignedJWT t = good();
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
    assertThatThrownBy(() -> verify(t, NONCE, later)).hasMessageContaining("Expired");
    assertThat(
            verify(
                t, NONCE, Clock.fixed(Instant.now().plus(Duration.ofMinutes(30)), ZoneOffset.UTC)))
        .isNotNull();
  }

  @Test
  void anotherIssuer_refused() {
    // signed by "other", whose key is not in corp's JWK set, and naming "other" as issuer
    assertThatThrownBy(() -> verify(token("other", List.of(CLIENT), Map.of(), 3600), NONCE, NOW))
        .isInstanceOf(SocialLoginException.class);
  }

  @Test
  void forgedAlgorithms_refused_noneAndHmac() throws Exception {
    JWTClaimsSet claims = good().getJWTClaimsSet();
    assertThatThrownBy(() -> verify(new PlainJWT(claims), NONCE, NOW))
        .hasMessageContaining("not signed");
    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    hmac.sign(
        new MACSigner(
            "secret"
                .repeat(8))); // the client secret as HMAC key: never accepted for ID tokens here
    assertThatThrownBy(() -> verify(hmac, NONCE, NOW)).isInstanceOf(SocialLoginException.class);
  }

  @Test
  void tamperedPayload_refused() throws Exception {
    String[] parts = good().serialize().split("\\.");
    String evil =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new JWTClaimsSet.Builder(good().getJWTClaimsSet())
                    .subject("admin-sub")
                    .build()
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SignedJWT tampered = SignedJWT.parse(parts[0] + "." + evil + "." + parts[2]);
    assertThatThrownBy(() -> verify(tampered, NONCE, NOW)).isInstanceOf(SocialLoginException.class);
  }

  @Test
  void authorizationUrl_carriesPkceStateNonce_andNoSecret() throws Exception {
    URI url =
        provider.authorizationUrl(
            URI.create("https://app.example.com/auth/corp/callback"),
            "the-state",
            "the-nonce",
            "v".repeat(43));
    assertThat(url.getQuery())
        .contains("code_challenge_method=S256")
        .contains("state=the-state")
        .contains("nonce=the-nonce")
        .contains("response_type=code")
        .doesNotContain("secret")
        .doesNotContain("v".repeat(43));
    assertThat(provider.toString()).doesNotContain("secret");
  }
}
