package dev.refauth.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.testsupport.DemoOperator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sample nodes (two embedded Jetty servers, each with the real WAR) on one real PostgreSQL: state is
 * shared, invalidations travel by LISTEN/NOTIFY, races resolve in the database, an outage fails closed.
 * The outage and node-kill tests run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class ScaleOutTest {
  @TempDir static Path data;
  @TempDir static Path pgData;
  private static int pgPort;
  private static EmbeddedPostgres pg;
  private static Server nodeA;
  private static Server nodeB;
  private static String a;
  private static String b;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      pgPort = s.getLocalPort();
    }
    pg = startPostgres();
    System.setProperty(SampleLauncher.JDBC_URL_PROPERTY, pg.getJdbcUrl("postgres", "postgres"));
    System.setProperty(SampleLauncher.JDBC_USER_PROPERTY, "postgres");
    try {
      nodeA =
          SampleLauncher.start(
              "127.0.0.1", 0, data, false); // the same data folder: the same signing key
      nodeB = SampleLauncher.start("127.0.0.1", 0, data, false);
    } finally {
      System.clearProperty(SampleLauncher.JDBC_URL_PROPERTY);
      System.clearProperty(SampleLauncher.JDBC_USER_PROPERTY);
    }
    a = "http://127.0.0.1:" + ((ServerConnector) nodeA.getConnectors()[0]).getLocalPort();
    b = "http://127.0.0.1:" + ((ServerConnector) nodeB.getConnectors()[0]).getLocalPort();
  }

  private static EmbeddedPostgres startPostgres() throws IOException {
    return EmbeddedPostgres.builder()
        .setPort(pgPort)
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (Server s : new Server[] {nodeA, nodeB}) {
      if (s != null && s.isRunning()) {
        s.stop();
      }
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
    return HTTP.send(
        r.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String node, String path, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(node + path))
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token));
  }

  private static HttpResponse<String> post(String node, String path, String json, String... headers)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(node + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return send(headers.length > 0 ? r.headers(headers) : r);
  }

  private static HttpResponse<String> login(String node, String email, String password)
      throws Exception {
    return post(
        node, "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  private static String token(HttpResponse<String> login) {
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return login.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }

  private static String register(String node) throws Exception {
    String email = "n-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    assertThat(
            post(
                    node,
                    "/auth/register",
                    "{\"email\":\"" + email + "\",\"password\":\"scale-out-passphrase\"}")
                .statusCode())
        .isEqualTo(200);
    return email;
  }

  private static DataSource db() {
    return pg.getPostgresDatabase();
  }

  private static long count(String sql, String arg) throws Exception {
    try (Connection c = db().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Polls until the status is {@code expected}; returns the milliseconds it took. */
  private static long awaitStatus(
      String node, String path, String token, int expected, long maxMillis) throws Exception {
    long start = System.nanoTime();
    while (true) {
      int status = get(node, path, token).statusCode();
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      if (status == expected) {
        return elapsed;
      }
      if (elapsed > maxMillis) {
        throw new AssertionError(
            path + " on " + node + " still " + status + " after " + elapsed + " ms");
      }
      Thread.sleep(10);
    }
  }

  @Test
  @Order(1)
  void loginOnA_useOnB() throws Exception {
    String t = token(login(a, "user@example.com", "demo-user-pass"));
    assertThat(get(b, "/api/posts", t).statusCode()).isEqualTo(200);
    assertThat(get(b, "/auth/me", t).body()).contains("\"name\":\"Uma User\"");
    assertThat(get(b, "/api/posts", "not-a-token").statusCode()).isEqualTo(401);
  }

  @Test
  @Order(2)
  void logoutOnB_refusedOnA_withinOneSecond() throws Exception {
    String email = register(a);
    String t = token(login(a, email, "scale-out-passphrase"));
    String other =
        token(
            login(b, email, "scale-out-passphrase")); // the control: another login of the same user
    assertThat(get(a, "/auth/me", t).statusCode()).isEqualTo(200); // now cached on A
    assertThat(get(a, "/auth/me", other).statusCode()).isEqualTo(200);
    assertThat(post(b, "/auth/logout", "{}", "Authorization", "Bearer " + t).statusCode())
        .isEqualTo(200);
    long delay = awaitStatus(a, "/auth/me", t, 401, 1_000);
    System.out.println("invalidation delay (logout on B, refused on A): " + delay + " ms");
    assertThat(get(a, "/auth/me", other).statusCode()).as("the other login stays").isEqualTo(200);
  }

  @Test
  @Order(3)
  void permissionRemovedOnA_forbiddenOnB_withinOneSecond() throws Exception {
    String email = register(a);
    String t = token(login(b, email, "scale-out-passphrase"));
    assertThat(get(b, "/api/posts", t).statusCode()).isEqualTo(200); // cached on B with posts:read
    String admin = DemoOperator.token(a); // stepped up: changing permissions asks for it
    String users = get(a, "/api/admin/users", admin).body();
    String id =
        users.replaceAll(
            ".*\"id\":\"([^\"]+)\",\"email\":\"" + email.replace(".", "\\.") + "\".*", "$1");
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(URI.create(a + "/api/admin/users/" + id + "/permissions"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("[]")));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
    long delay = awaitStatus(b, "/api/posts", t, 403, 1_000);
    System.out.println("invalidation delay (permission removed on A, 403 on B): " + delay + " ms");
    assertThat(get(b, "/auth/me", t).statusCode())
        .as("still signed in, only without the permission")
        .isEqualTo(200);
  }

  @Test
  @Order(4)
  void fiftyConcurrentRefreshes_overTwoNodes_oneSuccessor() throws Exception {
    String email = register(a);
    HttpResponse<String> login = login(a, email, "scale-out-passphrase");
    String refresh =
        login.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("refauth_refresh="))
            .findFirst()
            .orElseThrow()
            .split(";")[0];
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String node = i % 2 == 0 ? a : b;
      answers.add(pool.submit(() -> post(node, "/auth/refresh", "{}", "Cookie", refresh)));
    }
    Set<String> successors = new HashSet<>();
    int ok = 0;
    for (Future<HttpResponse<String>> f : answers) {
      HttpResponse<String> r = f.get();
      assertThat(r.statusCode()).as(r.body()).isIn(200, 401);
      if (r.statusCode() == 200) {
        ok++;
        r.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("refauth_refresh="))
            .forEach(c -> successors.add(c.split(";")[0]));
      }
    }
    pool.shutdown();
    assertThat(ok).as("within the grace window every presenter gets the successor").isEqualTo(50);
    assertThat(successors).hasSize(1);
    assertThat(
            count(
                "SELECT COUNT(*) FROM refauth_refresh_tokens t JOIN refauth_refresh_families f ON f.id = t.family_id"
                    + " JOIN refauth_accounts a ON a.id = f.subject WHERE a.email = ?",
                email))
        .as("the original and one successor")
        .isEqualTo(2);
  }

  @Test
  @Order(5)
  void theSameEmailOnTwoNodesAtOnce_oneAccount() throws Exception {
    String email = "race-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String node = i % 2 == 0 ? a : b;
      answers.add(
          pool.submit(
              () ->
                  post(
                      node,
                      "/auth/register",
                      "{\"email\":\"" + email + "\",\"password\":\"race-passphrase-1\"}")));
    }
    for (Future<HttpResponse<String>> f : answers) {
      assertThat(f.get().statusCode())
          .isEqualTo(200); // the same answer whether or not the address was taken
    }
    pool.shutdown();
    assertThat(count("SELECT COUNT(*) FROM refauth_accounts WHERE email = ?", email)).isEqualTo(1);
  }

  @Test
  @Order(6)
  void postgresDown_failsClosedWith503_neverA500_thenRecoversWithoutRestart() throws Exception {
    String t = token(login(a, "admin@example.com", "demo-admin-pass"));
    assertThat(get(a, "/api/posts", t).statusCode()).isEqualTo(200); // cached on A
    assertThat(get(b, "/api/posts", t).statusCode()).isEqualTo(200); // and on B
    pg.close();
    Thread.sleep(3_000); // the listeners notice within their ping interval and flush
    for (int i = 0; i < 2; i++) { // each answer waits for the pool's 2 s connection timeout
      for (String node : List.of(a, b)) {
        HttpResponse<String> posts = get(node, "/api/posts", t);
        assertThat(posts.statusCode()).as(node + " " + posts.body()).isEqualTo(503);
        assertThat(posts.body())
            .contains("ServiceUnavailable")
            .doesNotContain("Exception")
            .doesNotContain("at dev.");
        assertThat(get(node, "/api/posts", "forged." + i).statusCode()).isIn(401, 503);
        HttpResponse<String> loginDown = login(node, "admin@example.com", "demo-admin-pass");
        assertThat(loginDown.statusCode()).isEqualTo(503);
        HttpResponse<String> page =
            send(
                HttpRequest.newBuilder(URI.create(node + "/"))
                    .header("Accept", "text/html")
                    .header("Authorization", "Bearer " + t));
        assertThat(page.statusCode()).isNotEqualTo(200).isNotEqualTo(500);
      }
    }
    pg = startPostgres();
    long recovered = awaitStatus(a, "/api/posts", t, 200, 30_000);
    awaitStatus(b, "/api/posts", t, 200, 30_000);
    System.out.println("recovered " + recovered + " ms after PostgreSQL came back");
    assertThat(token(login(b, "admin@example.com", "demo-admin-pass"))).startsWith("ey");
  }

  @Test
  @Order(7)
  void aNodeKilledMidRequest_losesNoAccountAndNoToken() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<String> emails = new ArrayList<>();
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String email =
          "kill-" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
      emails.add(email);
      Callable<Integer> call =
          () -> {
            try {
              return post(
                      a,
                      "/auth/register",
                      "{\"email\":\"" + email + "\",\"password\":\"kill-passphrase-1\"}")
                  .statusCode();
            } catch (IOException killed) {
              return -1;
            }
          };
      answers.add(pool.submit(call));
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (answers.stream().filter(Future::isDone).count() < 4 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    // mid-traffic: some registrations answered, some in flight, some not yet sent. The stop is
    // graceful
    // (as a rolling deploy's): those in flight finish, those after it are refused or get 503, none
    // a 500
    nodeA.stop();
    int registered = 0;
    for (int i = 0; i < emails.size(); i++) {
      int status = answers.get(i).get();
      if (status == 200) {
        registered++;
        assertThat(count("SELECT COUNT(*) FROM refauth_accounts WHERE email = ?", emails.get(i)))
            .as(emails.get(i))
            .isEqualTo(1);
        // and the account works on the surviving node
        assertThat(login(b, emails.get(i), "kill-passphrase-1").statusCode()).isEqualTo(200);
      } else {
        assertThat(status).isIn(-1, 503);
      }
    }
    pool.shutdown();
    System.out.println(
        "registrations answered 200 before the node died: " + registered + " of " + emails.size());
    assertThat(registered).isPositive();
  }
}
