package dev.refauth.metrics;

import dev.refauth.core.AuthEvent;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.AuthMetrics;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * refauth's measurements and {@link AuthEvent}s as OpenTelemetry metrics, on the meter {@code dev.refauth}:
 *
 * <table>
 *   <caption>Instruments</caption>
 *   <tr><th>name</th><th>kind</th><th>attributes</th></tr>
 *   <tr><td>{@code refauth.sign_ins}</td><td>counter</td><td>{@code outcome} (success, failure), {@code method}
 *       (password, social, passkey, otp, refresh)</td></tr>
 *   <tr><td>{@code refauth.lockouts}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code refauth.throttled}</td><td>counter</td><td>{@code method}</td></tr>
 *   <tr><td>{@code refauth.refresh.rotations}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code refauth.refresh.reuses}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code refauth.events}</td><td>counter</td><td>{@code type} (the OWASP vocabulary)</td></tr>
 *   <tr><td>{@code refauth.token.verifications}</td><td>counter</td><td>{@code result} (valid, expired,
 *       bad_signature, unknown_key, wrong_audience, invalid)</td></tr>
 *   <tr><td>{@code refauth.guard.decisions}</td><td>counter (observed)</td><td>{@code decision} (allowed,
 *       unauthenticated, forbidden, answered)</td></tr>
 *   <tr><td>{@code refauth.guard.decision.duration}</td><td>histogram, s</td><td>{@code decision}; one decision in
 *       {@link Builder#timeOneDecisionIn} (default 16), picked at random</td></tr>
 *   <tr><td>{@code refauth.identity_cache.hits}, {@code .misses}, {@code .evictions}</td><td>observed
 *       counters</td><td></td></tr>
 *   <tr><td>{@code refauth.identity_cache.size}</td><td>observed gauge</td><td></td></tr>
 *   <tr><td>{@code refauth.notice.delay}</td><td>histogram, s</td><td></td></tr>
 * </table>
 *
 * <p>Every attribute value comes from an enum, so no client can grow a label set. With {@link
 * Builder#tenantLabels}, the event counters also carry {@code tenant}: at most {@link Builder#maxTenants} distinct
 * values, the rest counted as {@code other}. Token verifications are counted when the identity cache misses (a cached
 * token is not verified again).
 *
 * <p>Every decision is counted (an adder per kind, read when the metrics are collected); only a sample is timed,
 * because a histogram record and two clock reads on every request cost more than the 1% of a protected request's
 * throughput this module may take (see docs/performance.md). The sample is uniform, so the duration's percentiles are
 * the decisions'; its count is about {@code 1/n} of {@code refauth.guard.decisions}.
 *
 * <p>Registered with {@code ServiceLoader} (as both {@link AuthMetrics} and {@link AuthEventListener}), an instance on
 * {@link GlobalOpenTelemetry}: on a server with MicroProfile Telemetry, or with the OpenTelemetry agent, that is the
 * server's; an application that sets up its own SDK sets it as the global one before the guard starts.
 */
public final class OpenTelemetryMetrics implements AuthMetrics, AuthEventListener {
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("method");
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
  private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
  private static final AttributeKey<String> DECISION = AttributeKey.stringKey("decision");
  private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant");

  /** Decisions take microseconds: the default buckets (from 5 ms) would put them all in the first. */
  private static final List<Double> DECISION_BUCKETS =
      List.of(
          1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2,
          5e-2, 0.1, 0.5, 1.0);

  private static final List<Double> NOTICE_BUCKETS =
      List.of(1e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

  private final Meter meter;
  private final boolean tenantLabels;
  private final int maxTenants;
  private final Map<String, String> tenants = new ConcurrentHashMap<>();
  private final LongCounter signIns;
  private final LongCounter lockouts;
  private final LongCounter throttled;
  private final LongCounter rotations;
  private final LongCounter reuses;
  private final LongCounter events;
  private final LongCounter verifications;
  private final DoubleHistogram decisionTimes;
  private final int timeOneIn;
  private final LongAdder[] decisionCounts = new LongAdder[AuthMetrics.Decision.values().length];
  private final DoubleHistogram noticeDelay;
  private final Map<AuthMetrics.Decision, Attributes> decisionAttributes =
      new EnumMap<>(AuthMetrics.Decision.class);
  private final Map<AuthMetrics.TokenResult, Attributes> resultAttributes =
      new EnumMap<>(AuthMetrics.TokenResult.class);

  /** On {@link GlobalOpenTelemetry}, without tenant labels: what {@code ServiceLoader} makes. */
  public OpenTelemetryMetrics() {
    this(builder(GlobalOpenTelemetry.get()));
  }

  private OpenTelemetryMetrics(Builder b) {
    this.meter = b.openTelemetry.getMeter("dev.refauth");
    this.tenantLabels = b.tenantLabels;
    this.maxTenants = b.maxTenants;
    this.signIns =
        meter
            .counterBuilder("refauth.sign_ins")
            .setDescription("Sign-ins (each factor that passes or fails, and session renewals)")
            .setUnit("{sign_in}")
            .build();
    this.lockouts =
        meter
            .counterBuilder("refauth.lockouts")
            .setDescription("Accounts locked after too many failed sign-ins")
            .setUnit("{lockout}")
            .build();
    this.throttled =
        meter
            .counterBuilder("refauth.throttled")
            .setDescription("Attempts refused unchecked: the client must wait")
            .setUnit("{attempt}")
            .build();
    this.rotations =
        meter
            .counterBuilder("refauth.refresh.rotations")
            .setDescription("Refresh tokens exchanged for new ones")
            .setUnit("{rotation}")
            .build();
    this.reuses =
        meter
            .counterBuilder("refauth.refresh.reuses")
            .setDescription("Refresh tokens used a second time (their login ended)")
            .setUnit("{reuse}")
            .build();
    this.events =
        meter
            .counterBuilder("refauth.events")
            .setDescription("Security events by type, after the OWASP logging vocabulary")
            .setUnit("{event}")
            .build();
    this.verifications =
        meter
            .counterBuilder("refauth.token.verifications")
            .setDescription("Token verifications (on identity cache misses) by result")
            .setUnit("{verification}")
            .build();
    this.timeOneIn = b.timeOneIn;
    for (int i = 0; i < decisionCounts.length; i++) {
      decisionCounts[i] = new LongAdder();
    }
    this.decisionTimes =
        meter
            .histogramBuilder("refauth.guard.decision.duration")
            .setDescription("How long the guard took to decide a request")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(DECISION_BUCKETS)
            .build();
    this.noticeDelay =
        meter
            .histogramBuilder("refauth.notice.delay")
            .setDescription("How late a notice from another node arrived")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(NOTICE_BUCKETS)
            .build();
    for (AuthMetrics.Decision d : AuthMetrics.Decision.values()) {
      decisionAttributes.put(d, Attributes.of(DECISION, label(d)));
    }
    for (AuthMetrics.TokenResult r : AuthMetrics.TokenResult.values()) {
      resultAttributes.put(r, Attributes.of(RESULT, label(r)));
    }
    meter
        .counterBuilder("refauth.guard.decisions")
        .setDescription("Requests the guard decided")
        .setUnit("{decision}")
        .buildWithCallback(
            m -> {
              for (AuthMetrics.Decision d : AuthMetrics.Decision.values()) {
                m.record(decisionCounts[d.ordinal()].sum(), decisionAttributes.get(d));
              }
            });
  }

  /** Metrics on {@code openTelemetry}'s meter provider. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Checks.notNull(openTelemetry, "openTelemetry"));
  }

  @Override
  public boolean timesDecision() {
    return timeOneIn == 1 || ThreadLocalRandom.current().nextInt(timeOneIn) == 0;
  }

  @Override
  public void decided(AuthMetrics.Decision decision, long nanos) {
    decisionCounts[decision.ordinal()].increment();
    if (nanos != AuthMetrics.UNTIMED) {
      decisionTimes.record(nanos / 1e9, decisionAttributes.get(decision));
    }
  }

  @Override
  public void tokenVerified(AuthMetrics.TokenResult result) {
    verifications.add(1, resultAttributes.get(result));
  }

  @Override
  public void noticeReceived(Duration delay) {
    noticeDelay.record(Math.max(0, delay.toNanos()) / 1e9);
  }

  @Override
  public void identityCache(Supplier<IdentityCache.Stats> stats) {
    meter
        .counterBuilder("refauth.identity_cache.hits")
        .setDescription("Identity cache hits")
        .buildWithCallback(m -> m.record(stats.get().hitCount()));
    meter
        .counterBuilder("refauth.identity_cache.misses")
        .setDescription("Identity cache misses")
        .buildWithCallback(m -> m.record(stats.get().missCount()));
    meter
        .counterBuilder("refauth.identity_cache.evictions")
        .setDescription("Identity cache entries evicted for size or age")
        .buildWithCallback(m -> m.record(stats.get().evictionCount()));
    meter
        .gaugeBuilder("refauth.identity_cache.size")
        .setDescription("Identity cache entries (estimated)")
        .ofLongs()
        .buildWithCallback(m -> m.record(stats.get().estimatedSize()));
  }

  @Override
  public void onEvent(AuthEvent e) {
    Attributes tenant =
        tenantLabels ? Attributes.of(TENANT, tenant(e.tenant())) : Attributes.empty();
    events.add(1, with(tenant, TYPE, e.type().vocabulary()));
    switch (e.type()) {
      case SIGNED_IN, SESSION_RENEWED -> signIns.add(1, signIn(tenant, "success", e.method()));
      case SIGN_IN_FAILED, SESSION_REFUSED -> signIns.add(1, signIn(tenant, "failure", e.method()));
      case LOCKED_OUT -> lockouts.add(1, tenant);
      case THROTTLED -> throttled.add(1, with(tenant, METHOD, e.method().label()));
      case TOKEN_REUSED -> reuses.add(1, tenant);
      default -> {}
    }
    if (e.type() == AuthEvent.Type.SESSION_RENEWED) {
      rotations.add(1, tenant);
    }
  }

  private static Attributes signIn(Attributes tenant, String outcome, AuthEvent.Method method) {
    return tenant.toBuilder().put(OUTCOME, outcome).put(METHOD, method.label()).build();
  }

  private static Attributes with(Attributes base, AttributeKey<String> key, String value) {
    return base.isEmpty() ? Attributes.of(key, value) : base.toBuilder().put(key, value).build();
  }

  /** The tenant as a label: itself while fewer than the maximum have been seen, else {@code other}. */
  private String tenant(String tenant) {
    String known = tenants.get(tenant);
    if (known != null) {
      return known;
    }
    if (tenants.size() >= maxTenants) {
      return "other";
    }
    return tenants.computeIfAbsent(tenant, t -> t.isEmpty() ? "none" : t);
  }

  private static String label(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** Builds {@link OpenTelemetryMetrics}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean tenantLabels;
    private int maxTenants = 100;
    private int timeOneIn = 16;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Whether the event counters carry the tenant (default {@code false}: one series per tenant multiplies what the
     * metrics backend keeps).
     */
    public Builder tenantLabels(boolean on) {
      this.tenantLabels = on;
      return this;
    }

    /** How many distinct tenants get their own label before the rest share {@code other} (default 100). */
    public Builder maxTenants(int max) {
      Checks.require(max >= 1 && max <= 10_000, "maxTenants must be from 1 to 10,000");
      this.maxTenants = max;
      return this;
    }

    /**
     * Times one decision in {@code n}, picked at random (default 16; 1 times every one). Every decision is counted
     * whatever {@code n} is.
     */
    public Builder timeOneDecisionIn(int n) {
      Checks.require(n >= 1 && n <= 1_000, "timeOneDecisionIn must be from 1 to 1,000");
      this.timeOneIn = n;
      return this;
    }

    public OpenTelemetryMetrics build() {
      return new OpenTelemetryMetrics(this);
    }
  }
}
