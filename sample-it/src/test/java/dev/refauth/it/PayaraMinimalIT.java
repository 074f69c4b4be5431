package dev.refauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The minimal example on Payara Micro 6: web.xml alone configures the standard provider over the server's
 * DataSource ({@code <data-source>}), the signing secret comes from MicroProfile Config; the JAX-RS resource's
 * {@code @RequiresPermission}, the EJB's {@code @RolesAllowed}, {@code SecurityContext} and the {@code
 * <security-constraint>} answer 403 and 200 as the permissions say (the 401s are the guard's, which protects every
 * path of this application); {@code @Inject Identity} is each request's caller.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraMinimalIT {
  /**
   * The signing secret, as the deployment gives it (the WAR carries none): made for this run and handed to the
   * application through a MicroProfile Config source, never web.xml.
   */
  private static final String SECRET = MinimalWar.randomSecret();

  @ArquillianResource private URL url;

  @Deployment(testable = false)
  static WebArchive war() {
    return MinimalWar.withSecret(SECRET);
  }

  @Test
  void permissionsDecide_401_403_200() throws Exception {
    SampleClient client = new SampleClient(url);
    assertThat(client.get("/api/reports", "Accept", "application/json").statusCode())
        .isEqualTo(401);
    assertThat(client.get("/index.html", "Accept", "application/json").statusCode()).isEqualTo(401);
    String analyst = client.token("analyst@example.com", "demo-analyst-pass");
    var allowed =
        client.get("/api/reports", "Accept", "text/plain", "Authorization", "Bearer " + analyst);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).startsWith("reports for ");
    assertThat(client.get("/index.html", "Authorization", "Bearer " + analyst).body())
        .contains("behind the filter");
    String guest = client.token("guest@example.com", "demo-guest-pass");
    assertThat(
            client
                .get("/api/reports", "Accept", "text/plain", "Authorization", "Bearer " + guest)
                .statusCode())
        .isEqualTo(403);
    // a token signed with another secret is refused: the key is the configured one
    String[] parts = analyst.split("\\.");
    String forged =
        parts[0]
            + "."
            + parts[1]
            + "."
            + MinimalWar.signedWith(parts[0] + "." + parts[1], SECRET + "x");
    assertThat(
            client
                .get("/api/reports", "Accept", "text/plain", "Authorization", "Bearer " + forged)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void theSigningSecret_cameFromMicroProfileConfig() throws Exception {
    SampleClient client = new SampleClient(url);
    String token = client.token("analyst@example.com", "demo-analyst-pass");
    String[] parts = token.split("\\.");
    String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
    assertThat(header).contains("\"alg\":\"HS256\"");
    assertThat(parts[2]).isEqualTo(MinimalWar.signedWith(parts[0] + "." + parts[1], SECRET));
  }

  @Test
  void registration_andSignIn_overTheServersDataSource() throws Exception {
    SampleClient client = new SampleClient(url);
    assertThat(
            client
                .postJson(
                    "/auth/register",
                    "{\"email\":\"new@example.com\",\"password\":\"a-new-passphrase-1\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(client.token("new@example.com", "a-new-passphrase-1")).isNotEmpty();
  }

  @Test
  void theContainerSeesTheCaller_ejbAndCdiRolesAllowed_securityContext_securityConstraint()
      throws Exception {
    SampleClient client = new SampleClient(url);
    String analyst = client.token("analyst@example.com", "demo-analyst-pass");
    String guest = client.token("guest@example.com", "demo-guest-pass");

    // EJB @RolesAllowed behind a JAX-RS resource with no refauth annotation
    assertThat(client.get("/api/summary", "Accept", "text/plain").statusCode()).isEqualTo(401);
    var summary =
        client.get("/api/summary", "Accept", "text/plain", "Authorization", "Bearer " + analyst);
    assertThat(summary.statusCode()).isEqualTo(200);
    assertThat(summary.body()).startsWith("summary for ").doesNotContain("ANONYMOUS");
    assertThat(
            client
                .get("/api/summary", "Accept", "text/plain", "Authorization", "Bearer " + guest)
                .statusCode())
        .isEqualTo(403);

    // @RolesAllowed on a CDI bean (Payara checks it on enterprise beans only: auth-cdi does here)
    assertThat(
            client
                .get("/api/archive", "Accept", "text/plain", "Authorization", "Bearer " + analyst)
                .body())
        .isEqualTo("the archive");
    assertThat(
            client
                .get("/api/archive", "Accept", "text/plain", "Authorization", "Bearer " + guest)
                .statusCode())
        .isEqualTo(403);

    // jakarta.security.enterprise.SecurityContext and isUserInRole
    String whoAnalyst =
        client.get("/whoami", "Accept", "text/plain", "Authorization", "Bearer " + analyst).body();
    assertThat(whoAnalyst).contains("reports=true").contains("servletRole=true");
    assertThat(whoAnalyst).doesNotContain("caller=none").contains("email=analyst@example.com");
    String whoGuest =
        client.get("/whoami", "Accept", "text/plain", "Authorization", "Bearer " + guest).body();
    assertThat(whoGuest)
        .contains("reports=false")
        .contains("servletRole=false")
        .contains("email=guest@example.com"); // the servlet's Caller is each request's own

    // <security-constraint> in web.xml
    assertThat(
            client
                .get(
                    "/restricted/index.html",
                    "Accept",
                    "text/html",
                    "Authorization",
                    "Bearer " + analyst)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            client
                .get(
                    "/restricted/index.html",
                    "Accept",
                    "text/html",
                    "Authorization",
                    "Bearer " + guest)
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void injectIdentity_andTheAppsOwnUserType_inAJaxRsResource_isEachRequestsCaller()
      throws Exception {
    SampleClient client = new SampleClient(url);
    String analyst = client.token("analyst@example.com", "demo-analyst-pass");
    String guest = client.token("guest@example.com", "demo-guest-pass");
    for (int i = 0;
        i < 2;
        i++) { // twice each, interleaved: nothing of one caller stays for the next
      assertThat(
              client
                  .get("/api/me", "Accept", "text/plain", "Authorization", "Bearer " + analyst)
                  .body())
          .isEqualTo("analyst@example.com [reports:read]");
      assertThat(
              client
                  .get("/api/me", "Accept", "text/plain", "Authorization", "Bearer " + guest)
                  .body())
          .isEqualTo("guest@example.com []");
      // the application's own user type, made by its UserMapping
      assertThat(
              client
                  .get(
                      "/api/me/member",
                      "Accept",
                      "text/plain",
                      "Authorization",
                      "Bearer " + analyst)
                  .body())
          .isEqualTo("Ann Analyst (analyst)");
      assertThat(
              client
                  .get("/api/me/member", "Accept", "text/plain", "Authorization", "Bearer " + guest)
                  .body())
          .isEqualTo("Gus Guest");
    }
    assertThat(client.get("/api/me", "Accept", "text/plain").statusCode()).isEqualTo(401);
    assertThat(client.get("/api/me/member", "Accept", "text/plain").statusCode()).isEqualTo(401);
  }

  @Test
  void aCdiObserver_hearsSignInFailureAndSignOut() throws Exception {
    SampleClient client = new SampleClient(url);
    assertThat(
            client
                .postJson(
                    "/auth/login",
                    "{\"email\":\"guest@example.com\",\"password\":\"not-the-password\"}")
                .statusCode())
        .isEqualTo(401);
    String guest = client.token("guest@example.com", "demo-guest-pass");
    assertThat(
            client.postJson("/auth/logout", "{}", "Authorization", "Bearer " + guest).statusCode())
        .isEqualTo(200);
    String analyst = client.token("analyst@example.com", "demo-analyst-pass");
    String events =
        client
            .get("/api/events", "Accept", "text/plain", "Authorization", "Bearer " + analyst)
            .body();
    String guestId = guestIdFrom(events);
    // newest first: the analyst's sign-in, the guest's sign-out, sign-in, and refused sign-in
    assertThat(events.lines().limit(4).toList())
        .containsSubsequence(
            "SIGNED_OUT " + guestId, "SIGNED_IN " + guestId, "SIGN_IN_FAILED " + guestId);
    assertThat(events.lines().findFirst().orElseThrow()).startsWith("SIGNED_IN ");
  }

  /** The guest's account id: the subject of the event before its sign-out. */
  private static String guestIdFrom(String events) {
    return events
        .lines()
        .filter(l -> l.startsWith("SIGNED_OUT "))
        .findFirst()
        .map(l -> l.substring("SIGNED_OUT ".length()))
        .orElseThrow(() -> new AssertionError("no sign-out among " + events));
  }
}
