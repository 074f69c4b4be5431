package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.refauth.launcher.DevMailbox;
import dev.refauth.launcher.SampleLauncher;
import dev.refauth.launcher.hostile.Case.Probe;
import dev.refauth.launcher.hostile.Raw.Reply;
import dev.refauth.launcher.hostile.Raw.Request;
import dev.refauth.testsupport.DemoOperator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The sample under attack: the real WAR in embedded Jetty 12 (the launcher), its embedded H2 and development
 * mail folder, the demo OpenID provider beside it; plus a trap server that counts any fetch the sample makes
 * (a {@code jku} or {@code x5u} it should never follow). Everything is observed from outside, over HTTP and
 * the mail folder. Deployed as for a Refine app on {@value #APP_ORIGIN} behind a proxy at {@value #PROXY}: the
 * suite's own requests come from 127.0.0.1, an untrusted peer.
 */
final class Target {
  static final String ADA = "admin@example.com";
  static final String ADA_PASSWORD = "demo-admin-pass";
  static final String UMA = "user@example.com";
  static final String UMA_PASSWORD = "demo-user-pass";
  static final String GIL = "admin@globex.example";
  static final String GIL_PASSWORD = "demo-globex-pass";

  /** The origin of the Refine app the sample allows (CORS, CSRF). */
  static final String APP_ORIGIN = "https://admin.example.test";

  /** The one peer whose forwarding headers the sample believes: a proxy on its own loopback address. */
  static final String PROXY = "127.0.0.3";

  /** Text of acme's seeded post: a body carrying it leaked data. */
  static final String ACME_POST = "Hello, refauth";

  final Path data;
  final int port;
  final String base;
  final Raw http;
  private final Server server;
  private final HttpServer trap;
  private final AtomicInteger trapHits = new AtomicInteger();
  private String observer;

  Target(Path data) throws Exception {
    this.data = data;
    this.server =
        SampleLauncher.options()
            .data(data)
            .allowedOrigin(APP_ORIGIN)
            .trustedProxy(PROXY + "/32")
            .start();
    this.port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    this.base = "http://localhost:" + port;
    this.http = new Raw("127.0.0.1", port, "localhost:" + port);
    this.trap = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    trap.createContext(
        "/",
        exchange -> {
          trapHits.incrementAndGet();
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    trap.start();
  }

  void close() throws Exception {
    trap.stop(0);
    server.stop();
  }

  Reply send(Request r) {
    return http.send(r);
  }

  /** An URL on the trap server: the sample must never fetch it. */
  String trapUrl(String path) {
    return "http://127.0.0.1:" + trap.getAddress().getPort() + path;
  }

  Reply login(String email, String password, String... extraJson) {
    String extra = extraJson.length == 0 ? "" : "," + String.join(",", extraJson);
    return send(
        Raw.post("/auth/login")
            .jsonBody(
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"" + extra + "}"));
  }

  String token(String email, String password) {
    Reply r = login(email, password);
    assertThat(r.status()).as("login of %s: %s", email, r).isEqualTo(200);
    return accessToken(r);
  }

  /** The demo operator's token, stepped up: what changing an account asks for. */
  String operator() {
    return DemoOperator.token(base);
  }

  static String accessToken(Reply r) {
    Matcher m = Pattern.compile("\"accessToken\":\"([^\"]+)\"").matcher(r.body());
    assertThat(m.find()).as("an access token in %s", r).isTrue();
    return m.group(1);
  }

  /** Registers a fresh account (acme, posts:read) and answers its access token. */
  String newAccount(String email, String password) {
    Reply r =
        send(
            Raw.post("/auth/register")
                .jsonBody(
                    "{\"email\":\""
                        + email
                        + "\",\"password\":\""
                        + password
                        + "\",\"name\":\"Test\"}"));
    assertThat(r.status()).as("register %s: %s", email, r).isEqualTo(200);
    return token(email, password);
  }

  /**
   * Whether a {@code Location} stays on this application: a path ({@code /x}, never {@code //host} or
   * {@code /\host}) or this server's own origin.
   */
  boolean isLocal(String location) {
    String path =
        location.startsWith(base + "/")
            ? location.substring(base.length())
            : location.startsWith("http://127.0.0.1:" + port + "/")
                ? location.substring(("http://127.0.0.1:" + port).length())
                : location;
    return path.startsWith("/")
        && !path.startsWith("//")
        && !path.startsWith("/\\")
        && path.chars().noneMatch(c -> c < 0x21 || c == 0x7f);
  }

  int status(Request r) {
    return send(r).status();
  }

  private final java.util.Set<Path> readMail = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The next mail not read before to {@code to} with this subject (waits up to 10 s). */
  String awaitMail(String to, String subject) throws Exception {
    return DevMailbox.await(data, "To: " + to, subject, readMail);
  }

  /** The reset token of the next unread reset mail to {@code to}. */
  String resetToken(String to) throws Exception {
    Matcher m =
        Pattern.compile("/reset-password\\?token=([A-Za-z0-9_-]+)")
            .matcher(awaitMail(to, "Reset your password"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** How many mails to {@code to} with this subject are in the folder now. */
  long mailCount(String to, String subject) throws IOException {
    Path folder = data.resolve("mail");
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(
              f -> {
                try {
                  return Files.readString(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .filter(text -> text.contains("To: " + to) && text.contains("Subject: " + subject))
          .count();
    }
  }

  // ---- probes: what must not change ----

  /** Ada's view of acme's posts (an admin, so it sees every post of the tenant). */
  Probe acmePosts() {
    return new Probe("acme's posts", () -> asObserver("/api/posts"));
  }

  /** Every acme account: id, email, name, status, permissions. */
  Probe acmeAccounts() {
    return new Probe(
        "acme's accounts",
        () -> {
          List<String> pages = new ArrayList<>();
          for (int page = 0; ; page++) {
            String body = asObserver("/api/admin/users?page=" + page);
            if (body.equals("[]")) {
              return pages;
            }
            pages.add(body);
          }
        });
  }

  /** The development mail folder's contents (mail is sent in the background: waits for it to settle). */
  Probe mail() {
    return new Probe(
        "mail sent",
        () -> {
          try {
            Thread.sleep(400);
            Path folder = data.resolve("mail");
            if (!Files.isDirectory(folder)) {
              return List.of();
            }
            try (Stream<Path> files = Files.list(folder)) {
              return files.map(p -> p.getFileName().toString()).sorted().toList();
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        });
  }

  /** Requests that reached the trap server: outbound fetches. */
  Probe outboundFetches() {
    return new Probe("outbound fetches", trapHits::get);
  }

  /** Whether this bearer token is still accepted. */
  Probe tokenValid(String token) {
    return new Probe(
        "the token's validity", () -> status(Raw.get("/auth/me").json().bearer(token)));
  }

  private synchronized String asObserver(String path) {
    if (observer == null) {
      observer = token(ADA, ADA_PASSWORD);
    }
    Reply reply = send(Raw.get(path).json().bearer(observer));
    if (reply.status() == 401) { // expired or revoked by a case: sign in again
      observer = token(ADA, ADA_PASSWORD);
      reply = send(Raw.get(path).json().bearer(observer));
    }
    assertThat(reply.status()).as("observer %s", reply).isEqualTo(200);
    return reply.body();
  }
}
