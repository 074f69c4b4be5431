package dev.refauth.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real sample.war deployed by Arquillian on embedded Jetty 12. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JettyIT extends SampleContract {
  @ArquillianResource private URL url;

  @Deployment(testable = false)
  static WebArchive war() {
    SampleClient.jettyDataFolder("sample");
    return SampleClient.realWar();
  }

  @Override
  SampleClient client() {
    return new SampleClient(url);
  }
}
