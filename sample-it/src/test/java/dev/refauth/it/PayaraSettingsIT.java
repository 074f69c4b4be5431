package dev.refauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minimal example on Payara Micro, run as an operator runs it, without its signing secret and then with it: the
 * deployment fails, its log naming the setting and where it was looked for, and nothing of the application answers;
 * given the secret in the environment, or as a Payara password alias the environment refers to, the same WAR serves,
 * signing with that secret. (Payara keeps an application whose filter failed to
 * start, serving it without the filter: refauth checks its settings while the application starts, so that the whole
 * deployment fails instead.)
 */
class PayaraSettingsIT {
  private static final Path WAR = Path.of(System.getProperty("minimal.war", "target/minimal.war"));
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aMissingSecret_failsTheDeployment_namingTheSettingAndWhereItWasLookedFor() throws Exception {
    // the WAR carries no secret, and this deployment gives it none
    try (PayaraProcess payara = PayaraProcess.deploy(WAR, Map.of())) {
      assertThat(payara.log())
          .contains("Startup of context /minimal failed")
          .contains(
              "'provider.jwt.secret' (not set, nor in MicroProfile Config as refauth.provider.jwt.secret");
      for (String path : new String[] {"/index.html", "/api/reports", "/auth/me", "/auth/login"}) {
        assertThat(status(payara.base("/minimal") + path)).as(path).isEqualTo(404);
      }
    }
  }

  @Test
  void theSecretInTheEnvironment_theSameWarServes_untilTheTokenExpires_everywhereTheContainerLooks()
      throws Exception {
    String secret = MinimalWar.randomSecret();
    // 3-second access tokens without clock skew, from the environment too
    try (PayaraProcess payara =
        PayaraProcess.deploy(
            WAR,
            Map.of(
                "REFAUTH_PROVIDER_JWT_SECRET",
                secret,
                "REFAUTH_PROVIDER_ACCESSTTL",
                "3s",
                "REFAUTH_PROVIDER_CLOCKSKEW",
                "0"))) {
      assertThat(payara.log()).doesNotContain("Startup of context").doesNotContain(secret);
      SampleClient client = new SampleClient(URI.create(payara.base("/minimal")).toURL());
      assertThat(client.get("/api/reports").statusCode()).isEqualTo(401);
      String analyst = client.token("analyst@example.com", "demo-analyst-pass");
      // the JAX-RS annotation, the EJB's @RolesAllowed (through the Jakarta Security mechanism),
      // and
      // the <security-constraint>: all let the fresh token in...
      String[][] doors = {
        {"/api/reports", "text/plain"},
        {"/api/summary", "text/plain"},
        {"/restricted/index.html", "text/html"}
      };
      for (String[] door : doors) {
        assertThat(
                client
                    .get(door[0], "Accept", door[1], "Authorization", "Bearer " + analyst)
                    .statusCode())
            .as(door[0])
            .isEqualTo(200);
      }
      Thread.sleep(4_000);
      // ...and none lets it in once it has expired: the API answers 401, the page sends a browser
      // to
      // sign in
      for (String[] door : doors) {
        assertThat(
                client
                    .get(door[0], "Accept", door[1], "Authorization", "Bearer " + analyst)
                    .statusCode())
            .as(door[0] + ", expired")
            .isEqualTo(door[1].equals("text/html") ? 302 : 401);
      }
    }
  }

  @Test
  void theSecretAsAPasswordAlias_referredToFromTheEnvironment_signsTheTokens(@TempDir Path dir)
      throws Exception {
    String secret = MinimalWar.randomSecret();
    // the operator's steps: the alias made from a password file (then deleted), the environment
    // naming the alias only
    Path passwordFile =
        Files.writeString(dir.resolve("alias"), "AS_ADMIN_ALIASPASSWORD=" + secret + "\n");
    Path commands =
        Files.writeString(
            dir.resolve("post-boot.txt"),
            "create-password-alias --passwordfile " + passwordFile + " refauthjwt\n");
    try (PayaraProcess payara =
        PayaraProcess.deploy(
            WAR,
            Map.of("REFAUTH_PROVIDER_JWT_SECRET", "${refauthjwt}"),
            "--postbootcommandfile",
            commands.toString())) {
      Files.delete(passwordFile);
      assertThat(payara.log()).doesNotContain("Startup of context").doesNotContain(secret);
      SampleClient client = new SampleClient(URI.create(payara.base("/minimal")).toURL());
      String[] token = client.token("analyst@example.com", "demo-analyst-pass").split("\\.");
      assertThat(token[2])
          .as("signed with the alias's secret")
          .isEqualTo(MinimalWar.signedWith(token[0] + "." + token[1], secret));
    }
  }

  private int status(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
