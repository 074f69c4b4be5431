package dev.refauth.it;

import java.net.URL;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real sample.war under /app, its web.xml given an allowed origin and 3-second tokens, on embedded Jetty 12. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JettyDeploymentIT extends DeploymentContract {
  @ArquillianResource private URL url;

  @Deployment(testable = false)
  static WebArchive war() {
    SampleClient.jettyDataFolder("deployment");
    return SampleClient.realWarWith(SETTINGS);
  }

  @Override
  Path dataFolder() {
    return Path.of(System.getProperty("refauth.it.data", "target/jetty-data"), "deployment");
  }

  @Override
  SampleClient client() {
    return new SampleClient(url, "/app");
  }
}
