package dev.refauth.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;

/** The embedded Jetty 12 that runs the sample: what {@link SampleLauncher.Options#start()} does. */
final class SampleServer {
  /** How long a stop waits for requests in flight. */
  private static final long STOP_TIMEOUT_MS = 10_000;

  private SampleServer() {}

  /**
   * Starts the WAR with its data folder, public origin and demo OpenID provider (init-params over its {@code
   * web.xml}) and its database (bound under the name its {@code web.xml} refers to), and the Refine app at {@code
   * /refine} when {@code refineDir} is not null.
   *
   * @throws IllegalStateException if the web application failed to start or {@code refineDir} has no index.html
   */
  static Server start(
      String host,
      int port,
      Path data,
      boolean demoOidc,
      Path refineDir,
      Map<String, String> initParams)
      throws Exception {
    if (refineDir != null) {
      RefineApp.checkBuilt(refineDir);
    }
    if (!Files.isDirectory(data)) {
      // the owner's only: the database, the signing key and mails with live links are in it
      Files.createDirectories(
          data,
          FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
              ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
              }
              : new FileAttribute<?>[0]);
    }
    if (port == 0) {
      // the public origin (redirect URIs, mail links) must name the port before the webapp starts
      port = freePort();
    }
    Map<String, String> params = new LinkedHashMap<>(developmentSettings(data, port));
    DemoOidc oidc = null;
    if (demoOidc) {
      oidc = DemoOidc.start();
      params.putAll(oidc.settings());
    }
    params.putAll(initParams);
    SampleDatabase database = SampleDatabase.open(data);
    WebAppContext webapp;
    try {
      webapp = SampleWar.webapp(params, database.dataSource());
    } catch (Exception e) {
      database.close(); // no server yet to close it when it stops
      throw e;
    }
    Server server = new Server();
    server.addConnector(connector(server, host, port));
    // a graceful stop: requests in flight finish before the web application and its pool go away,
    // requests arriving meanwhile get 503 (a half-stopped webapp would answer them with 500s)
    GracefulHandler graceful = new GracefulHandler();
    server.setHandler(graceful);
    if (refineDir == null) {
      graceful.setHandler(webapp);
    } else {
      graceful.setHandler(
          new ContextHandlerCollection(
              new ContextHandler(RefineApp.handler(refineDir), "/refine"), webapp));
    }
    server.setStopTimeout(STOP_TIMEOUT_MS);
    server.setStopAtShutdown(true);
    if (oidc != null) {
      oidc.stopWith(server);
    }
    // closed once the web application (and what it runs, such as the store's purge) has stopped
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopped(LifeCycle event) {
            database.close();
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw new IllegalStateException(
          "the sample web application failed to start: " + e.getMessage(), e);
    }
    if (!webapp.isAvailable()) {
      server.stop();
      throw new IllegalStateException(
          "the sample web application failed to start; see the log above");
    }
    return server;
  }

  /**
   * What a deployment gives the WAR outside its {@code web.xml}, here for development: the public origin (the
   * launcher's own URL), a signing key generated into the data folder, a key sealing second-factor secrets (the
   * same), and mails written there.
   */
  private static Map<String, String> developmentSettings(Path data, int port) throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("provider.mfa.key", developmentKey(data.resolve("dev-mfa.key")));
    p.put("publicOrigin", "http://localhost:" + port);
    p.put("provider.jwt.jwks", data.resolve("dev-signing-key.jwks").toAbsolutePath().toString());
    p.put("provider.jwt.generate", "ES256");
    p.put("provider.mail.folder", data.resolve("mail").toAbsolutePath().toString());
    return p;
  }

  /** A random 256-bit key in {@code file} (the owner's only), made on first start; base64. */
  private static String developmentKey(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp");
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
      try {
        Files.createLink(
            file, tmp); // atomic, and refused when it exists: of two nodes, one key wins
      } catch (FileAlreadyExistsException lost) {
        // the other node's
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return Files.readString(file).strip();
  }

  private static ServerConnector connector(Server server, String host, int port) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(
        false); // no product version for a scanner to match against known flaws
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
