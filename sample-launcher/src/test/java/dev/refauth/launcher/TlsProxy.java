package dev.refauth.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A TLS-terminating reverse proxy in front of a plain-http upstream, as a load balancer or an ingress is: https on
 * its own port, with a self-signed certificate for {@code localhost} made by the JDK's keytool; plain http to the
 * upstream with the upstream's {@code Host} (Jetty's proxy rewrites it) and a {@code Forwarded} header.
 */
final class TlsProxy {
  final int port;
  private final Server server;

  TlsProxy(int port, int upstreamPort, Path dir) throws Exception {
    Path keystore = dir.resolve("proxy.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "proxy",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    if (!keytool.waitFor(60, TimeUnit.SECONDS)
        || keytool.exitValue() != 0
        || !Files.isRegularFile(keystore)) {
      throw new IllegalStateException(
          "keytool failed: " + new String(keytool.getInputStream().readAllBytes()));
    }
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(keystore.toString());
    tls.setKeyStorePassword("changeit");
    server = new Server();
    HttpConfiguration https = new HttpConfiguration();
    https.addCustomizer(new SecureRequestCustomizer());
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(
        new ProxyHandler.Reverse(
            request ->
                HttpURI.build(request.getHttpURI())
                    .scheme("http")
                    .host("127.0.0.1")
                    .port(upstreamPort)));
    server.start();
    this.port = connector.getLocalPort();
  }

  void stop() throws Exception {
    server.stop();
  }
}
