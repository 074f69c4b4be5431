package dev.refauth.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs the sample WAR on an embedded Jetty 12: {@code java -jar sample-app.jar [--port N] [--data DIR]}.
 * The WAR is inside this jar; nothing else is needed.
 */
public final class SampleLauncher {
  /** The system property the sample reads its data folder from (see the sample's SampleProviderFactory). */
  public static final String DATA_PROPERTY = "refauth.sample.data";

  private SampleLauncher() {}

  public static void main(String[] args) throws Exception {
    int port = 8080;
    Path data = Path.of(System.getProperty("user.home"), ".refauth-sample");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = parsePort(value(args, ++i, "--port"));
        case "--data" -> data = Path.of(value(args, ++i, "--data"));
        case "--help", "-h" -> {
          System.out.println("usage: java -jar sample-app.jar [--port N] [--data DIR]");
          return;
        }
        default -> usage("unknown option " + args[i]);
      }
    }
    long start = System.nanoTime();
    Server server = start("127.0.0.1", port, data);
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
    Files.createDirectories(data);
    System.setProperty(DATA_PROPERTY, data.toAbsolutePath().toString());
    Path war = extractWar();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(war.toString());
    webapp.setThrowUnavailableOnStartupException(true);
    // the WAR carries slf4j-api for Payara; here the webapp logs through the launcher's own SLF4J and Jetty's provider
    webapp.getProtectedClassMatcher().add("org.slf4j.");
    server.setHandler(webapp);
    server.setStopAtShutdown(true);
    server.start();
    if (!webapp.isAvailable()) {
      server.stop();
      throw new IllegalStateException("the sample web application failed to start; see the log above");
    }
    return server;
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
    System.err.println(problem + "\nusage: java -jar sample-app.jar [--port N] [--data DIR]");
    System.exit(2);
  }
}
