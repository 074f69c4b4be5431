package dev.refauth.sample;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;

/**
 * The application's OpenTelemetry: an SDK whose meters a Prometheus reader collects, set as the global one before
 * the auth filter starts (a listener declared in web.xml runs before any filter's {@code init}), so that auth-metrics
 * ({@code OpenTelemetryMetrics}, found by {@code ServiceLoader} when the guard starts) records on it. {@link
 * MetricsServlet} writes what the reader collects at {@code /metrics}.
 *
 * <p>The global is per class loader: each web application (and each sample node of the tests, one Jetty {@code
 * WebAppContext} each) has its own. Where something set it before (a server's own telemetry, the OpenTelemetry agent),
 * that one stays: refauth's meters go there, and {@code /metrics} shows only what this SDK records; the start goes on,
 * with a warning. A server whose own OpenTelemetry API is older than this SDK leaves the metrics off, with a warning.
 */
public final class Telemetry implements ServletContextListener {
  /** The servlet-context attribute holding the {@link PrometheusMetricReader}, when the SDK started. */
  static final String READER_ATTRIBUTE = "dev.refauth.sample.metrics.reader";

  private static final System.Logger LOG = System.getLogger(Telemetry.class.getName());
  private OpenTelemetrySdk sdk;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    try {
      PrometheusMetricReader reader = PrometheusMetricReader.create();
      sdk =
          OpenTelemetrySdk.builder()
              .setMeterProvider(
                  SdkMeterProvider.builder()
                      .setResource(
                          Resource.getDefault()
                              .merge(
                                  Resource.create(
                                      Attributes.of(
                                          AttributeKey.stringKey("service.name"),
                                          "refauth-sample"))))
                      .registerMetricReader(reader)
                      .build())
              .build();
      try {
        GlobalOpenTelemetry.set(sdk);
      } catch (IllegalStateException already) {
        LOG.log(
            Level.WARNING,
            "an OpenTelemetry was set as the global one before this application's: refauth's metrics go to it,"
                + " and /metrics shows only what this application's SDK records");
      }
      context.setAttribute(READER_ATTRIBUTE, reader);
    } catch (LinkageError | RuntimeException e) {
      // e.g. a server that loads its own, older OpenTelemetry API before the application's
      LOG.log(Level.WARNING, "metrics are off: the OpenTelemetry SDK did not start: " + e);
      sdk = null;
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    event.getServletContext().removeAttribute(READER_ATTRIBUTE);
    if (sdk != null) {
      sdk.close();
      sdk = null;
    }
  }
}
