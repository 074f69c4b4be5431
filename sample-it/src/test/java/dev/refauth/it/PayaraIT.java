package dev.refauth.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real sample.war deployed by Arquillian on Payara Micro 6 (the WAR unchanged; Payara uses its own Jersey). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraIT extends SampleContract {
  @ArquillianResource private URL url;

  @Deployment(testable = false)
  static WebArchive war() {
    return SampleClient.realWar();
  }

  @Override
  SampleClient client() {
    return new SampleClient(url);
  }

  @Override
  boolean exportsMetrics() {
    return false; // Payara 6 puts its own OpenTelemetry API 1.29 before the WAR's:
    // docs/observability.md
  }
}
