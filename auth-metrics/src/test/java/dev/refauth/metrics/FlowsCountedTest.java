package dev.refauth.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.accounts.Accounts;
import dev.refauth.accounts.InMemoryAccountStore;
import dev.refauth.accounts.LoginLimits;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthEventQuery;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.Requirement;
import dev.refauth.core.adapter.AuthEndpoints;
import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.AuthEventStore;
import dev.refauth.testkit.MutableClock;
import dev.refauth.tokens.InMemoryTokenStore;
import dev.refauth.tokens.JwtCodec;
import dev.refauth.tokens.SigningAlgorithm;
import dev.refauth.tokens.TokenAuthProvider;
import dev.refauth.tokens.TokenKeys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real flows (accounts, tokens, the guard and its /auth API, an injected clock) with OpenTelemetry's in-memory
 * reader and an event store: each counter moves when its event happens and not otherwise, and the store holds the
 * events with the request's id.
 */
final class FlowsCountedTest {
  private static final String ADA = "ada@example.com";
  private static final String PASSWORD = "a-long-passphrase-1";

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T08:00:00Z"));
  private final AuthEventStore store = AuthEventStore.inMemory(1000);
  private final TokenKeys keys = TokenKeys.generate(SigningAlgorithm.HS256);
  private InMemoryMetricReader reader;
  private AuthGuard guard;
  private AuthEndpoints api;

  @BeforeEach
  void setUp() {
    reader = InMemoryMetricReader.create();
    OpenTelemetryMetrics metrics =
        OpenTelemetryMetrics.builder(
                OpenTelemetrySdk.builder()
                    .setMeterProvider(
                        SdkMeterProvider.builder().registerMetricReader(reader).build())
                    .build())
            .timeOneDecisionIn(1)
            .build();
    AuthEventListener events = AuthEventListener.all(List.of(metrics, store));
    Accounts accounts =
        Accounts.builder(new InMemoryAccountStore(), mail -> {}, URI.create("https://app.test"))
            .hasher(PasswordHasher.argon2id(1024, 1, 1))
            .clock(clock)
            .limits(new LoginLimits(3, 3, 300, Duration.ofMinutes(15), Duration.ofMinutes(15)))
            .background(Runnable::run)
            .events(events)
            .build();
    accounts.register(
        AuthParams.of(Map.of("email", ADA, "password", PASSWORD)), request("/auth/register"));
    TokenAuthProvider provider =
        TokenAuthProvider.builder(
                accounts,
                JwtCodec.builder(keys).clock(clock).accessTtl(Duration.ofMinutes(5)).build(),
                new InMemoryTokenStore())
            .clock(clock)
            .secureCookies(false)
            .refreshTtl(Duration.ofDays(1))
            .events(events)
            .metrics(metrics)
            .offer(store)
            .build();
    guard =
        AuthGuard.builder(provider)
            .identityCache(IdentityCache.builder().clock(clock).build())
            .metrics(metrics)
            .events(metrics)
            .build();
    api = guard.endpoints(AuthEndpoints.DEFAULT_MAX_BODY_BYTES);
  }

  private static AuthRequest request(String path) {
    return AuthRequest.builder("POST", path).remoteAddress("192.0.2.7").build();
  }

  private HttpReply login(String password, String requestId) {
    AuthRequest r =
        AuthRequest.builder("POST", "/auth/login")
            .remoteAddress("192.0.2.7")
            .header("Content-Type", "application/json")
            .header("X-Requested-With", "XMLHttpRequest")
            .header("X-Request-Id", requestId)
            .build();
    return api.handle(
        r,
        "/login",
        ("{\"email\":\"" + ADA + "\",\"password\":\"" + password + "\"}")
            .getBytes(StandardCharsets.UTF_8));
  }

  private HttpReply refresh(String refreshCookie) {
    AuthRequest r =
        AuthRequest.builder("POST", "/auth/refresh")
            .remoteAddress("192.0.2.7")
            .header("Content-Type", "application/json")
            .header("X-Requested-With", "XMLHttpRequest")
            .cookie(TokenAuthProvider.REFRESH_COOKIE, refreshCookie)
            .build();
    return api.handle(r, "/refresh", "{}".getBytes(StandardCharsets.UTF_8));
  }

  private static String refreshCookie(HttpReply r) {
    return r.cookies().stream()
        .filter(c -> c.name().equals(TokenAuthProvider.REFRESH_COOKIE))
        .findFirst()
        .orElseThrow()
        .value();
  }

  private static String accessToken(HttpReply r) {
    return r.json().orElseThrow().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }

  private int bearer(String token, Requirement requirement) {
    var d =
        guard.authorize(
            AuthRequest.builder("GET", "/api/posts")
                .remoteAddress("192.0.2.7")
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .build(),
            requirement);
    return d.reply().map(HttpReply::status).orElse(200);
  }

  private long count(String name, String... kv) {
    List<MetricData> data = List.copyOf(reader.collectAllMetrics());
    return data.stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .filter(
            p -> {
              for (int i = 0; i < kv.length; i += 2) {
                if (!kv[i + 1].equals(p.getAttributes().get(AttributeKey.stringKey(kv[i])))) {
                  return false;
                }
              }
              return true;
            })
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  private List<AuthEvent> stored(AuthEvent.Type type) {
    return store.find(AuthEventQuery.of("").withTypes(Set.of(type)).withLimit(1000));
  }

  @Test
  void aFailedSignIn_movesOnlyTheFailureCounter_andIsStored_withTheRequestsId() {
    assertThat(login("wrong-password-1", "req-failure-0001").status()).isEqualTo(401);
    assertThat(count("refauth.sign_ins", "outcome", "failure", "method", "password")).isEqualTo(1);
    assertThat(count("refauth.sign_ins", "outcome", "success")).isZero();
    assertThat(stored(AuthEvent.Type.SIGN_IN_FAILED))
        .singleElement()
        .satisfies(e -> assertThat(e.requestId()).isEqualTo("req-failure-0001"));
    // the positive control: the right password moves the success counter, not the failure one
    assertThat(login(PASSWORD, "req-success-0001").status()).isEqualTo(200);
    assertThat(count("refauth.sign_ins", "outcome", "success", "method", "password")).isEqualTo(1);
    assertThat(count("refauth.sign_ins", "outcome", "failure")).isEqualTo(1);
    assertThat(stored(AuthEvent.Type.SIGNED_IN))
        .singleElement()
        .satisfies(e -> assertThat(e.requestId()).isEqualTo("req-success-0001"));
  }

  @Test
  void aRequestIdThatCouldForgeALine_isReplaced_byAMadeUpOne() {
    login("wrong-password-1", "evil\r\n{\"type\":\"authn_login_success\"}");
    AuthEvent e = stored(AuthEvent.Type.SIGN_IN_FAILED).get(0);
    assertThat(e.requestId()).matches("[0-9a-f]{24}");
  }

  @Test
  void aLockout_isCounted_once_andThrottledAttemptsApart() {
    for (int i = 0; i < 3; i++) {
      login("wrong-password-" + i, "req-lock-000" + i);
      clock.advance(Duration.ofSeconds(30)); // past each slow-down
    }
    assertThat(count("refauth.lockouts")).isEqualTo(1);
    assertThat(count("refauth.throttled")).isZero();
    assertThat(login(PASSWORD, "req-locked-0001").status()).isEqualTo(429);
    assertThat(count("refauth.throttled", "method", "password")).isEqualTo(1);
    assertThat(count("refauth.sign_ins", "outcome", "success")).isZero();
    assertThat(stored(AuthEvent.Type.LOCKED_OUT)).hasSize(1);
  }

  @Test
  void refreshRotations_reuse_andExpiry_eachMoveTheirOwnCounter() {
    HttpReply in = login(PASSWORD, "req-refresh-0001");
    String first = refreshCookie(in);
    HttpReply renewed = refresh(first);
    assertThat(renewed.status()).isEqualTo(200);
    assertThat(count("refauth.refresh.rotations")).isEqualTo(1);
    assertThat(count("refauth.sign_ins", "outcome", "success", "method", "refresh")).isEqualTo(1);
    assertThat(count("refauth.refresh.reuses")).isZero();
    clock.advance(Duration.ofMinutes(1)); // past the grace
    assertThat(refresh(first).status()).isEqualTo(401); // the old one again: stolen
    assertThat(count("refauth.refresh.reuses")).isEqualTo(1);
    assertThat(count("refauth.refresh.rotations")).isEqualTo(1);
    assertThat(stored(AuthEvent.Type.TOKEN_REUSED)).hasSize(1);
    // a new login, then time passes beyond the refresh family's life
    String second = refreshCookie(login(PASSWORD, "req-refresh-0002"));
    clock.advance(Duration.ofDays(2));
    assertThat(refresh(second).status()).isEqualTo(401);
    assertThat(count("refauth.sign_ins", "outcome", "failure", "method", "refresh"))
        .isEqualTo(1); // the expired one (a reuse is counted apart)
    assertThat(count("refauth.refresh.rotations")).isEqualTo(1);
  }

  @Test
  void tokenVerifications_byResult() {
    String token = accessToken(login(PASSWORD, "req-tokens-0001"));
    assertThat(bearer(token, Requirement.authenticated())).isEqualTo(200);
    assertThat(count("refauth.token.verifications", "result", "valid")).isEqualTo(1);
    // forged: the signature's last characters changed
    String forged =
        token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThat(bearer(forged, Requirement.authenticated())).isEqualTo(401);
    assertThat(count("refauth.token.verifications", "result", "bad_signature")).isEqualTo(1);
    // another key's token
    String other =
        JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.HS256))
            .clock(clock)
            .build()
            .issue("someone")
            .token();
    assertThat(bearer(other, Requirement.authenticated())).isEqualTo(401);
    assertThat(count("refauth.token.verifications", "result", "unknown_key")).isEqualTo(1);
    // the right key, another audience
    String elsewhere =
        JwtCodec.builder(keys)
            .clock(clock)
            .audience("another-api")
            .build()
            .issue("someone")
            .token();
    assertThat(bearer(elsewhere, Requirement.authenticated())).isEqualTo(401);
    assertThat(count("refauth.token.verifications", "result", "wrong_audience")).isEqualTo(1);
    // time passes beyond the access token's life (and the cache's entry for it)
    clock.advance(Duration.ofMinutes(6));
    assertThat(bearer(token, Requirement.authenticated())).isEqualTo(401);
    assertThat(count("refauth.token.verifications", "result", "expired")).isEqualTo(1);
    assertThat(count("refauth.token.verifications", "result", "valid")).isEqualTo(1);
  }

  @Test
  void aRefusedPermission_isAnAuthzFailEvent_andAForbiddenDecision() {
    String token = accessToken(login(PASSWORD, "req-authz-00001"));
    assertThat(bearer(token, Requirement.authenticated())).isEqualTo(200);
    assertThat(stored(AuthEvent.Type.ACCESS_DENIED)).isEmpty(); // the control: allowed, no event
    assertThat(bearer(token, Requirement.permissions(Requirement.Logical.ALL, "audit:read")))
        .isEqualTo(403);
    assertThat(stored(AuthEvent.Type.ACCESS_DENIED)).hasSize(1);
    assertThat(count("refauth.events", "type", "authz_fail")).isEqualTo(1);
    assertThat(count("refauth.guard.decisions", "decision", "forbidden")).isEqualTo(1);
    assertThat(count("refauth.guard.decisions", "decision", "allowed")).isEqualTo(1);
    MetricData decisions =
        reader.collectAllMetrics().stream()
            .filter(m -> m.getName().equals("refauth.guard.decision.duration"))
            .findFirst()
            .orElseThrow();
    assertThat(
            decisions.getHistogramData().getPoints().stream()
                .filter(
                    p ->
                        "forbidden"
                            .equals(p.getAttributes().get(AttributeKey.stringKey("decision"))))
                .mapToLong(p -> p.getCount())
                .sum())
        .isEqualTo(1);
  }
}
