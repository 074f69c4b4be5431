package dev.refauth.bench;

import dev.refauth.core.AuthRequest;
import dev.refauth.core.Requirement;
import dev.refauth.core.adapter.Decision;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.AuthMetrics;
import dev.refauth.metrics.OpenTelemetryMetrics;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What measuring costs the guard's warm path (an HS256 bearer token in the identity cache, a permission checked):
 * {@code off} is {@link AuthMetrics#none()}, {@code on} is {@code auth-metrics} as it ships on an OpenTelemetry SDK
 * with a Prometheus reader (every decision counted, one in 16 timed), {@code every} the same timing every decision (two
 * clock reads and a histogram record each). Side by side in one run; the difference, set against a whole HTTP request
 * in {@code load.sh}, is the overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class MetricsCostBenchmark {
  @Param({"off", "on", "every"})
  public String metrics;

  private Fixtures fixtures;
  private AuthRequest request;
  private Requirement requirement;

  @Setup
  public void setUp() {
    if (!metrics.equals("off")) {
      OpenTelemetryMetrics m =
          OpenTelemetryMetrics.builder(
                  OpenTelemetrySdk.builder()
                      .setMeterProvider(
                          SdkMeterProvider.builder()
                              .registerMetricReader(PrometheusMetricReader.create())
                              .build())
                      .build())
              .timeOneDecisionIn(metrics.equals("every") ? 1 : 16)
              .build();
      fixtures = new Fixtures("HS256", m, m);
    } else {
      fixtures = new Fixtures("HS256", AuthMetrics.none(), AuthEventListener.none());
    }
    request = fixtures.bearerRequest();
    requirement = Requirement.permissions(Requirement.Logical.ALL, "posts:read");
    if (!fixtures.guard.authorize(request, requirement).proceeds()) {
      throw new IllegalStateException("the fixture's token is refused");
    }
  }

  @Benchmark
  public Decision warm() {
    return fixtures.guard.authorize(request, requirement);
  }
}
