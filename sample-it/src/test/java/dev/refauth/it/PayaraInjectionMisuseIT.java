package dev.refauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.it.misuse.Badge;
import dev.refauth.it.misuse.BadgeInAnApplicationBean;
import dev.refauth.it.misuse.Badges;
import dev.refauth.it.misuse.IdentityInAServlet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minimal example plus a bean that would keep its first caller: the deployment fails (auth-cdi's injection rules),
 * its log naming the injection point, and nothing answers. {@code Identity} in a servlet, and the application's own
 * user type (made by a {@code UserMapping}) in an application-scoped bean. {@code PayaraMinimalIT}, whose servlet
 * injects {@code Caller} and whose resource injects its user type, is the control.
 */
class PayaraInjectionMisuseIT {
  @TempDir Path dir;

  @Test
  void identityInjectedIntoAServlet_failsTheDeployment_namingIt() throws Exception {
    deployFailing(
        MinimalWar.asBuilt().addClass(IdentityInAServlet.class),
        "@Inject Identity in dev.refauth.it.misuse.IdentityInAServlet.identity: a servlet, filter or"
            + " listener lives as long as the application");
  }

  @Test
  void theAppsUserType_injectedIntoAnApplicationScopedBean_failsTheDeployment_namingIt()
      throws Exception {
    deployFailing(
        MinimalWar.asBuilt().addClasses(Badge.class, Badges.class, BadgeInAnApplicationBean.class),
        "@Inject Badge in dev.refauth.it.misuse.BadgeInAnApplicationBean.badge: a"
            + " @ApplicationScoped bean outlives the request");
  }

  private void deployFailing(WebArchive archive, String message) throws Exception {
    Path war = dir.resolve("minimal.war");
    archive.as(ZipExporter.class).exportTo(war.toFile(), true);
    // with its secret, so that the misused injection is the only thing wrong
    try (PayaraProcess payara =
        PayaraProcess.deploy(
            war, Map.of("REFAUTH_PROVIDER_JWT_SECRET", MinimalWar.randomSecret()))) {
      assertThat(payara.log()).contains(message).contains("inject dev.refauth.cdi.Caller there");
      SampleClient client = new SampleClient(URI.create(payara.base("/minimal")).toURL());
      for (String path : new String[] {"/misuse", "/index.html", "/auth/login"}) {
        assertThat(client.get(path, "Accept", "text/plain").statusCode()).as(path).isEqualTo(404);
      }
    }
    assertThat(Files.exists(war)).isTrue();
  }
}
