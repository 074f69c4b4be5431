package dev.refauth.it;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The real sample.war as built (not a test-made archive), and an HTTP client for it. */
final class SampleClient {
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  SampleClient(URL deployed) {
    // Payara reports a non-loopback host name; the server listens on every address
    String url = deployed.toString().replaceFirst("//[^:/]+", "//127.0.0.1");
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static WebArchive realWar() {
    File war = new File(System.getProperty("sample.war", "target/sample.war"));
    if (!war.isFile()) {
      throw new IllegalStateException("no " + war + ": build sample-war first (mvn -pl sample-it -am verify)");
    }
    return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
  }

  String base() {
    return base;
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
    return http.send((headers.length > 0 ? b.headers(headers) : b).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> page(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    return http.send((headers.length > 0 ? b.headers(headers) : b).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> put(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .header("Accept", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
    return http.send((headers.length > 0 ? b.headers(headers) : b).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in with the /auth API and returns the access token. */
  String token(String email, String password) throws Exception {
    HttpResponse<String> r = postJson("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    if (r.statusCode() != 200) {
      throw new AssertionError("login of " + email + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }
}
