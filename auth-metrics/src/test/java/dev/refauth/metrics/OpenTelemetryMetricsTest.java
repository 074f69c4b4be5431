package dev.refauth.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.AuthEvent;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.spi.AuthMetrics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each counter moves when its event happens, and not otherwise: read with OpenTelemetry's in-memory reader. */
final class OpenTelemetryMetricsTest {
  private InMemoryMetricReader reader;
  private OpenTelemetryMetrics metrics;

  @BeforeEach
  void setUp() {
    reader = InMemoryMetricReader.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build();
    metrics = OpenTelemetryMetrics.builder(sdk).build();
  }

  private static AuthEvent event(AuthEvent.Type type, AuthEvent.Method method, String tenant) {
    return new AuthEvent(type, Optional.of("acc"), tenant, "10.0.0.1", Instant.EPOCH, method, "");
  }

  /** The sum of {@code name}'s points whose attributes contain all of {@code match}. */
  private static long sum(Collection<MetricData> data, String name, Attributes match) {
    return data.stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .filter(p -> contains(p, match))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  private static boolean contains(LongPointData p, Attributes match) {
    boolean[] ok = {true};
    match.forEach((k, v) -> ok[0] &= v.equals(p.getAttributes().get(k)));
    return ok[0];
  }

  private static Attributes attrs(String... kv) {
    var b = Attributes.builder();
    for (int i = 0; i < kv.length; i += 2) {
      b.put(AttributeKey.stringKey(kv[i]), kv[i + 1]);
    }
    return b.build();
  }

  @Test
  void aFailedSignIn_movesTheFailureCounter_neverTheSuccessOne() {
    metrics.onEvent(event(AuthEvent.Type.SIGN_IN_FAILED, AuthEvent.Method.PASSWORD, "acme"));
    var data = reader.collectAllMetrics();
    assertThat(sum(data, "refauth.sign_ins", attrs("outcome", "failure", "method", "password")))
        .isEqualTo(1);
    assertThat(sum(data, "refauth.sign_ins", attrs("outcome", "success"))).isZero();
    assertThat(sum(data, "refauth.lockouts", Attributes.empty())).isZero();
    assertThat(sum(data, "refauth.events", attrs("type", "authn_login_fail"))).isEqualTo(1);
  }

  @Test
  void eachEvent_movesItsOwnCounter() {
    metrics.onEvent(event(AuthEvent.Type.SIGNED_IN, AuthEvent.Method.PASSWORD, "acme"));
    metrics.onEvent(event(AuthEvent.Type.SIGNED_IN, AuthEvent.Method.SOCIAL, "acme"));
    metrics.onEvent(event(AuthEvent.Type.SIGNED_IN, AuthEvent.Method.PASSKEY, "acme"));
    metrics.onEvent(event(AuthEvent.Type.SESSION_RENEWED, AuthEvent.Method.REFRESH, "acme"));
    metrics.onEvent(event(AuthEvent.Type.LOCKED_OUT, AuthEvent.Method.PASSWORD, "acme"));
    metrics.onEvent(event(AuthEvent.Type.THROTTLED, AuthEvent.Method.PASSWORD, "acme"));
    metrics.onEvent(event(AuthEvent.Type.TOKEN_REUSED, AuthEvent.Method.REFRESH, "acme"));
    metrics.onEvent(event(AuthEvent.Type.ACCESS_DENIED, AuthEvent.Method.NONE, "acme"));
    var data = reader.collectAllMetrics();
    for (String m : new String[] {"password", "social", "passkey", "refresh"}) {
      assertThat(sum(data, "refauth.sign_ins", attrs("outcome", "success", "method", m)))
          .as(m)
          .isEqualTo(1);
    }
    assertThat(sum(data, "refauth.sign_ins", attrs("outcome", "failure"))).isZero();
    assertThat(sum(data, "refauth.lockouts", Attributes.empty())).isEqualTo(1);
    assertThat(sum(data, "refauth.throttled", attrs("method", "password"))).isEqualTo(1);
    assertThat(sum(data, "refauth.refresh.rotations", Attributes.empty())).isEqualTo(1);
    assertThat(sum(data, "refauth.refresh.reuses", Attributes.empty())).isEqualTo(1);
    assertThat(sum(data, "refauth.events", attrs("type", "authz_fail"))).isEqualTo(1);
    assertThat(sum(data, "refauth.events", Attributes.empty())).isEqualTo(8);
    // no tenant label unless switched on
    assertThat(
            data.stream()
                .flatMap(d -> d.getData().getPoints().stream())
                .anyMatch(p -> p.getAttributes().get(AttributeKey.stringKey("tenant")) != null))
        .isFalse();
  }

  @Test
  void tokenVerifications_byResult_andDecisionTimes_inSeconds() {
    metrics.tokenVerified(AuthMetrics.TokenResult.VALID);
    metrics.tokenVerified(AuthMetrics.TokenResult.EXPIRED);
    metrics.tokenVerified(AuthMetrics.TokenResult.EXPIRED);
    metrics.tokenVerified(AuthMetrics.TokenResult.BAD_SIGNATURE);
    metrics.decided(AuthMetrics.Decision.ALLOWED, 20_000);
    metrics.decided(AuthMetrics.Decision.FORBIDDEN, 40_000);
    metrics.noticeReceived(Duration.ofMillis(30));
    metrics.noticeReceived(Duration.ofMillis(-5)); // another node's clock ahead: zero
    var data = reader.collectAllMetrics();
    assertThat(sum(data, "refauth.token.verifications", attrs("result", "valid"))).isEqualTo(1);
    assertThat(sum(data, "refauth.token.verifications", attrs("result", "expired"))).isEqualTo(2);
    assertThat(sum(data, "refauth.token.verifications", attrs("result", "bad_signature")))
        .isEqualTo(1);
    assertThat(sum(data, "refauth.token.verifications", attrs("result", "unknown_key"))).isZero();
    MetricData decisions =
        data.stream()
            .filter(m -> m.getName().equals("refauth.guard.decision.duration"))
            .findFirst()
            .orElseThrow();
    assertThat(decisions.getUnit()).isEqualTo("s");
    var points = decisions.getHistogramData().getPoints();
    assertThat(points).hasSize(2);
    var allowed =
        points.stream()
            .filter(
                p -> "allowed".equals(p.getAttributes().get(AttributeKey.stringKey("decision"))))
            .findFirst()
            .orElseThrow();
    assertThat(allowed.getCount()).isEqualTo(1);
    assertThat(allowed.getSum()).isEqualTo(20e-6, org.assertj.core.data.Offset.offset(1e-12));
    var notices =
        data.stream()
            .filter(m -> m.getName().equals("refauth.notice.delay"))
            .findFirst()
            .orElseThrow()
            .getHistogramData()
            .getPoints()
            .iterator()
            .next();
    assertThat(notices.getCount()).isEqualTo(2);
    assertThat(notices.getMin()).isZero();
  }

  @Test
  void theIdentityCache_isReadWhenCollected() {
    IdentityCache cache = IdentityCache.builder().build();
    metrics.identityCache(cache::stats);
    cache.get("token-a", "", java.util.Optional::empty); // a miss
    var data = reader.collectAllMetrics();
    assertThat(sum(data, "refauth.identity_cache.misses", Attributes.empty()))
        .isEqualTo(cache.stats().missCount());
    assertThat(data.stream().map(MetricData::getName).collect(Collectors.toSet()))
        .contains(
            "refauth.identity_cache.hits",
            "refauth.identity_cache.misses",
            "refauth.identity_cache.evictions",
            "refauth.identity_cache.size");
  }

  @Test
  void tenantLabels_whenOn_areBounded_aFloodOfTenantsSharesOther() {
    reader = InMemoryMetricReader.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build();
    OpenTelemetryMetrics labelled =
        OpenTelemetryMetrics.builder(sdk).tenantLabels(true).maxTenants(3).build();
    for (int i = 0; i < 5_000; i++) {
      labelled.onEvent(
          event(AuthEvent.Type.SIGN_IN_FAILED, AuthEvent.Method.PASSWORD, "tenant-" + i));
    }
    var data = reader.collectAllMetrics();
    Set<String> tenants =
        data.stream()
            .filter(m -> m.getName().equals("refauth.sign_ins"))
            .flatMap(m -> m.getLongSumData().getPoints().stream())
            .map(p -> p.getAttributes().get(AttributeKey.stringKey("tenant")))
            .collect(Collectors.toSet());
    assertThat(tenants).containsExactlyInAnyOrder("tenant-0", "tenant-1", "tenant-2", "other");
    assertThat(sum(data, "refauth.sign_ins", attrs("tenant", "other"))).isEqualTo(4_997);
  }

  @Test
  void everyDecisionIsCounted_oneInNTimed() {
    int timed = 0;
    for (int i = 0; i < 16_000; i++) {
      boolean t = metrics.timesDecision();
      timed += t ? 1 : 0;
      metrics.decided(AuthMetrics.Decision.ALLOWED, t ? 1_000 : AuthMetrics.UNTIMED);
    }
    assertThat(timed).as("one in 16 by default, at random").isBetween(700, 1300);
    var data = reader.collectAllMetrics();
    assertThat(sum(data, "refauth.guard.decisions", attrs("decision", "allowed")))
        .isEqualTo(16_000);
    assertThat(sum(data, "refauth.guard.decisions", attrs("decision", "forbidden"))).isZero();
    long histogramCount =
        data.stream()
            .filter(m -> m.getName().equals("refauth.guard.decision.duration"))
            .flatMap(m -> m.getHistogramData().getPoints().stream())
            .mapToLong(p -> p.getCount())
            .sum();
    assertThat(histogramCount).as("only the timed ones").isEqualTo(timed);

    OpenTelemetryMetrics everyOne =
        OpenTelemetryMetrics.builder(OpenTelemetry.noop()).timeOneDecisionIn(1).build();
    for (int i = 0; i < 100; i++) {
      assertThat(everyOne.timesDecision()).isTrue();
    }
    assertThatThrownBy(
            () -> OpenTelemetryMetrics.builder(OpenTelemetry.noop()).timeOneDecisionIn(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
