package dev.refauth.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Runs the sample WAR on an embedded Jetty 12:
 * {@code java -jar sample-app.jar [--port N] [--data DIR] [--no-demo-oidc]}. The WAR is inside this jar;
 * nothing else is needed.
 *
 * <p>Deployment options, passed to the WAR as the same init-params a {@code web.xml} takes (Jetty's override
 * descriptor; see the README): {@code --allowed-origin URL} (repeatable: a Refine app on another origin),
 * {@code --public-origin URL} (the origin users reach it at, behind a proxy; also the base of the links in mails),
 * {@code --trusted-proxy CIDR} (repeatable: whose {@code X-Forwarded-*} headers count; {@code --trusted-proxy-headers
 * forwarded} for proxies that write RFC 7239 {@code Forwarded} instead),
 * {@code --access-token-ttl DURATION} (default 5m), {@code --clock-skew DURATION} (default 60s) and
 * {@code --session-mode bearer|cookie|both} (default both).
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
  private static final String USAGE =
      "usage: java -jar sample-app.jar [--port N] [--data DIR] [--no-demo-oidc] [--refine DIR]"
          + " [--jdbc-url URL [--jdbc-user U] [--jdbc-password P]]   (or REFAUTH_JDBC_URL, REFAUTH_JDBC_USER, REFAUTH_JDBC_PASSWORD)\n"
          + "       [--allowed-origin URL]... [--public-origin URL] [--trusted-proxy CIDR]... [--trusted-proxy-headers x-forwarded|forwarded]"
          + " [--access-token-ttl DURATION]"
          + " [--clock-skew DURATION] [--session-mode bearer|cookie|both]";
  private static final String DEMO_OIDC_CONFIG =
      """
      {"interactiveLogin": false, "tokenCallbacks": [{"issuerId": "demo", "tokenExpiry": 300, "requestMappings": [
        {"requestParam": "grant_type", "match": "*", "claims": {"sub": "demo-sam-social", "email": "sam.social@example.com",
          "email_verified": true, "name": "Sam Social"}}]}]}
      """;

  private SampleLauncher() {}

  public static void main(String[] args) throws Exception {
    Options options =
        options().data(Path.of(System.getProperty("user.home"), ".refauth-sample")).port(8080);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> options.port(parsePort(value(args, ++i, "--port")));
        case "--data" -> options.data(Path.of(value(args, ++i, "--data")));
        case "--no-demo-oidc" -> options.demoOidc(false);
        case "--refine" -> options.refine(Path.of(value(args, ++i, "--refine")));
        case "--jdbc-url" -> System.setProperty(JDBC_URL_PROPERTY, value(args, ++i, "--jdbc-url"));
        case "--jdbc-user" ->
            System.setProperty(JDBC_USER_PROPERTY, value(args, ++i, "--jdbc-user"));
        case "--jdbc-password" ->
            System.setProperty(JDBC_PASSWORD_PROPERTY, value(args, ++i, "--jdbc-password"));
        case "--allowed-origin" -> options.allowedOrigin(value(args, ++i, "--allowed-origin"));
        case "--public-origin" -> options.publicOrigin(value(args, ++i, "--public-origin"));
        case "--trusted-proxy" -> options.trustedProxy(value(args, ++i, "--trusted-proxy"));
        case "--trusted-proxy-headers" ->
            options.trustedProxyHeaders(value(args, ++i, "--trusted-proxy-headers"));
        case "--access-token-ttl" -> options.accessTokenTtl(value(args, ++i, "--access-token-ttl"));
        case "--clock-skew" -> options.clockSkew(value(args, ++i, "--clock-skew"));
        case "--session-mode" -> options.sessionMode(value(args, ++i, "--session-mode"));
        case "--help", "-h" -> {
          System.out.println(USAGE);
          return;
        }
        default -> usage("unknown option " + args[i]);
      }
    }
    long start = System.nanoTime();
    Server server = options.start();
    int actual = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    System.out.printf(
        "refauth sample ready in %d ms on http://localhost:%d/ (data: %s)%n",
        (System.nanoTime() - start) / 1_000_000, actual, options.data.toAbsolutePath());
    server.join();
  }

  /** Options for {@link Options#start()}: loopback, a free port, the demo OpenID provider, the WAR's own settings. */
  public static Options options() {
    return new Options();
  }

  /** What to start: where, with which data, and the deployment settings handed to the WAR as init-params. */
  public static final class Options {
    private String host = "127.0.0.1";
    private int port;
    private Path data;
    private boolean demoOidc = true;
    private Path refine;
    private final List<String> allowedOrigins = new ArrayList<>();
    private final List<String> trustedProxies = new ArrayList<>();
    private final Map<String, String> provider = new LinkedHashMap<>();
    private String publicOrigin;
    private String trustedProxyHeaders;

    private Options() {}

    public Options host(String host) {
      this.host = host;
      return this;
    }

    /** 0 for a free one. */
    public Options port(int port) {
      this.port = port;
      return this;
    }

    public Options data(Path data) {
      this.data = data;
      return this;
    }

    public Options demoOidc(boolean on) {
      this.demoOidc = on;
      return this;
    }

    /** A built Refine app, served at {@code /refine} on the same origin. */
    public Options refine(Path dist) {
      this.refine = dist;
      return this;
    }

    public Options allowedOrigin(String origin) {
      allowedOrigins.add(origin);
      return this;
    }

    public Options publicOrigin(String origin) {
      this.publicOrigin = origin;
      return this;
    }

    public Options trustedProxy(String cidr) {
      trustedProxies.add(cidr);
      return this;
    }

    /** {@code x-forwarded} (the default) or {@code forwarded}: which headers the trusted proxies write. */
    public Options trustedProxyHeaders(String family) {
      this.trustedProxyHeaders = family;
      return this;
    }

    public Options accessTokenTtl(String duration) {
      provider.put("provider.accessTtl", duration);
      return this;
    }

    public Options clockSkew(String duration) {
      provider.put("provider.clockSkew", duration);
      return this;
    }

    /** {@code bearer}, {@code cookie} or {@code both}. */
    public Options sessionMode(String mode) {
      provider.put("provider.sessionMode", mode);
      return this;
    }

    /** The init-params these options give the WAR's {@code auth} filter, over its web.xml. */
    Map<String, String> initParams() {
      Map<String, String> params = new LinkedHashMap<>();
      if (!allowedOrigins.isEmpty()) {
        params.put("allowedOrigins", String.join(", ", allowedOrigins));
      }
      if (publicOrigin != null) {
        params.put("publicOrigin", publicOrigin);
        // the WAR's web.xml says false for plain-http development; the public origin's scheme
        // decides here
        params.put(
            "provider.secureCookies",
            Boolean.toString(publicOrigin.regionMatches(true, 0, "https://", 0, 8)));
      }
      if (!trustedProxies.isEmpty()) {
        params.put("trustedProxies", String.join(", ", trustedProxies));
      }
      if (trustedProxyHeaders != null) {
        params.put("trustedProxyHeaders", trustedProxyHeaders);
      }
      params.putAll(provider);
      return params;
    }

    /**
     * Starts the sample and returns the running server (which stops the demo OpenID provider when it stops).
     *
     * @throws IllegalStateException if the web application failed to start (a bad setting: see the log) or
     *     the Refine folder has no index.html
     */
    public Server start() throws Exception {
      return SampleLauncher.start(this);
    }
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
   * Starts the sample, with the demo OpenID provider or without it, and returns the running server.
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
  public static Server start(String host, int port, Path data, boolean demoOidc, Path refineDir)
      throws Exception {
    Options o = options().host(host).port(port).data(data).demoOidc(demoOidc);
    return (refineDir == null ? o : o.refine(refineDir)).start();
  }

  private static Server start(Options o) throws Exception {
    Path refineDir = o.refine;
    if (refineDir != null && !Files.isRegularFile(refineDir.resolve("index.html"))) {
      throw new IllegalStateException(
          refineDir
              + " has no index.html; build it with: cd examples/refine-admin && npm ci && npm run build");
    }
    Path data = o.data;
    Files.createDirectories(data);
    System.setProperty(DATA_PROPERTY, data.toAbsolutePath().toString());
    int port = o.port;
    if (port == 0) {
      // the public URL (redirect URIs, mail links) must name the port before the webapp starts
      port = freePort();
    }
    System.setProperty(BASE_URL_PROPERTY, "http://localhost:" + port);
    MockOAuth2Server oidc = null;
    if (o.demoOidc) {
      oidc = new MockOAuth2Server(OAuth2Config.Companion.fromJson(DEMO_OIDC_CONFIG));
      oidc.start(InetAddress.getByName("127.0.0.1"), 0);
      System.setProperty(DEMO_OIDC_PROPERTY, oidc.issuerUrl("demo").toString());
    } else {
      System.clearProperty(DEMO_OIDC_PROPERTY);
    }
    Path war = extractWar();
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(
        false); // no product version for a scanner to match against known flaws
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(o.host);
    connector.setPort(port);
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(war.toString());
    webapp.setThrowUnavailableOnStartupException(true);
    Map<String, String> params = o.initParams();
    if (!params.isEmpty()) {
      webapp.addOverrideDescriptor(overrideDescriptor(params).toString());
    }
    // the WAR carries slf4j-api for Payara; here the webapp logs through the launcher's own SLF4J
    // and Jetty's provider
    webapp.getProtectedClassMatcher().add("org.slf4j.");
    if (refineDir == null) {
      server.setHandler(webapp);
    } else {
      server.setHandler(
          new ContextHandlerCollection(
              new ContextHandler(refineApp(refineDir), "/refine"), webapp));
    }
    server.setStopAtShutdown(true);
    if (oidc != null) {
      MockOAuth2Server provider = oidc;
      server.addEventListener(
          new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle event) {
              provider.shutdown();
            }
          });
    }
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
   * The built Refine app: its files, and its index.html for any other path under it, since the app routes on the
   * client ({@code /refine/login} reloaded is the app's login page, not a missing file).
   */
  private static Handler refineApp(Path dir) throws IOException {
    Path root = dir.toRealPath(); // canonical: Jetty refuses aliased paths
    ResourceHandler files = new ResourceHandler();
    files.setBaseResource(ResourceFactory.of(files).newResource(root));
    files.setWelcomeFiles("index.html");
    return new Handler.Wrapper(files) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        String path = Request.getPathInContext(request);
        Path file = root.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
        if (path.equals("/") || (file.startsWith(root) && Files.isRegularFile(file))) {
          return super.handle(request, response, callback);
        }
        HttpURI index =
            HttpURI.build(request.getHttpURI())
                .path(Request.getContextPath(request) + "/index.html")
                .query(null);
        return super.handle(
            new Request.Wrapper(request) {
              @Override
              public HttpURI getHttpURI() {
                return index;
              }
            },
            response,
            callback);
      }
    };
  }

  /** A web.xml fragment Jetty lays over the WAR's own: these init-params for the filter named {@code auth}. */
  private static Path overrideDescriptor(Map<String, String> params) throws IOException {
    StringBuilder xml =
        new StringBuilder(
            """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <filter>
            <filter-name>auth</filter-name>
        """);
    params.forEach(
        (name, value) ->
            xml.append("    <init-param><param-name>")
                .append(xmlText(name))
                .append("</param-name><param-value>")
                .append(xmlText(value))
                .append("</param-value></init-param>\n"));
    xml.append("  </filter>\n</web-app>\n");
    Path file = Files.createTempFile("refauth-sample-override", ".xml");
    file.toFile().deleteOnExit();
    Files.writeString(file, xml);
    return file;
  }

  private static String xmlText(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static Path extractWar() throws IOException {
    try (InputStream in = SampleLauncher.class.getResourceAsStream("/webapp/sample.war")) {
      if (in == null) {
        throw new IllegalStateException(
            "sample.war is not inside this jar; build with: mvn -pl sample-launcher -am package");
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
