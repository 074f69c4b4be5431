package dev.refauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.it.misuse.IdentityInAServlet;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The minimal example plus a servlet that injects {@code Identity}: the deployment fails (auth-cdi's injection rules),
 * because a servlet would keep its first caller's identity for every later request. PayaraMinimalIT, whose servlet
 * injects {@code Caller}, is the control.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraInjectionMisuseIT {
  @ArquillianResource private URL url;

  @Deployment(testable = false)
  static WebArchive war() {
    // with its secret, so that the misused injection is the only thing wrong
    return MinimalWar.withSecret(MinimalWar.randomSecret()).addClass(IdentityInAServlet.class);
  }

  @Test
  void identityInjectedIntoAServlet_failsTheDeployment() throws Exception {
    SampleClient client = new SampleClient(url);
    for (String path : new String[] {"/misuse", "/index.html", "/auth/login"}) {
      assertThat(client.get(path, "Accept", "text/plain").statusCode()).as(path).isEqualTo(404);
    }
  }
}
