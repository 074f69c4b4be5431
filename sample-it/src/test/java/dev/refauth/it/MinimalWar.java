package dev.refauth.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The minimal example WAR as built (it carries no signing secret), and the deployment's configuration for it. */
final class MinimalWar {
  private MinimalWar() {}

  /** The WAR as built. */
  static WebArchive asBuilt() {
    File war = new File(System.getProperty("minimal.war", "target/minimal.war"));
    return ShrinkWrap.create(ZipImporter.class, "minimal.war").importFrom(war).as(WebArchive.class);
  }

  /**
   * The WAR with a MicroProfile Config source that gives it {@code secret}, as a deployment would (here inside the
   * archive, made for the test run; a real deployment uses the environment or a password alias).
   */
  static WebArchive withSecret(String secret) {
    WebArchive archive = asBuilt();
    archive.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
    archive.addAsResource(
        new StringAsset(
            "refauth.publicOrigin=http://localhost:8080\nrefauth.provider.jwt.secret="
                + secret
                + "\n"),
        "META-INF/microprofile-config.properties");
    return archive;
  }

  /** 288 random bits, base64url. */
  static String randomSecret() {
    byte[] bytes = new byte[36];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The HS256 signature of {@code input} with {@code secret}, base64url: what a token signed with it carries. */
  static String signedWith(String input, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
  }
}
