package dev.refauth.it;

import java.io.File;
import java.security.SecureRandom;
import java.util.Base64;
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
}
