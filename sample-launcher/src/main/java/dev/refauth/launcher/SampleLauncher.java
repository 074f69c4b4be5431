package dev.refauth.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.net.InetAddress;
import java.net.ServerSocket;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Runs the sample WAR on an embedded Jetty 12:
 * {@code java -jar sample-app.jar [--port N] [--data DIR] [--no-demo-oidc]}. The WAR is inside this jar;
 * nothing else is needed.
 *
 * <p>Unless {@code --no-demo-oidc}, a local OpenID provider (mock-oauth2-server) starts beside it on a free
 * loopback port, so that "Sign in with Demo OIDC" works without internet: it signs in "Sam Social"
 * ({@code sam.social@example.com}, verified) without asking. It is for trying the flow only.
 *
 * <p>{@code --refine DIR} also serves a built Refine app (e.g. {@code examples/refine-admin/dist}) at
 * {@code /refine}, on the same origin as the {@code /auth} and {@code /api} it calls.
 *
 * <p>{@code --jdbc-url jdbc:postgresql://host/db} (with {@code --jdbc-user} / {@code --jdbc-password}, or the
 * environment variables {@code REFAUTH_JDBC_URL}, {@code REFAUTH_JDBC_USER}, {@code REFAUTH_JDBC_PASSWORD})
 * keeps the state in a shared PostgreSQL, so that several launchers on several ports form one application.
 * They must also share the signing key: give them the same {@code --data} folder.
 */
public final class SampleLauncher {
  /** The system property the sample reads its data folder from (see the sample's SampleProviderFactory). */
  public static final String DATA_PROPERTY = "refauth.sample.data";
  /** The sample's public URL, for links in mails and social login's redirect URIs. */
  public static final String BASE_URL_PROPERTY = "refauth.sample.publicBaseUrl";
  /** The issuer of the demo OpenID provider, when it runs. */
  public static final String DEMO_OIDC_PROPERTY = "refauth.sample.demoOidcIssuer";
  /** A shared PostgreSQL instead of the embedded H2 (see the sample's SampleProviderFactory). */
  public static final String JDBC_URL_PROPERTY = "refauth.sample.jdbcUrl";
  public static final String JDBC_USER_PROPERTY = "refauth.sample.jdbcUser";
  public static final String JDBC_PASSWORD_PROPERTY = "refauth.sample.jdbcPassword";
  private static final String USAGE = "usage: java -jar sample-app.jar [--port N] [--data DIR] [--no-demo-oidc] [--refine DIR]"
      + " [--jdbc-url URL [--jdbc-user U] [--jdbc-password P]]   (or REFAUTH_JDBC_URL, REFAUTH_JDBC_USER, REFAUTH_JDBC_PASSWORD)";
  private static final String DEMO_OIDC_CONFIG = """
      {"interactiveLogin": false, "tokenCallbacks": [{"issuerId": "demo", "tokenExpiry": 300, "requestMappings": [
        {"requestParam": "grant_type", "match": "*", "claims": {"sub": "demo-sam-social", "email": "sam.social@example.com",
          "email_verified": true, "name": "Sam Social"}}]}]}
      """;

  private SampleLauncher() {}

  public static void main(String[] args) throws Exception {
    int port = 8080;
    Path data = Path.of(System.getProperty("user.home"), ".refauth-sample");
    boolean demoOidc = true;
    Path refine = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = parsePort(value(args, ++i, "--port"));
        case "--data" -> data = Path.of(value(args, ++i, "--data"));
        case "--no-demo-oidc" -> demoOidc = false;
        case "--refine" -> refine = Path.of(value(args, ++i, "--refine"));
        case "--jdbc-url" -> System.setProperty(JDBC_URL_PROPERTY, value(args, ++i, "--jdbc-url"));
        case "--jdbc-user" -> System.setProperty(JDBC_USER_PROPERTY, value(args, ++i, "--jdbc-user"));
        case "--jdbc-password" -> System.setProperty(JDBC_PASSWORD_PROPERTY, value(args, ++i, "--jdbc-password"));
        case "--help", "-h" -> {
          System.out.println(USAGE);
          return;
        }
        default -> usage("unknown option " + args[i]);
      }
    }
    long start = System.nanoTime();
    Server server = start("127.0.0.1", port, data, demoOidc, refine);
    int actual = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    System.out.printf("refauth sample ready in %d ms on http://localhost:%d/ (data: %s)%n",
        (System.nanoTime() - start) / 1_000_000, actual, data.toAbsolutePath());
    server.join();
  }

  /**
   * Starts the sample and returns the running server.
   *
   * @throws IllegalStateException if the web application failed to start
   */
  public static Server start(String host, int port, Path data) throws Exception {
    return start(host, port, data, true);
  }

  /**
   * Starts the sample, with the demo OpenID provider or without it, and returns the running server (which
   * stops the provider when it stops).
   *
   * @throws IllegalStateException if the web application failed to start
   */
  public static Server start(String host, int port, Path data, boolean demoOidc) throws Exception {
    return start(host, port, data, demoOidc, null);
  }

  /**
   * As above, and with a built Refine app served from {@code refineDir} at {@code /refine} (when not null).
   *
   * @throws IllegalStateException if the web application failed to start or {@code refineDir} has no index.html
   */
  public static Server start(String host, int port, Path data, boolean demoOidc, Path refineDir) throws Exception {
    if (refineDir != null && !Files.isRegularFile(refineDir.resolve("index.html"))) {
      throw new IllegalStateException(refineDir + " has no index.html; build it with: cd examples/refine-admin && npm ci && npm run build");
    }
    Files.createDirectories(data);
    System.setProperty(DATA_PROPERTY, data.toAbsolutePath().toString());
    if (port == 0) {
      port = freePort(); // the public URL (redirect URIs, mail links) must name the port before the webapp starts
    }
    System.setProperty(BASE_URL_PROPERTY, "http://localhost:" + port);
    MockOAuth2Server oidc = null;
    if (demoOidc) {
      oidc = new MockOAuth2Server(OAuth2Config.Companion.fromJson(DEMO_OIDC_CONFIG));
      oidc.start(InetAddress.getByName("127.0.0.1"), 0);
      System.setProperty(DEMO_OIDC_PROPERTY, oidc.issuerUrl("demo").toString());
    } else {
      System.clearProperty(DEMO_OIDC_PROPERTY);
    }
    Path war = extractWar();
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false); // no product version for a scanner to match against known flaws
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(war.toString());
    webapp.setThrowUnavailableOnStartupException(true);
    // the WAR carries slf4j-api for Payara; here the webapp logs through the launcher's own SLF4J and Jetty's provider
    webapp.getProtectedClassMatcher().add("org.slf4j.");
    if (refineDir == null) {
      server.setHandler(webapp);
    } else {
      ResourceHandler files = new ResourceHandler();
      files.setBaseResource(ResourceFactory.of(files).newResource(refineDir.toRealPath()) /* canonical: Jetty refuses aliased paths */);
      files.setWelcomeFiles("index.html");
      server.setHandler(new ContextHandlerCollection(new ContextHandler(files, "/refine"), webapp));
    }
    server.setStopAtShutdown(true);
    if (oidc != null) {
      MockOAuth2Server provider = oidc;
      server.addEventListener(new LifeCycle.Listener() {
        @Override
        public void lifeCycleStopped(LifeCycle event) {
          provider.shutdown();
        }
      });
    }
    server.start();
    if (!webapp.isAvailable()) {
      server.stop();
      throw new IllegalStateException("the sample web application failed to start; see the log above");
    }
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static Path extractWar() throws IOException {
    try (InputStream in = SampleLauncher.class.getResourceAsStream("/webapp/sample.war")) {
      if (in == null) {
        throw new IllegalStateException("sample.war is not inside this jar; build with: mvn -pl sample-launcher -am package");
      }
      Path war = Files.createTempFile("refauth-sample", ".war");
      war.toFile().deleteOnExit();
      Files.copy(in, war, StandardCopyOption.REPLACE_EXISTING);
      return war;
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      usage(option + " needs a value");
    }
    return args[i];
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      if (p < 0 || p > 65535) {
        usage("--port must be from 0 to 65535");
      }
      return p;
    } catch (NumberFormatException e) {
      usage("--port must be a number");
      return -1;
    }
  }

  private static void usage(String problem) {
    System.err.println(problem + "\n" + USAGE);
    System.exit(2);
  }
}
