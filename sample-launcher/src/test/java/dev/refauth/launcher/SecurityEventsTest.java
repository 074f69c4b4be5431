package dev.refauth.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The security trail and the metrics of the sample (the real WAR with {@code provider.events.keep=true}, its H2
 * database, real Chromium): sign-ins and failures in two tenants over HTTP, then the administrators' page {@code
 * /admin/events} (chart and table), its JSON API, tenant isolation, who may see what, {@code /metrics} for a scraper,
 * and what the database keeps at rest. What happened is counted here as it happens, so that every view is checked for
 * exactly that.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class SecurityEventsTest {
  private static final String ADMIN = "admin@example.com";
  private static final String ADMIN_PASSWORD = "demo-admin-pass";
  private static final String USER = "user@example.com";
  private static final String USER_PASSWORD = "demo-user-pass";
  private static final String GLOBEX = "admin@globex.example";
  private static final String GLOBEX_PASSWORD = "demo-globex-pass";
  private static final String WRONG = "not-the-right-passphrase";
  private static final String UNKNOWN = "nobody-here@example.com";

  /** The request id one sign-in sends, as a proxy in front would: the event must carry it. */
  private static final String TAGGED_REQUEST = "events-test.request-0001";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @TempDir static Path data;
  @TempDir Path profile;
  private static Server server;
  private static String base;
  private ChromeDriver browser;

  // what happened, per tenant (the users of the sample sign in to acme unless they name globex)
  private static int acmeSignIns;
  private static int acmeFailures;
  private static int globexSignIns;
  private static int globexFailures;
  private static final Map<String, Integer> SIGN_INS_OF = new HashMap<>();
  private static final Map<String, Integer> FAILURES_OF = new HashMap<>();
  private static String adminToken;
  private static String userToken;
  private static String globexToken;
  private static String adminId;
  private static String userId;
  private static String globexId;

  @BeforeAll
  static void start() throws Exception {
    server = SampleLauncher.options().data(data).demoOidc(false).start();
    // the public origin names localhost: the browser must use it, for the CSRF check of the sign-in
    // form
    base = "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    adminToken = signIn(ADMIN, ADMIN_PASSWORD, null, null);
    signIn(ADMIN, ADMIN_PASSWORD, null, TAGGED_REQUEST);
    signIn(ADMIN, ADMIN_PASSWORD, null, null);
    fail(ADMIN, WRONG, null); // an existing account of acme, a wrong password
    fail(UNKNOWN, WRONG, null); // an address nobody has
    fail(ADMIN, WRONG + "-again", null);
    fail(GLOBEX, WRONG, "globex"); // the other tenant's failure: never shown to acme
    globexToken = signIn(GLOBEX, GLOBEX_PASSWORD, "globex", null);
    userToken = signIn(USER, USER_PASSWORD, null, null);
    adminId = me(adminToken);
    userId = me(userToken);
    globexId = me(globexToken);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
      browser = null;
    }
  }

  @Test
  @Order(1)
  void theAdminsPage_showsHerTenantsSignInsAndFailures_inTheChartAndTheTable() {
    browser = Chromium.start(profile);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    browser.get(base + "/admin/events");
    wait.until(ExpectedConditions.urlContains("/login"));
    browser.findElement(By.id("email")).sendKeys(ADMIN);
    browser.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/admin/events"));
    acmeSignIns++; // the browser's own sign-in, before the page asked
    SIGN_INS_OF.merge(ADMIN, 1, Integer::sum);
    wait.until(ExpectedConditions.attributeToBe(By.id("events"), "data-state", "ready"));
    Chromium.screenshot(browser, "security-events");

    assertThat(browser.findElement(By.id("events-tenant")).getText()).isEqualTo("acme");
    assertThat(rows("authn_login_success")).as("sign-in rows").hasSize(acmeSignIns);
    assertThat(rows("authn_login_fail")).as("failure rows").hasSize(acmeFailures);
    assertThat(acmeFailures).isEqualTo(3);
    // the chart: one bar per hour with sign-ins (green) or failures (red), their counts the same
    assertThat(barTotal("success")).isEqualTo(acmeSignIns);
    assertThat(barTotal("failure")).isEqualTo(acmeFailures);
    assertThat(browser.findElements(By.cssSelector("#events-chart rect")))
        .allSatisfy(
            r -> assertThat(Integer.parseInt(r.getDomAttribute("data-count"))).isPositive());
    assertThat(browser.findElements(By.cssSelector("#events-chart .hours text")))
        .hasSizeGreaterThan(5);
    assertThat(browser.findElement(By.id("events-total-success")).getText())
        .isEqualTo(String.valueOf(acmeSignIns));
    assertThat(browser.findElement(By.id("events-total-failure")).getText())
        .isEqualTo(String.valueOf(acmeFailures));
    // each row names the method, the client and the request; the failures of an unknown address
    // name no account
    List<WebElement> failures = rows("authn_login_fail");
    assertThat(failures)
        .allSatisfy(
            r -> {
              List<WebElement> cells = r.findElements(By.tagName("td"));
              assertThat(cells).hasSize(6);
              assertThat(cells.get(2).getText()).isEqualTo("password");
              assertThat(cells.get(4).getText()).isEqualTo("127.0.0.1");
              assertThat(cells.get(5).getText()).matches("[A-Za-z0-9._:-]{8,64}");
            });
    assertThat(failures.stream().map(r -> r.findElement(By.cssSelector("td.account")).getText()))
        .containsOnly(adminId, "–")
        .contains("–");
    // the other tenant: neither its account nor its failure
    assertThat(browser.findElements(By.cssSelector("#events-table td.account")))
        .extracting(WebElement::getText)
        .doesNotContain(globexId);
    assertThat(browser.getPageSource()).doesNotContain(globexId).doesNotContain("globex");
    assertThat(browser.findElements(By.cssSelector("#events-table tbody tr")))
        .hasSize(browser.findElements(By.cssSelector("#events-table tbody tr[data-type]")).size());

    // the filter: failures only, then one account's events
    new Select(browser.findElement(By.id("events-type"))).selectByVisibleText("authn_login_fail");
    browser.findElement(By.id("events-apply")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("events"), "data-state", "ready"));
    wait.until(
        d -> d.findElements(By.cssSelector("#events-table tbody tr")).size() == acmeFailures);
    assertThat(rows("authn_login_fail")).hasSize(acmeFailures);
    assertThat(browser.getCurrentUrl()).endsWith("/admin/events?type=authn_login_fail");
    new Select(browser.findElement(By.id("events-type"))).selectByIndex(0); // all types
    browser.findElement(By.id("events-account")).sendKeys(adminId);
    browser.findElement(By.id("events-apply")).click();
    wait.until(
        d ->
            d.findElements(By.cssSelector("#events-table tbody tr[data-type=authn_login_fail]"))
                    .size()
                == FAILURES_OF.get(ADMIN));
    assertThat(browser.findElements(By.cssSelector("#events-table td.account")))
        .extracting(WebElement::getText)
        .containsOnly(adminId);
    assertThat(rows("authn_login_success")).hasSize(SIGN_INS_OF.get(ADMIN));
    browser.executeScript("document.getElementById('events-table').scrollIntoView()");
    Chromium.screenshot(browser, "security-events-filtered");
  }

  @Test
  @Order(2)
  void theApi_answersTheCallersTenantOnly_andCountsPerHour() throws Exception {
    JsonNode acme = json(get("/api/admin/events", adminToken, "application/json"));
    assertThat(acme.isArray()).isTrue();
    assertThat(ofType(acme, "authn_login_success")).isEqualTo(acmeSignIns);
    assertThat(ofType(acme, "authn_login_fail")).isEqualTo(acmeFailures);
    assertThat(accounts(acme)).contains(adminId).doesNotContain(globexId);
    for (JsonNode e : acme) {
      assertThat(e.has("tenant")).isFalse(); // always the caller's: not said
      assertThat(e.path("id").asText()).isNotBlank();
      assertThat(Instant.parse(e.path("at").asText())).isBefore(Instant.now().plusSeconds(1));
      assertThat(e.path("client").asText()).isEqualTo("127.0.0.1");
      assertThat(e.path("request").asText()).matches("[A-Za-z0-9._:-]{8,64}");
    }
    assertThat(acme.findValuesAsText("id")).doesNotHaveDuplicates();
    assertThat(acme.findValuesAsText("request")).contains(TAGGED_REQUEST);
    // a query parameter or a header naming the other tenant changes nothing, or is refused
    JsonNode named = json(get("/api/admin/events?tenant=globex", adminToken, "application/json"));
    assertThat(accounts(named)).doesNotContain(globexId);
    assertThat(
            HTTP.send(
                    request("/api/admin/events", adminToken, "application/json")
                        .header("X-Tenant-ID", "globex")
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(403);
    // globex's administrator sees globex's failure, and nothing of acme
    JsonNode globex = json(get("/api/admin/events", globexToken, "application/json"));
    assertThat(ofType(globex, "authn_login_fail")).isEqualTo(globexFailures).isEqualTo(1);
    assertThat(ofType(globex, "authn_login_success")).isEqualTo(globexSignIns);
    assertThat(accounts(globex)).contains(globexId).doesNotContain(adminId, userId);
    // the type filter, by vocabulary name or event name
    assertThat(
            json(get("/api/admin/events?type=SIGN_IN_FAILED", adminToken, "application/json"))
                .findValuesAsText("type"))
        .hasSize(acmeFailures)
        .containsOnly("authn_login_fail");
    assertThat(json(get("/api/admin/events?limit=2", adminToken, "application/json"))).hasSize(2);

    JsonNode counts = json(get("/api/admin/events/counts", adminToken, "application/json"));
    assertThat(counts.path("bucketSeconds").asInt()).isEqualTo(3600);
    JsonNode series = counts.path("series");
    assertThat(series).hasSize(24);
    assertThat(Instant.parse(series.get(0).path("start").asText()))
        .isEqualTo(Instant.parse(counts.path("from").asText()));
    for (int i = 1; i < series.size(); i++) {
      assertThat(
              Duration.between(
                  Instant.parse(series.get(i - 1).path("start").asText()),
                  Instant.parse(series.get(i).path("start").asText())))
          .isEqualTo(Duration.ofHours(1));
    }
    assertThat(Instant.parse(counts.path("to").asText()))
        .isAfter(Instant.now())
        .isBeforeOrEqualTo(Instant.now().plus(Duration.ofHours(1)));
    assertThat(sum(series, "signIns")).isEqualTo(acmeSignIns);
    assertThat(sum(series, "failures")).isEqualTo(acmeFailures);
    assertThat(sum(series, "lockouts")).isZero();
    JsonNode globexCounts =
        json(get("/api/admin/events/counts?hours=3", globexToken, "application/json"));
    assertThat(globexCounts.path("series")).hasSize(3);
    assertThat(sum(globexCounts.path("series"), "failures")).isEqualTo(globexFailures);
    assertThat(sum(globexCounts.path("series"), "signIns")).isEqualTo(globexSignIns);

    // hostile or mistaken parameters: 400 with a JSON error, never a 500
    for (String q :
        List.of(
            "/api/admin/events?type=nope",
            "/api/admin/events?type=%00",
            "/api/admin/events?limit=0",
            "/api/admin/events?limit=1001",
            "/api/admin/events?limit=99999999999999999999",
            "/api/admin/events?limit=1e3",
            "/api/admin/events?since=yesterday",
            "/api/admin/events?since=%25zz",
            "/api/admin/events?account=" + "a".repeat(300),
            "/api/admin/events/counts?hours=0",
            "/api/admin/events/counts?hours=169",
            "/api/admin/events/counts?hours=-1",
            "/api/admin/events/counts?hours=" + "9".repeat(40))) {
      HttpResponse<String> r = get(q, adminToken, "application/json");
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(json(r).path("error").path("name").asText()).as(q).isEqualTo("BadRequest");
    }
    assertThat(
            json(
                get(
                    "/api/admin/events?since="
                        + URLEncoder.encode("+999999999-12-31T23:59:59Z", StandardCharsets.UTF_8),
                    adminToken,
                    "application/json")))
        .as("nothing after now")
        .isEmpty();
  }

  @Test
  @Order(3)
  void withoutAuditRead_thePageAndTheApiAre403_anonymousIsSentToSignIn() throws Exception {
    for (String path : List.of("/api/admin/events", "/api/admin/events/counts")) {
      assertThat(get(path, adminToken, "application/json").statusCode())
          .as("the control: " + path)
          .isEqualTo(200);
      assertThat(get(path, userToken, "application/json").statusCode()).as(path).isEqualTo(403);
      assertThat(get(path, null, "application/json").statusCode()).as(path).isEqualTo(401);
    }
    assertThat(get("/admin/events", adminToken, "text/html").statusCode()).isEqualTo(200);
    assertThat(get("/admin/events", userToken, "text/html").statusCode()).isEqualTo(403);
    HttpResponse<String> anonymous = get("/admin/events", null, "text/html");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow())
        .endsWith("/login?to=%2Fadmin%2Fevents");
    // the link in the header is there for who may follow it only
    assertThat(get("/", adminToken, "text/html").body()).contains("id=\"to-events\"");
    assertThat(get("/", userToken, "text/html").body()).doesNotContain("id=\"to-events\"");
    // the user stays signed in, and her refusals are in the trail
    assertThat(get("/auth/me", userToken, "application/json").statusCode()).isEqualTo(200);
    JsonNode denied =
        json(
            get(
                "/api/admin/events?type=authz_fail&account=" + userId,
                adminToken,
                "application/json"));
    assertThat(accounts(denied)).containsOnly(userId);
    assertThat(denied.size()).as("the two API calls and the page").isGreaterThanOrEqualTo(3);
  }

  @Test
  @Order(4)
  void metrics_forAScraperWithMetricsRead_countSignInsAsTheyHappen() throws Exception {
    HttpResponse<String> scrape = get("/metrics", adminToken, "text/plain");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(scrape.body()).contains("refauth_guard_decision_duration_seconds_bucket{");
    Map<String, Double> signIns = signIns(scrape.body());
    // every tenant's (the counters carry no tenant label)
    assertThat(signIns.get("success")).isEqualTo(acmeSignIns + globexSignIns);
    assertThat(signIns.get("failure")).isEqualTo(acmeFailures + globexFailures);

    assertThat(get("/metrics", userToken, "text/plain").statusCode()).isEqualTo(403);
    assertThat(get("/metrics", null, "text/plain").statusCode()).isEqualTo(401);
    assertThat(get("/metrics", globexToken, "text/plain").statusCode())
        .as("audit:read is not metrics:read")
        .isEqualTo(403);

    // one more failure: the failure counter moves, the success counter does not
    fail(UNKNOWN, WRONG, null);
    Map<String, Double> after = signIns(get("/metrics", adminToken, "text/plain").body());
    assertThat(after.get("failure")).isEqualTo(signIns.get("failure") + 1);
    assertThat(after.get("success")).isEqualTo(signIns.get("success"));
  }

  @Test
  @Order(5)
  void theDatabase_keepsNoSecretNoEmailNoToken_andEveryRequestId() throws Exception {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:"
                    + data.resolve("refauth").toAbsolutePath()
                    + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM refauth_events ORDER BY id")) {
      ResultSetMetaData meta = r.getMetaData();
      while (r.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), r.getString(i));
        }
        rows.add(row);
      }
    }
    assertThat(rows).hasSizeGreaterThan(10);
    Pattern email = Pattern.compile("[^\\s@]+@[^\\s@]+");
    for (Map<String, String> row : rows) {
      String all = String.join(" ", row.values().stream().map(String::valueOf).toList());
      assertThat(all)
          .as("row %s", row)
          .doesNotContain(ADMIN_PASSWORD, USER_PASSWORD, GLOBEX_PASSWORD, WRONG, "eyJ")
          .doesNotContainIgnoringCase("bearer");
      Matcher m = email.matcher(all);
      assertThat(m.find()).as("an email address in %s", row).isFalse();
      // every event has its request's id, a refusal decided inside the application (JAX-RS
      // @RequiresPermission, the sample's servlets) as well as one decided by the guard's filter
      assertThat(row.get("request_id")).as("row %s", row).matches("[A-Za-z0-9._:-]{8,64}");
      assertThat(row.get("tenant")).isIn("acme", "globex");
    }
    assertThat(
            rows.stream()
                .filter(r -> r.get("request_id").equals(TAGGED_REQUEST))
                .map(r -> r.get("event_type")))
        .containsExactly("SIGNED_IN");
    assertThat(count(rows, "acme", "SIGNED_IN")).isEqualTo(acmeSignIns);
    assertThat(count(rows, "acme", "SIGN_IN_FAILED")).isEqualTo(acmeFailures);
    assertThat(count(rows, "globex", "SIGN_IN_FAILED")).isEqualTo(globexFailures);
    assertThat(count(rows, "globex", "SIGNED_IN")).isEqualTo(globexSignIns);
  }

  private List<WebElement> rows(String type) {
    return browser.findElements(By.cssSelector("#events-table tbody tr[data-type=" + type + "]"));
  }

  private int barTotal(String kind) {
    return browser
        .findElements(By.cssSelector("#events-chart rect[data-kind=" + kind + "]"))
        .stream()
        .mapToInt(r -> Integer.parseInt(r.getDomAttribute("data-count")))
        .sum();
  }

  private static long count(List<Map<String, String>> rows, String tenant, String type) {
    return rows.stream()
        .filter(r -> r.get("tenant").equals(tenant) && r.get("event_type").equals(type))
        .count();
  }

  /** The sign-in counter's series, summed over methods: outcome to value. */
  private static Map<String, Double> signIns(String exposition) {
    Map<String, Double> by = new LinkedHashMap<>(Map.of("success", 0.0, "failure", 0.0));
    Pattern line = Pattern.compile("^refauth_sign_ins_total\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(exposition);
    int found = 0;
    while (m.find()) {
      Matcher outcome = Pattern.compile("outcome=\"(\\w+)\"").matcher(m.group(1));
      assertThat(outcome.find()).as(m.group()).isTrue();
      by.merge(outcome.group(1), Double.parseDouble(m.group(2)), Double::sum);
      found++;
    }
    assertThat(found).as("refauth_sign_ins_total in\n" + exposition).isPositive();
    return by;
  }

  private static int ofType(JsonNode events, String type) {
    int n = 0;
    for (JsonNode e : events) {
      n += e.path("type").asText().equals(type) ? 1 : 0;
    }
    return n;
  }

  private static List<String> accounts(JsonNode events) {
    return events.findValuesAsText("account");
  }

  private static long sum(JsonNode series, String field) {
    long n = 0;
    for (JsonNode p : series) {
      n += p.path(field).asLong();
    }
    return n;
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static HttpRequest.Builder request(String path, String token, String accept) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept);
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private static HttpResponse<String> get(String path, String token, String accept)
      throws Exception {
    return HTTP.send(request(path, token, accept).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> login(
      String email, String password, String tenant, String requestId) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/auth/login"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(
                        tenant == null
                            ? Map.of("email", email, "password", password)
                            : Map.of("email", email, "password", password, "tenantId", tenant))));
    if (requestId != null) {
      b.header("X-Request-Id", requestId);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A password sign-in that succeeds; its access token. */
  private static String signIn(String email, String password, String tenant, String requestId)
      throws Exception {
    HttpResponse<String> r = login(email, password, tenant, requestId);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    if ("globex".equals(tenant)) {
      globexSignIns++;
    } else {
      acmeSignIns++;
    }
    SIGN_INS_OF.merge(email, 1, Integer::sum);
    String token = JSON.readTree(r.body()).path("accessToken").asText();
    assertThat(token).startsWith("eyJ");
    return token;
  }

  /** A password sign-in that fails. */
  private static void fail(String email, String password, String tenant) throws Exception {
    HttpResponse<String> r = login(email, password, tenant, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    if ("globex".equals(tenant)) {
      globexFailures++;
    } else {
      acmeFailures++;
    }
    FAILURES_OF.merge(email, 1, Integer::sum);
  }

  /** The account id of a token's owner. */
  private static String me(String token) throws Exception {
    HttpResponse<String> r = get("/auth/me", token, "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    String id = JSON.readTree(r.body()).path("id").asText();
    assertThat(id).isNotBlank();
    return id;
  }
}
