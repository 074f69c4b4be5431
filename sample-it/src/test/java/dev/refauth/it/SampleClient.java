package dev.refauth.it;

import dev.refauth.testsupport.DemoOperator;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The real sample.war as built (not a test-made archive), and an HTTP client for it. */
final class SampleClient {
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** The deployment at {@code contextPath} on the server of {@code deployed} (Arquillian's Jetty reports its own path). */
  SampleClient(URL deployed, String contextPath) {
    this.base = "http://127.0.0.1:" + deployed.getPort() + contextPath;
  }

  SampleClient(URL deployed) {
    // Payara reports a non-loopback host name; the server listens on every address
    String url = deployed.toString().replaceFirst("//[^:/]+", "//127.0.0.1");
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The tests' key for second-factor secrets (a deployment's own comes from its secrets, never from code). */
  private static final String MFA_TEST_KEY = "dGVzdC1vbmx5LWtleS1mb3ItdG90cC1zZWNyZXRzMzI=";

  /** The data folder of the next Jetty deployment (the Jetty ITs share one JVM), null on Payara. */
  private static Path jettyData;

  /**
   * For the Jetty ITs: the data folder of the next deployment, one per test class, so that no earlier deployment's
   * embedded H2 holds its file; emptied first, so that a second run without {@code clean} starts as the first did
   * (no account enrolled, no mail).
   */
  static void jettyDataFolder(String name) {
    jettyData =
        Path.of(System.getProperty("refauth.it.data", "target/jetty-data"), name).toAbsolutePath();
    try (Stream<Path> old = Files.exists(jettyData) ? Files.walk(jettyData) : Stream.empty()) {
      old.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Jetty has no MicroProfile Config: the deployment's settings come as system properties
    deploymentSettings(jettyData).forEach(System::setProperty);
  }

  /**
   * What a deployment gives the sample outside its {@code web.xml} (see its comments), with development values: a
   * signing key generated into {@code data}, mails written there, and a public origin (a stand-in: the test servers
   * take a random port; the tests check links by path).
   */
  private static Map<String, String> deploymentSettings(Path data) {
    return Map.of(
        "refauth.publicOrigin",
        "http://localhost:8080",
        "refauth.provider.jwt.jwks",
        data.resolve("dev-signing-key.jwks").toString(),
        "refauth.provider.jwt.generate",
        "ES256",
        "refauth.provider.mail.folder",
        data.resolve("mail").toString(),
        "refauth.provider.mfa.key",
        MFA_TEST_KEY);
  }

  /** The real WAR at the root context. */
  static WebArchive realWar() {
    return realWar("ROOT.war");
  }

  /**
   * The real WAR under the name that gives its context path ({@code app.war}: {@code /app}), with what its server
   * needs beside it: on Payara, a MicroProfile Config source with the deployment's settings (Payara creates the
   * database from the WAR's {@code <data-source>}); on Jetty, a {@code jetty-env.xml} that binds the database the WAR
   * refers to (an H2 file in the data folder).
   */
  static WebArchive realWar(String name) {
    File war = new File(System.getProperty("sample.war", "target/sample.war"));
    if (!war.isFile()) {
      throw new IllegalStateException(
          "no " + war + ": build sample-war first (mvn -pl sample-it -am verify)");
    }
    WebArchive archive =
        ShrinkWrap.create(ZipImporter.class, name).importFrom(war).as(WebArchive.class);
    if (jettyData == null) {
      StringBuilder config = new StringBuilder();
      deploymentSettings(Path.of(System.getProperty("payara.data")))
          .forEach((k, v) -> config.append(k).append('=').append(v).append('\n'));
      archive.addAsResource(
          new StringAsset(config.toString()), "META-INF/microprofile-config.properties");
    } else {
      archive.add(
          new StringAsset(
              """
              <?xml version="1.0"?>
              <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://www.eclipse.org/jetty/configure_10_0.dtd">
              <Configure id="wac" class="org.eclipse.jetty.ee10.webapp.WebAppContext">
                <New class="org.eclipse.jetty.plus.jndi.Resource">
                  <Arg><Ref refid="wac"/></Arg>
                  <Arg>jdbc/refauth</Arg>
                  <Arg><New class="org.h2.jdbcx.JdbcDataSource">
                    <Set name="URL">jdbc:h2:file:%s;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000</Set>
                  </New></Arg>
                </New>
              </Configure>
              """
                  .formatted(jettyData.resolve("refauth"))),
          "WEB-INF/jetty-ee10-env.xml");
    }
    if (!name.equals("ROOT.war")) {
      // Arquillian's Jetty names the context after its temporary file; Jetty reads the path from
      // here (Payara ignores it)
      archive.add(
          new StringAsset(
              "<?xml version=\"1.0\"?>\n<!DOCTYPE Configure PUBLIC \"-//Jetty//Configure//EN\" "
                  + "\"https://www.eclipse.org/jetty/configure_10_0.dtd\">\n<Configure class=\"org.eclipse.jetty.ee10.webapp.WebAppContext\">"
                  + "<Set name=\"contextPath\">/"
                  + name.substring(0, name.length() - ".war".length())
                  + "</Set></Configure>\n"),
          "WEB-INF/jetty-ee10-web.xml");
    }
    return archive;
  }

  /**
   * The real WAR with more init-params for its {@code auth} filter, written into its own {@code WEB-INF/web.xml}:
   * what an operator does to deploy it behind a proxy or for a Refine app on another origin. Deployed as
   * {@code app.war}, under {@code /app}.
   */
  static WebArchive realWarWith(Map<String, String> initParams) {
    WebArchive war = realWar("app.war");
    String xml;
    try (InputStream in = war.get("WEB-INF/web.xml").getAsset().openStream()) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder params = new StringBuilder();
    initParams.forEach(
        (name, value) ->
            params
                .append("    <init-param><param-name>")
                .append(name)
                .append("</param-name><param-value>")
                .append(value)
                .append("</param-value></init-param>\n"));
    for (String name : initParams.keySet()) {
      // a value the WAR already sets (provider.secureCookies, say) is replaced, not doubled
      xml =
          xml.replaceAll(
              "(?s)<init-param>\\s*<param-name>"
                  + Pattern.quote(name)
                  + "</param-name>\\s*<param-value>[^<]*</param-value>\\s*</init-param>",
              "");
    }
    int end = xml.indexOf("</filter>");
    xml = xml.substring(0, end) + params + xml.substring(end);
    war.delete("WEB-INF/web.xml");
    war.add(new StringAsset(xml), "WEB-INF/web.xml");
    return war;
  }

  String base() {
    return base;
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    return URI.create(base + path);
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
    return http.send(
        (headers.length > 0 ? b.headers(headers) : b).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> page(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return http.send(
        (headers.length > 0 ? b.headers(headers) : b).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The status line's code for a POST that declares a {@code Content-Length} of {@code length} bytes and sends only
   * the headers, as a client does that waits to hear whether the server takes such a body: a server that refuses it
   * by its declared length answers at once, and the answer cannot be lost to a connection reset while a client is
   * still writing megabytes.
   */
  int statusForDeclaredLength(String path, long length) throws Exception {
    URI uri = URI.create(base + path);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST "
              + uri.getRawPath()
              + " HTTP/1.1\r\nHost: "
              + uri.getHost()
              + ":"
              + uri.getPort()
              + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: "
              + length
              + "\r\n\r\n{\"password\":\"xxxxxxxx";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
              .readLine();
      if (status == null || !status.startsWith("HTTP/1.1 ")) {
        throw new AssertionError("no status line: " + status);
      }
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  HttpResponse<String> put(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json));
    return http.send(
        (headers.length > 0 ? b.headers(headers) : b).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The demo operator's bearer, stepped up: what the sample's account changes need. */
  String operator() {
    return DemoOperator.bearer(base);
  }

  /** Signs in with the /auth API and returns the access token. */
  String token(String email, String password) throws Exception {
    HttpResponse<String> r =
        postJson("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    if (r.statusCode() != 200) {
      throw new AssertionError(
          "login of " + email + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }
}
