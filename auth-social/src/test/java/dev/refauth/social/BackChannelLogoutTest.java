package dev.refauth.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.spi.ExternalIdentity;
import dev.refauth.core.spi.SessionIssuer;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect Back-Channel Logout against logout tokens signed by a real OpenID provider (mock-oauth2-server)
 * with its real JWK set: each refusal changes nothing and sits beside the same token made acceptable.
 */
final class BackChannelLogoutTest {
  private static final String CLIENT = "refauth-client";
  private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
  private static MockOAuth2Server oidc;
  private static SocialLoginProvider social;
  private static final List<String> ended = new ArrayList<>();
  private static final Set<String> claimed = new HashSet<>();

  /** The session issuer behind social login: records what it is asked to end. */
  static final class Issuer implements AuthProvider, SessionIssuer {
    @Override
    public AuthActionResponse login(AuthParams params, AuthRequest request) {
      return AuthActionResponse.success();
    }

    @Override
    public AuthActionResponse logout(AuthParams params, AuthRequest request) {
      return AuthActionResponse.success("/login");
    }

    @Override
    public CheckResponse check(AuthRequest request) {
      return CheckResponse.unauthenticated("/login");
    }

    @Override
    public OnErrorResponse onError(AuthError error, AuthRequest request) {
      return OnErrorResponse.none();
    }

    @Override
    public Optional<AuthActionResponse> signInExternal(
        ExternalIdentity identity, AuthRequest request) {
      return Optional.empty();
    }

    @Override
    public byte[] derivedSecret(String purpose) {
      return new byte[32];
    }

    @Override
    public boolean secureCookies() {
      return false;
    }

    @Override
    public boolean endExternalSessions(
        String issuer, Optional<String> sessionId, Optional<String> subject) {
      ended.add(issuer + " sid=" + sessionId.orElse("-") + " sub=" + subject.orElse("-"));
      return true;
    }

    @Override
    public boolean claimOnce(String key, Instant until) {
      return claimed.add(key);
    }
  }

  @BeforeAll
  static void start() {
    oidc = new MockOAuth2Server();
    oidc.start();
    SocialProvider corp =
        SocialProvider.oidc("corp", oidc.issuerUrl("corp").toString())
            .client(CLIENT, "secret")
            .build();
    SocialProvider other =
        SocialProvider.oidc("other", oidc.issuerUrl("other").toString())
            .client(CLIENT, "secret")
            .build();
    social =
        SocialLoginProvider.builder(new Issuer())
            .socialLogin(
                SocialLogin.builder(
                        URI.create("http://localhost:8080/auth"), new InMemoryLoginAttemptStore())
                    .provider(corp)
                    .provider(other)
                    .secret(new byte[32])
                    .build())
            .build();
  }

  @AfterAll
  static void stop() {
    oidc.shutdown();
  }

  @BeforeEach
  void clear() {
    ended.clear();
  }

  /** A logout token of {@code issuerId}: the back-channel event, {@code sid}, no nonce, unless {@code extra} says. */
  static String token(String issuerId, List<String> audience, Map<String, Object> extra) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("events", Map.of(EVENT, Map.of()));
    claims.put("sid", "kc-session-1");
    claims.putAll(extra);
    claims.values().removeIf(v -> v.equals("REMOVE"));
    return oidc.issueToken(
            issuerId,
            CLIENT,
            new DefaultOAuth2TokenCallback(
                issuerId, "pat-sub", "logout+jwt", audience, claims, 120))
        .serialize();
  }

  static AuthActionResponse post(String provider, String token) {
    return social.backChannelLogout(
        provider,
        AuthParams.of(Map.of("logout_token", token)),
        AuthRequest.builder("POST", "/auth/" + provider + "/backchannel-logout").build());
  }

  static int status(AuthActionResponse r) {
    return r.isSuccess() ? 200 : r.error().orElseThrow().status().orElse(0);
  }

  @Test
  void aValidLogoutToken_endsItsSession_once_theReplayChangesNothing() {
    String token = token("corp", List.of(CLIENT), Map.of());
    assertThat(status(post("corp", token))).isEqualTo(200);
    assertThat(ended).containsExactly(oidc.issuerUrl("corp") + " sid=kc-session-1 sub=pat-sub");
    assertThat(status(post("corp", token))).isEqualTo(400);
    assertThat(status(post("corp", token))).isEqualTo(400);
    assertThat(ended).hasSize(1);
  }

  @Test
  void withoutSid_itEndsThePersonsLogins_bySubject() {
    assertThat(status(post("corp", token("corp", List.of(CLIENT), Map.of("sid", "REMOVE")))))
        .isEqualTo(200);
    assertThat(ended).containsExactly(oidc.issuerUrl("corp") + " sid=- sub=pat-sub");
  }

  @Test
  void tokensThatAreNotLogoutTokens_orNotForUs_areRefused_andEndNothing() throws Exception {
    List<String> bad =
        List.of(
            // an ID token's shape: a nonce
            token("corp", List.of(CLIENT), Map.of("nonce", "n-1")),
            // no event
            token("corp", List.of(CLIENT), Map.of("events", "REMOVE")),
            // another event
            token("corp", List.of(CLIENT), Map.of("events", Map.of("urn:other", Map.of()))),
            // another client's
            token("corp", List.of("someone-else"), Map.of()),
            // another provider's, sent to this provider's endpoint
            token("other", List.of(CLIENT), Map.of()),
            // neither sid nor sub can be removed from mock-oauth2-server's tokens; issued long ago
            token(
                "corp",
                List.of(CLIENT),
                Map.of("iat", Date.from(Instant.now().minusSeconds(3600)).getTime() / 1000)),
            // signed with a shared secret
            hs256(),
            "not-a-jwt",
            "");
    for (String token : bad) {
      assertThat(status(post("corp", token))).as(token).isEqualTo(400);
    }
    assertThat(status(post("nobody", token("corp", List.of(CLIENT), Map.of())))).isEqualTo(400);
    assertThat(ended).isEmpty();
    // the control: the same provider's valid token
    assertThat(status(post("other", token("other", List.of(CLIENT), Map.of())))).isEqualTo(200);
    assertThat(ended).hasSize(1);
  }

  private static String hs256() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .issuer(oidc.issuerUrl("corp").toString())
                .audience(CLIENT)
                .issueTime(new Date())
                .jwtID("j-1")
                .claim("events", Map.of(EVENT, Map.of()))
                .claim("sid", "kc-session-1")
                .build());
    jwt.sign(new MACSigner(new byte[32]));
    return jwt.serialize();
  }
}
