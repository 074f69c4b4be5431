package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.accounts.Account;
import dev.refauth.accounts.Accounts;
import dev.refauth.accounts.Mailer;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.PathRules;
import dev.refauth.core.Tenant;
import dev.refauth.servlet.AuthApiServlet;
import dev.refauth.servlet.AuthenticatedFilter;
import dev.refauth.testsupport.EmbeddedJetty;
import dev.refauth.tokens.JwtCodec;
import dev.refauth.tokens.SigningAlgorithm;
import dev.refauth.tokens.TokenAuthProvider;
import dev.refauth.tokens.TokenKeys;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tenant isolation over HTTP: accounts on H2, the token provider, the filter and the /auth API in Jetty. */
final class TenantIsolationTest {
  @TempDir static Path dir;
  private static EmbeddedJetty server;
  private static String base;
  private static JdbcStores stores;
  private static javax.sql.DataSource database;
  private static final List<dev.refauth.accounts.AuditEvent> EVENTS = new CopyOnWriteArrayList<>();
  private static final List<Mailer.Mail> MAILS = new CopyOnWriteArrayList<>();
  private static final AtomicInteger APP_CALLS = new AtomicInteger();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    database = Databases.h2(dir);
    stores = JdbcStores.open(database);
    PasswordHasher hasher = PasswordHasher.argon2id(1024, 1, 1);
    Instant now = Instant.now();
    stores
        .accounts()
        .create(
            new Account(
                "a-1",
                "acme",
                "shared@example.com",
                "Sam at Acme",
                Optional.empty(),
                hasher.hash("acme-passphrase"),
                Account.Status.ACTIVE,
                Set.of("posts:read"),
                now,
                now));
    stores
        .accounts()
        .create(
            new Account(
                "g-1",
                "globex",
                "shared@example.com",
                "Sam at Globex",
                Optional.empty(),
                hasher.hash("globex-passphrase"),
                Account.Status.ACTIVE,
                Set.of("admin", "posts:*"),
                now,
                now));
    Accounts accounts =
        Accounts.builder(stores.accounts(), MAILS::add, URI.create("https://app.example.test"))
            .hasher(hasher)
            .defaultTenant("acme")
            .background(Runnable::run)
            .audit(EVENTS::add)
            .build();
    TokenAuthProvider provider =
        TokenAuthProvider.builder(
                accounts,
                JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.ES256)).build(),
                stores.tokens())
            .secureCookies(false)
            .tenantNames(Map.of("acme", "Acme Corporation", "globex", "Globex Inc"))
            .build();
    AuthGuard guard =
        AuthGuard.builder(provider)
            .pathRules(PathRules.of(List.of("/*"), List.of("/auth/*"), List.of("/login")))
            .tenants(Set.of("acme", "globex"))
            .build();
    server =
        EmbeddedJetty.builder()
            .configure(
                context -> {
                  context.addFilter(
                      new FilterHolder(new AuthenticatedFilter(guard)),
                      "/*",
                      EnumSet.of(DispatcherType.REQUEST));
                  context.addServlet(new ServletHolder(new AuthApiServlet()), "/auth/*");
                  context.addServlet(
                      new ServletHolder(
                          new HttpServlet() {
                            @Override
                            protected void doGet(HttpServletRequest req, HttpServletResponse resp)
                                throws java.io.IOException {
                              APP_CALLS.incrementAndGet();
                              Tenant t = (Tenant) req.getAttribute(Tenant.class.getName());
                              resp.getWriter()
                                  .write(
                                      "tenant="
                                          + (t == null ? "-" : t.id())
                                          + " user="
                                          + req.getRemoteUser());
                            }
                          }),
                      "/");
                })
            .start();
    base = server.baseUri().toString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() throws Exception {
    APP_CALLS.set(0);
    MAILS.clear();
    EVENTS.clear();
    try (var c = database.getConnection();
        var st = c.createStatement()) {
      st.executeUpdate("DELETE FROM refauth_throttle"); // each test starts with no failures counted
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String json, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return send(headers.length > 0 ? b.headers(headers) : b);
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
    return send(headers.length > 0 ? b.headers(headers) : b);
  }

  private static HttpResponse<String> login(String tenant, String password) throws Exception {
    return post(
        "/auth/login",
        "{\"email\":\"shared@example.com\",\"password\":\""
            + password
            + "\",\"tenantId\":\""
            + tenant
            + "\"}");
  }

  private static String token(HttpResponse<String> r) {
    assertThat(r.statusCode()).as("login: " + r.body()).isEqualTo(200);
    return r.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }

  @Test
  void sameEmailTwoTenants_differentPasswords_differentPermissions() throws Exception {
    HttpResponse<String> acme = login("acme", "acme-passphrase");
    assertThat(acme.statusCode()).isEqualTo(200);
    assertThat(acme.body()).contains("\"tenant\":{\"id\":\"acme\",\"name\":\"Acme Corporation\"}");
    assertThat(login("acme", "globex-passphrase").statusCode()).isEqualTo(401);
    HttpResponse<String> globex = login("globex", "globex-passphrase");
    assertThat(globex.statusCode()).isEqualTo(200);
    assertThat(globex.body()).contains("\"tenant\":{\"id\":\"globex\",\"name\":\"Globex Inc\"}");
    assertThat(login("globex", "acme-passphrase").statusCode()).isEqualTo(401);
    assertThat(get("/auth/permissions", "Authorization", "Bearer " + token(acme)).body())
        .isEqualTo("[\"posts:read\"]");
    assertThat(
            get(
                    "/auth/permissions",
                    "Authorization",
                    "Bearer " + token(globex),
                    "X-Tenant-ID",
                    "globex")
                .body())
        .isEqualTo("[\"admin\",\"posts:*\"]");
    assertThat(login("acme", "acme-passphrase").statusCode()).isEqualTo(200);
    assertThat(
            post(
                    "/auth/login",
                    "{\"email\":\"shared@example.com\",\"password\":\"acme-passphrase\",\"tenantId\":\"acme\"}",
                    "X-Tenant-ID",
                    "globex")
                .statusCode())
        .as("body and header disagree")
        .isEqualTo(400);
  }

  @Test
  void tokenOfA_withTenantB_403_noData_andNeverFromTheCache() throws Exception {
    String a = token(login("acme", "acme-passphrase"));
    HttpResponse<String> ok = get("/data", "Authorization", "Bearer " + a, "X-Tenant-ID", "acme");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("tenant=acme user=a-1");
    assertThat(get("/data", "Authorization", "Bearer " + a).statusCode())
        .as("no header: the credential's tenant")
        .isEqualTo(200);
    HttpResponse<String> cross =
        get("/data", "Authorization", "Bearer " + a, "X-Tenant-ID", "globex");
    assertThat(cross.statusCode()).isEqualTo(403);
    assertThat(cross.body())
        .isEqualTo(
            "{\"error\":{\"name\":\"Forbidden\",\"message\":\"You don't have permission to perform this action\",\"statusCode\":403}}");
    HttpResponse<String> me =
        get("/auth/me", "Authorization", "Bearer " + a, "X-Tenant-ID", "globex");
    assertThat(me.statusCode()).isEqualTo(403);
    assertThat(me.body()).doesNotContain("shared@example.com", "Acme", "a-1");
    assertThat(APP_CALLS).hasValue(2);
    assertThat(get("/data", "Authorization", "Bearer " + a, "X-Tenant-ID", "acme").statusCode())
        .as("still signed in")
        .isEqualTo(200);
  }

  @ParameterizedTest(name = "X-Tenant-ID: [{0}]")
  @ValueSource(
      strings = {
        "ACME",
        "Acme",
        "ac me",
        "acme,globex",
        "acme;",
        "../acme",
        "acme\u0000",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "-acme"
      })
  void malformedTenantHeader_refused(String value) throws Exception {
    String a = token(login("acme", "acme-passphrase"));
    String raw =
        "GET /data HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + a
            + "\r\nAccept: application/json\r\nX-Tenant-ID: "
            + value
            + "\r\nConnection: close\r\n\r\n";
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", URI.create(base).getPort())) {
      s.getOutputStream().write(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      String response =
          new String(
              s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(Integer.parseInt(response.substring(9, 12))).as(response).isIn(400, 403);
    }
    assertThat(APP_CALLS).hasValue(0);
  }

  @Test
  void duplicatedTenantHeader_refused() throws Exception {
    String a = token(login("acme", "acme-passphrase"));
    assertThat(
            get(
                    "/data",
                    "Authorization",
                    "Bearer " + a,
                    "X-Tenant-ID",
                    "acme",
                    "X-Tenant-ID",
                    "acme")
                .statusCode())
        .isEqualTo(403);
    assertThat(get("/data", "Authorization", "Bearer " + a, "X-Tenant-ID", "acme").statusCode())
        .as("positive control")
        .isEqualTo(200);
  }

  @Test
  void refreshTokenOfA_usedForB_refused_andUnchanged() throws Exception {
    HttpResponse<String> l = login("acme", "acme-passphrase");
    String cookie =
        l.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("refauth_refresh="))
            .map(c -> c.substring(0, c.indexOf(';')))
            .findFirst()
            .orElseThrow();
    HttpResponse<String> cross =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/refresh"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Cookie", cookie)
                .header("X-Tenant-ID", "globex")
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(cross.statusCode()).isEqualTo(401);
    HttpResponse<String> own =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/refresh"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Cookie", cookie)
                .header("X-Tenant-ID", "acme")
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(own.statusCode()).as("the family was left unchanged").isEqualTo(200);
  }

  @Test
  void resetTokenOfA_neverWorksForB() throws Exception {
    assertThat(
            post(
                    "/auth/forgot-password",
                    "{\"email\":\"shared@example.com\"}",
                    "X-Tenant-ID",
                    "acme")
                .statusCode())
        .isEqualTo(202);
    assertThat(MAILS).hasSize(1);
    Matcher m = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(MAILS.get(0).text());
    assertThat(m.find()).isTrue();
    HttpResponse<String> cross =
        post(
            "/auth/update-password",
            "{\"token\":\"" + m.group(1) + "\",\"password\":\"new-acme-passphrase\"}",
            "X-Tenant-ID",
            "globex");
    assertThat(cross.statusCode()).isEqualTo(400);
    assertThat(login("acme", "acme-passphrase").statusCode())
        .as("no password changed")
        .isEqualTo(200);
    assertThat(login("globex", "globex-passphrase").statusCode()).isEqualTo(200);
    assertThat(
            post(
                    "/auth/update-password",
                    "{\"token\":\"" + m.group(1) + "\",\"password\":\"new-acme-passphrase\"}",
                    "X-Tenant-ID",
                    "acme")
                .statusCode())
        .as("the wrong tenant's attempt did not use the link up")
        .isEqualTo(200);
    stores
        .accounts()
        .updatePasswordHash(
            "a-1", PasswordHasher.argon2id(1024, 1, 1).hash("acme-passphrase"), Instant.now());
  }

  @Test
  void throttlingIsPerTenantAccount() throws Exception {
    for (int i = 0; i < 5; i++) {
      login("acme", "wrong-passphrase");
      Thread.sleep(
          i == 2
              ? 1_100
              : i == 3 ? 2_100 : 0); // past the waits after the third and fourth failures
    }
    HttpResponse<String> locked = login("acme", "acme-passphrase");
    assertThat(locked.statusCode()).as("acme account locked for this address").isEqualTo(429);
    assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    assertThat(login("globex", "globex-passphrase").statusCode())
        .as("globex account of the same email is not")
        .isEqualTo(200);
  }

  /**
   * Tenants are never joined implicitly: a well-formed tenant the application does not have is refused on every door
   * (the header on login, register, forgot and update password; the body's tenantId), and nothing is stored or sent.
   */
  @Test
  void unknownTenant_refusedOnEveryDoor_nothingStoredOrSent() throws Exception {
    int accountsBefore = Databases.count(database, "SELECT COUNT(*) FROM refauth_accounts");
    String fresh =
        "{\"email\":\"someone-new@example.com\",\"password\":\"a-good-long-passphrase\"}";
    assertThat(post("/auth/register", fresh, "X-Tenant-ID", "initech").statusCode()).isEqualTo(403);
    assertThat(post("/auth/login", fresh, "X-Tenant-ID", "initech").statusCode()).isEqualTo(403);
    assertThat(
            post(
                    "/auth/forgot-password",
                    "{\"email\":\"shared@example.com\"}",
                    "X-Tenant-ID",
                    "initech")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            post(
                    "/auth/update-password",
                    "{\"token\":\"x\",\"password\":\"a-good-long-passphrase\"}",
                    "X-Tenant-ID",
                    "initech")
                .statusCode())
        .isEqualTo(403);
    assertThat(login("initech", "acme-passphrase").statusCode())
        .as("the body's tenantId")
        .isEqualTo(400);
    assertThat(
            post(
                    "/auth/forgot-password",
                    "{\"email\":\"shared@example.com\",\"tenantId\":\"initech\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(Databases.count(database, "SELECT COUNT(*) FROM refauth_accounts"))
        .isEqualTo(accountsBefore);
    assertThat(MAILS).isEmpty();
    assertThat(login("globex", "globex-passphrase").statusCode())
        .as("control: a known tenant")
        .isEqualTo(200);
  }

  /** The body's tenantId is checked like the header: a line break or a long value is a 400, and reaches no log or store. */
  @ParameterizedTest(name = "tenantId: [{0}]")
  @ValueSource(
      strings = {
        "acme\r\naudit LOGIN_SUCCESS account=a-1",
        "ACME",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void malformedBodyTenantId_400_noEvent(String value) throws Exception {
    HttpResponse<String> r =
        post(
            "/auth/login",
            "{\"email\":\"shared@example.com\",\"password\":\"acme-passphrase\",\"tenantId\":"
                + "\""
                + value.replace("\r", "\\r").replace("\n", "\\n")
                + "\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(EVENTS).isEmpty();
    assertThat(login("acme", "acme-passphrase").statusCode()).as("positive control").isEqualTo(200);
  }

  /** A tenant the application has, but not open to self-registration, takes members by invitation only. */
  @Test
  void registration_onlyIntoOpenTenants_andByInvitationElsewhere() throws Exception {
    int before = Databases.count(database, "SELECT COUNT(*) FROM refauth_accounts");
    String body = "{\"email\":\"joiner@example.com\",\"password\":\"a-good-long-passphrase\"}";
    HttpResponse<String> closed = post("/auth/register", body, "X-Tenant-ID", "globex");
    assertThat(closed.statusCode()).isEqualTo(403);
    assertThat(Databases.count(database, "SELECT COUNT(*) FROM refauth_accounts"))
        .isEqualTo(before);
    assertThat(MAILS).isEmpty();
    assertThat(EVENTS)
        .extracting(dev.refauth.accounts.AuditEvent::type)
        .containsExactly(dev.refauth.accounts.AuditEvent.Type.REGISTER_REFUSED);
    assertThat(post("/auth/register", body, "X-Tenant-ID", "acme").statusCode())
        .as("control: the open tenant")
        .isEqualTo(200);
    assertThat(Databases.count(database, "SELECT COUNT(*) FROM refauth_accounts"))
        .isEqualTo(before + 1);
  }
}
