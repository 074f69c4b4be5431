package dev.refauth.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.testsupport.DemoOperator;
import dev.refauth.testsupport.EmbeddedJetty;
import dev.refauth.testsupport.TotpCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Refine example (its refresh flow) in real Chromium against the sample, deployed four ways users deploy it: on
 * the API's origin; on an origin of its own, calling the API cross-origin with CORS; behind a proxy that rewrites
 * {@code Host} ({@code vite preview} with {@code changeOrigin: true}, the standard Vite set-up); behind a
 * TLS-terminating reverse proxy (Jetty's, with a self-signed certificate) with {@code --public-origin https://...}.
 * In each: sign in, identity and permissions on screen, a data call; the 15-second access token expires (clock skew
 * 0); the next data call still succeeds through one refresh, without the login page; sign out; {@code /} is back at
 * the login page. Cross-origin and behind the Host-rewriting proxy, the step-up too: a sensitive click, the second
 * factor given on the step-up page, back, and the click succeeds.
 */
final class RefineDeploymentsE2ETest {
  private static final Path DIST = RefineE2ETest.REFINE;
  private static final Path EXAMPLE = Path.of("..", "examples", "refine-admin");
  @TempDir Path data;
  @TempDir Path work;
  @TempDir Path profile;
  private final List<AutoCloseable> running = new ArrayList<>();
  private ChromeDriver browser;
  private WebDriverWait wait;

  /** What the browser holds once signed in. */
  private Set<Cookie> signedInCookies = Set.of();

  @AfterEach
  void stop(TestInfo info) throws Exception {
    if (browser != null) {
      Chromium.screenshot(
          browser, "deploy-last-" + info.getTestMethod().map(Method::getName).orElse("?"));
      browser.manage().logs().get("browser").forEach(e -> System.out.println("BROWSER " + e));
      browser.quit();
    }
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  /**
   * Tokens of 15 seconds: short enough to wait for, long enough that the token a refresh brings outlives the page's
   * next calls on a loaded machine (a loaded CI run saw a 3-second, then a 6-second one expire too while Chromium
   * reloaded the page, and counted a second refresh).
   */
  private static SampleLauncher.Options sample(Path data) {
    return SampleLauncher.options().data(data).demoOidc(false).accessTokenTtl("15s").clockSkew("0");
  }

  private int start(SampleLauncher.Options options) throws Exception {
    Server server = options.start();
    running.add(server::stop);
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  private void open(String... chromiumSwitches) {
    browser = Chromium.start(profile, chromiumSwitches);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @Test
  void sameOrigin() throws Exception {
    int api = start(sample(data).refine(DIST));
    open();
    journey("http://localhost:" + api, "http://localhost:" + api);
    browser.get(
        "http://localhost:"
            + api
            + "/refine/login"); // a reload on a client route is the app's page
    wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
  }

  /**
   * The refresh cannot happen (a deploy: the API answers 503 once): the call fails, the user stays signed in, and the
   * next call refreshes. Only a refresh the server refuses signs out.
   */
  @Test
  void sameOrigin_aRefreshThatCannotHappen_keepsTheUserSignedIn() throws Exception {
    int api = start(sample(data).refine(DIST));
    String app = "http://localhost:" + api;
    open();
    browser.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            """
        window.__refreshes = 0;
        const original = window.fetch;
        window.fetch = async (...args) => {
          const url = String(args[0].url ?? args[0]);
          if (url.includes("/auth/refresh") && window.__refreshes++ === 0) {
            return new Response("<h1>502 Bad Gateway</h1>", { status: 502, headers: { "Content-Type": "text/html" } });
          }
          return original(...args);
        };
        """));
    browser.get(app + "/refine/");
    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#posts li"), 0));
    String token = (String) browser.executeScript("return localStorage.getItem('token')");
    awaitExpiry(app, token);
    browser.findElement(By.id("reload")).click();
    wait.until(d -> ((Number) browser.executeScript("return window.__refreshes")).intValue() == 1);
    Thread.sleep(500);
    assertThat(browser.getCurrentUrl())
        .as("a refresh that could not happen signs nobody out")
        .isIn(app + "/refine", app + "/refine/");
    assertThat(browser.executeScript("return localStorage.getItem('token')")).isEqualTo(token);
    String loadedAt = text("posts-loaded-at");
    browser.findElement(By.id("reload")).click();
    wait.until(d -> !text("posts-loaded-at").equals(loadedAt));
    assertThat(browser.executeScript("return localStorage.getItem('token')"))
        .as("the second attempt refreshed")
        .isNotEqualTo(token);
    assertThat(browser.getCurrentUrl()).isIn(app + "/refine", app + "/refine/");
  }

  /**
   * A page load after the token expired: identity, permissions, the access checks and the posts all meet a 401 at
   * once, and share one refresh.
   */
  @Test
  void sameOrigin_manyCallsMeetTheExpiredToken_oneRefresh() throws Exception {
    int api = start(sample(data).refine(DIST));
    String app = "http://localhost:" + api;
    open();
    browser.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            """
        window.__calls = { refresh: 0, unauthorized: 0 };
        const original = window.fetch;
        window.fetch = async (...args) => {
          const url = String(args[0].url ?? args[0]);
          if (url.includes("/auth/refresh")) window.__calls.refresh++;
          const response = await original(...args);
          if (response.status === 401) window.__calls.unauthorized++;
          return response;
        };
        """));
    browser.get(app + "/refine/");
    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.textToBe(By.id("identity-name"), "Uma User"));
    String token = (String) browser.executeScript("return localStorage.getItem('token')");
    awaitExpiry(app, token);
    browser.navigate().refresh();
    wait.until(ExpectedConditions.textToBe(By.id("identity-name"), "Uma User"));
    wait.until(ExpectedConditions.textToBe(By.id("permissions"), "posts:read"));
    wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#posts li"), 0));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-write")));
    @SuppressWarnings("unchecked")
    Map<String, Long> calls = (Map<String, Long>) browser.executeScript("return window.__calls");
    assertThat(calls.get("unauthorized"))
        .as("several calls met the expired token")
        .isGreaterThanOrEqualTo(2L);
    assertThat(calls.get("refresh")).as("and shared one refresh").isEqualTo(1L);
    assertThat(browser.getCurrentUrl()).isIn(app + "/refine", app + "/refine/");
  }

  @Test
  void ownOrigin_crossOriginWithCors_bearerOnly() throws Exception {
    int appPort = freePort();
    String app = "http://localhost:" + appPort;
    int api = start(sample(data).allowedOrigin(app).sessionMode("bearer"));
    Path site = Files.createDirectories(work.resolve("site"));
    copy(DIST, site);
    Files.writeString(
        site.resolve("config.js"),
        "window.REFAUTH_CONFIG = { apiUrl: \"http://localhost:" + api + "\" };\n");
    EmbeddedJetty files =
        EmbeddedJetty.builder()
            .port(appPort)
            .contextPath("/refine")
            .configure(
                context -> {
                  context.setBaseResourceAsPath(site.toRealPath());
                  context.setWelcomeFiles(new String[] {"index.html"});
                  context.addServlet(DefaultServlet.class, "/");
                })
            .start();
    running.add(files);
    open();
    journey(app, "http://localhost:" + api);
    stepUpJourney(app, "http://localhost:" + api);
  }

  @Test
  void behindAHostRewritingProxy_vitePreview() throws Exception {
    int api = start(sample(data));
    int vitePort = freePort();
    Path vite = EXAMPLE.resolve("node_modules").resolve(".bin").resolve("vite");
    assertThat(vite).as("npm ci ran in the build").isExecutable();
    ProcessBuilder pb =
        new ProcessBuilder(
                vite.toAbsolutePath().toString(),
                "preview",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(vitePort),
                "--strictPort")
            .directory(EXAMPLE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("vite.log").toFile());
    pb.environment().put("REFAUTH_API", "http://127.0.0.1:" + api);
    Process preview = pb.start();
    running.add(
        () -> {
          preview.descendants().forEach(ProcessHandle::destroy);
          preview.destroy();
          preview.waitFor(10, TimeUnit.SECONDS);
        });
    awaitPort(vitePort, preview);
    open();
    journey("http://localhost:" + vitePort, "http://localhost:" + api);
    stepUpJourney("http://localhost:" + vitePort, "http://localhost:" + api);
  }

  @Test
  void behindATlsTerminatingProxy_withPublicOrigin() throws Exception {
    int proxyPort = freePort();
    String publicOrigin = "https://localhost:" + proxyPort;
    // Jetty's proxy writes RFC 7239 Forwarded
    int api =
        start(
            sample(data)
                .refine(DIST)
                .publicOrigin(publicOrigin)
                .trustedProxy("127.0.0.1/32")
                .trustedProxyHeaders("forwarded"));
    TlsProxy proxy = new TlsProxy(proxyPort, api, work);
    running.add(proxy::stop);
    open("--ignore-certificate-errors");
    journey(publicOrigin, "http://localhost:" + api);
    assertThat(signedInCookies)
        .as("over https the cookies are Secure and prefixed")
        .anyMatch(
            c -> c.getName().equals("__Host-refauth_session") && c.isSecure() && c.isHttpOnly());
  }

  /** The user's story, the same in every set-up; {@code api} is the sample itself, for checks from outside. */
  private void journey(String app, String api) throws Exception {
    browser.get(app + "/refine/");
    wait.until(ExpectedConditions.urlToBe(app + "/refine/login"));
    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.textToBe(By.id("identity-name"), "Uma User"));
    assertThat(text("identity-email")).isEqualTo("user@example.com");
    assertThat(text("permissions")).isEqualTo("posts:read");
    assertThat(text("no-write")).isEqualTo("Read only");
    wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#posts li"), 0));
    String token = (String) browser.executeScript("return localStorage.getItem('token')");
    String loadedAt = text("posts-loaded-at");
    signedInCookies = browser.manage().getCookies();

    awaitExpiry(api, token);
    browser.executeScript(
        "window.__loginShown = false; new MutationObserver(() => { if (document.getElementById('sign-in')) "
            + "window.__loginShown = true; }).observe(document.body, {childList: true, subtree: true});");
    browser.findElement(By.id("reload")).click();
    wait.until(d -> !text("posts-loaded-at").equals(loadedAt));
    assertThat(browser.getCurrentUrl()).isIn(app + "/refine", app + "/refine/");
    assertThat(browser.executeScript("return window.__loginShown"))
        .as("the login page never showed")
        .isEqualTo(false);
    String refreshed = (String) browser.executeScript("return localStorage.getItem('token')");
    assertThat(refreshed)
        .as("a new access token, from /auth/refresh")
        .isNotNull()
        .isNotEqualTo(token);
    assertThat(text("identity-name")).isEqualTo("Uma User");
    assertThat(browser.findElements(By.cssSelector("#posts li"))).isNotEmpty();

    String refreshCookie = refreshCookie();
    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.urlToBe(app + "/refine/login"));
    assertThat(browser.executeScript("return localStorage.getItem('token')")).isNull();
    browser.get(app + "/refine/");
    wait.until(ExpectedConditions.urlToBe(app + "/refine/login"));
    assertThat(status(api, refreshed)).as("signed out on the server too").isEqualTo(401);
    HttpResponse<String> replay =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api + "/auth/refresh"))
                    .header("Cookie", refreshCookie)
                    .header("Sec-Fetch-Site", "same-origin")
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(replay.statusCode()).as("the refresh family ended with the logout").isEqualTo(401);
  }

  /**
   * The step-up in the same set-up: a manager signed in with her password alone suspends a member; she is sent to
   * give her second factor (the pending cookie crossing origins or the proxy), comes back, and the same click succeeds.
   */
  private void stepUpJourney(String app, String api) throws Exception {
    long n = System.nanoTime();
    String manager = "deploy-manager-" + n + "@example.com";
    String member = "deploy-member-" + n + "@example.com";
    String password = "a-long-passphrase-deploy";
    for (String email : List.of(manager, member)) {
      assertThat(post(api, "/auth/register", credentials(email, password)).statusCode())
          .isEqualTo(200);
    }
    String operator = "Bearer " + DemoOperator.token(api);
    String users = get(api, "/api/admin/users", operator).body();
    Matcher id =
        Pattern.compile("\\{\"id\":\"([^\"]+)\",\"email\":\"" + Pattern.quote(manager) + "\"")
            .matcher(users);
    assertThat(id.find()).as(users).isTrue();
    HttpResponse<String> granted =
        send(
            HttpRequest.newBuilder(
                    URI.create(api + "/api/admin/users/" + id.group(1) + "/permissions"))
                .header("Authorization", operator)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("[\"posts:read\", \"users:manage\"]")));
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(204);

    browser.get(app + "/refine/"); // a static server in front has no page at /refine/login
    wait.until(ExpectedConditions.urlToBe(app + "/refine/login"));
    signIn(manager, password);
    String suspend = "#users li[data-email='" + member + "'] button";
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(suspend)));
    // her second factor, added from another device (the security page's own test is RefineE2ETest)
    String other =
        "Bearer " + field(post(api, "/auth/login", credentials(manager, password)), "token");
    TotpCodes app2 =
        new TotpCodes(
            field(
                post(
                    api,
                    "/auth/second-factor",
                    "{\"action\":\"begin-totp\",\"password\":\"" + password + "\"}",
                    "Authorization",
                    other),
                "secret"));
    assertThat(
            post(
                    api,
                    "/auth/second-factor",
                    "{\"action\":\"confirm-totp\",\"code\":\"" + app2.next() + "\"}",
                    "Authorization",
                    other)
                .statusCode())
        .isEqualTo(200);

    browser.findElement(By.cssSelector(suspend)).click();
    wait.until(ExpectedConditions.urlContains("/refine/login/second-factor?stepUp=true"));
    wait.until(ExpectedConditions.attributeToBe(By.id("step-up"), "data-ready", "true"));
    browser.findElement(By.id("code")).sendKeys(app2.next());
    browser.findElement(By.id("verify")).click();
    wait.until(ExpectedConditions.urlMatches("/refine/?$"));
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(suspend))).click();
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("#users li[data-email='" + member + "'] .status"), "DISABLED"));
  }

  private static String credentials(String email, String password) {
    return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
  }

  private static HttpResponse<String> post(String api, String path, String json, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(api + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return send(headers.length > 0 ? b.headers(headers) : b);
  }

  private static HttpResponse<String> get(String api, String path, String authorization)
      throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(api + path))
            .header("Accept", "application/json")
            .header("Authorization", authorization));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String field(HttpResponse<String> response, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response.body());
    assertThat(m.find()).as(name + " in " + response.body()).isTrue();
    return m.group(1);
  }

  /** The refresh cookie as the browser holds it (httpOnly, path-scoped: only the DevTools protocol sees it). */
  @SuppressWarnings("unchecked")
  private String refreshCookie() {
    List<Map<String, Object>> cookies =
        (List<Map<String, Object>>)
            browser.executeCdpCommand("Network.getAllCookies", Map.of()).get("cookies");
    return cookies.stream()
        .filter(c -> String.valueOf(c.get("name")).endsWith("refauth_refresh"))
        .map(c -> c.get("name") + "=" + c.get("value"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no refresh cookie: " + cookies));
  }

  /** Until the API refuses the token as expired: its 15 seconds, on the server's clock. */
  private static void awaitExpiry(String api, String token) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (status(api, token) != 401) {
      assertThat(System.nanoTime()).as("the access token expires").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private static int status(String api, String token) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    return http.send(
            HttpRequest.newBuilder(URI.create(api + "/auth/check"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void signIn(String email, String password) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("sign-in")).click();
  }

  private String text(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).getText();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static void awaitPort(int port, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("vite preview is running").isTrue();
      try (Socket s = new Socket("127.0.0.1", port)) {
        assertThat(s.isConnected()).isTrue();
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("vite preview did not listen on " + port);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(
          f -> {
            try {
              Path target = to.resolve(from.relativize(f).toString());
              if (Files.isDirectory(f)) {
                Files.createDirectories(target);
              } else {
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
