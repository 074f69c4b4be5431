package dev.refauth.sample;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.Authentication;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: refauth's metrics (and any other this application records on its OpenTelemetry, see {@link
 * Telemetry}) in the Prometheus text format, for a scraper that signs in with a bearer token carrying {@code
 * metrics:read}. The auth filter protects the path like any other (401 without credentials); a caller without the
 * permission gets 403 through the provider's {@code onError}, as the other pages do. 503 when the SDK did not start.
 */
public final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The permission a scraper needs. */
  static final String PERMISSION = "metrics:read";

  private static final PrometheusTextFormatWriter WRITER =
      PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!(req.getAttribute(AuthGuard.AUTHENTICATION_ATTRIBUTE) instanceof Authentication)) {
      resp.sendError(401); // the filter lets no anonymous caller here; should it, nothing is shown
      return;
    }
    if (!Permits.granted(req, PERMISSION)) {
      // routed through the provider's onError by the filter: 403, the caller stays signed in
      resp.sendError(403);
      return;
    }
    Object reader = getServletContext().getAttribute(Telemetry.READER_ATTRIBUTE);
    if (!(reader instanceof PrometheusMetricReader metrics)) {
      resp.sendError(503);
      return;
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream(16 * 1024);
    WRITER.write(text, metrics.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
    resp.setStatus(200);
    resp.setContentType(WRITER.getContentType());
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setContentLength(text.size());
    text.writeTo(resp.getOutputStream());
  }
}
