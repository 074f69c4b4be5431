package dev.refauth.testsupport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 (Jakarta EE 10) for tests: one servlet context, filled in code, listening on 127.0.0.1 only.
 *
 * <pre>{@code
 * try (EmbeddedJetty jetty =
 *     EmbeddedJetty.builder()
 *         .contextPath("/app")
 *         .configure(context -> context.addServlet(new ServletHolder(new Hello()), "/hello"))
 *         .start()) {
 *   URI hello = URI.create(jetty.baseUri() + "/hello"); // http://127.0.0.1:<port>/app/hello
 * }
 * }</pre>
 *
 * <p>The context has no session handler unless a configurer sets one ({@code context.setSessionHandler(new
 * SessionHandler())}). A JAX-RS application is one more servlet: register Jersey's {@code ServletContainer} in a
 * configurer.
 */
public final class EmbeddedJetty implements AutoCloseable {
  private final Server server;
  private final int port;
  private final URI baseUri;

  private EmbeddedJetty(Server server, int port, String contextPath) {
    this.server = server;
    this.port = port;
    this.baseUri =
        URI.create("http://127.0.0.1:" + port + (contextPath.equals("/") ? "" : contextPath));
  }

  /** A server in the root context, on a free port, with an empty context until configured. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /**
   * The context's address without a trailing slash, so that a path can be appended: {@code http://127.0.0.1:<port>}
   * for the root context, {@code http://127.0.0.1:<port>/app} for {@code /app}.
   */
  public URI baseUri() {
    return baseUri;
  }

  /** Stops the server. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  /** Fills the servlet context before the server starts: filters, servlets, init-params, listeners, attributes. */
  @FunctionalInterface
  public interface Configurer {
    void configure(ServletContextHandler context) throws Exception;
  }

  /** Collects the settings; {@link #start()} starts the server. */
  public static final class Builder {
    private String contextPath = "/";
    private int port;
    private final List<Configurer> configurers = new ArrayList<>();

    private Builder() {}

    /** The context path: {@code /} (the default) or {@code /name}, no trailing slash. */
    public Builder contextPath(String contextPath) {
      Objects.requireNonNull(contextPath, "contextPath");
      if (!contextPath.equals("/") && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
        throw new IllegalArgumentException(
            "contextPath is / or /name without a trailing slash: " + contextPath);
      }
      this.contextPath = contextPath;
      return this;
    }

    /**
     * A fixed port, for a test that must know the address before the server starts (a callback URL); by default
     * (0) a free one.
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port is 0 (any free one) to 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** Adds a configurer; they run in the order given, before the server starts. */
    public Builder configure(Configurer configurer) {
      configurers.add(Objects.requireNonNull(configurer, "configurer"));
      return this;
    }

    /** Configures the context and starts the server; a server that fails to start is stopped. */
    public EmbeddedJetty start() throws Exception {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(port);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath(contextPath);
      try {
        for (Configurer configurer : configurers) {
          configurer.configure(context);
        }
        server.setHandler(context);
        server.start();
      } catch (Exception | Error e) {
        try {
          server.stop();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      return new EmbeddedJetty(server, connector.getLocalPort(), contextPath);
    }
  }
}
