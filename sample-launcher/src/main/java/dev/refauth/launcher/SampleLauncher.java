package dev.refauth.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs the sample WAR on an embedded Jetty 12:
 * {@code java -jar sample-app.jar [--port N] [--data DIR] [--no-demo-oidc]}. The WAR is inside this jar;
 * nothing else is needed.
 *
 * <p>Deployment options, passed to the WAR as the same init-params a {@code web.xml} takes (Jetty's override
 * descriptor; see the README): {@code --allowed-origin URL} (repeatable: a Refine app on another origin),
 * {@code --public-origin URL} (the origin users reach it at, behind a proxy; also the base of the links in mails;
 * default {@code http://localhost:<port>}),
 * {@code --trusted-proxy CIDR} (repeatable: whose {@code X-Forwarded-*} headers count; {@code --trusted-proxy-headers
 * forwarded} for proxies that write RFC 7239 {@code Forwarded} instead),
 * {@code --access-token-ttl DURATION} (default 5m), {@code --clock-skew DURATION} (default 60s) and
 * {@code --session-mode bearer|cookie|both} (default both).
 *
 * <p>What a server gives the WAR beside its {@code web.xml}, the launcher gives for development: its database
 * ({@code jdbc/refauth}, a pool over an H2 file in the data folder), a signing key generated into the data folder,
 * and a mail folder there ({@code <data>/mail}).
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
  /** A shared PostgreSQL instead of the embedded H2 (the pool the launcher binds for the WAR: SampleDatabase). */
  public static final String JDBC_URL_PROPERTY = "refauth.sample.jdbcUrl";

  public static final String JDBC_USER_PROPERTY = "refauth.sample.jdbcUser";
  public static final String JDBC_PASSWORD_PROPERTY = "refauth.sample.jdbcPassword";

  private SampleLauncher() {}

  public static void main(String[] args) throws Exception {
    Optional<Options> parsed = CommandLine.parse(args);
    if (parsed.isEmpty()) {
      return;
    }
    Options options = parsed.get();
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

    /** Any setting of the sample's provider ({@code issuers}, {@code social.providers}), over its web.xml. */
    public Options providerSetting(String name, String value) {
      provider.put("provider." + name, value);
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
      return SampleServer.start(host, port, data, demoOidc, refine, initParams());
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
}
