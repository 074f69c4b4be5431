package dev.refauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The minimal example without its signing secret in MicroProfile Config: the deployment fails on Payara, naming the
 * setting. (Payara keeps an application whose filter failed to start, serving it without the filter: refauth checks
 * its settings while the application starts, so that the whole deployment fails instead.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraMisconfiguredIT {
  @ArquillianResource private URL url;

  @Deployment(testable = false)
  static WebArchive war() {
    return MinimalWar.asBuilt(); // it carries no secret, and this deployment gives it none
  }

  @Test
  void aMissingSecret_failsTheDeployment_nothingIsServed() throws Exception {
    // Payara reports the failed start in its log ("Startup of context /minimal failed", naming the
    // setting) but not to Arquillian: nothing of the application may answer, not even its static
    // files
    // (PayaraMinimalIT, with the secret, is the control)
    SampleClient client = new SampleClient(url);
    for (String path : new String[] {"/index.html", "/api/reports", "/auth/me", "/auth/login"}) {
      assertThat(client.get(path, "Accept", "text/plain").statusCode()).as(path).isEqualTo(404);
    }
  }
}
