package dev.refauth.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.testsupport.DemoOperator;
import dev.refauth.testsupport.TotpCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Refine app of {@code examples/refine-admin} (built by this module's build with npm) in real Chromium,
 * against the running sample: its authProvider is the reference's JWT example, its accessControlProvider
 * the batched {@code /auth/can}.
 */
final class RefineE2ETest {
  static final Path REFINE = Path.of("..", "examples", "refine-admin", "dist");
  @TempDir static Path data;
  @TempDir Path profile;
  private static Server server;
  private static String base;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    server = SampleLauncher.start("127.0.0.1", 0, data, false, REFINE);
    base = "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @BeforeEach
  void open() {
    browser = Chromium.start(profile);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterEach
  void close(org.junit.jupiter.api.TestInfo info) {
    if (browser != null) {
      Chromium.screenshot(
          browser,
          "refine-last-" + info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("?"));
      browser.manage().logs().get("browser").forEach(e -> System.out.println("BROWSER " + e));
      browser.quit();
    }
  }

  private void signIn(String email, String password) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
    browser.findElement(By.id("email")).clear();
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).clear();
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("sign-in")).click();
  }

  private String text(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).getText();
  }

  @Test
  void secondFactor_enrolInTheApp_thenUseLoginDrivesBothSteps_andARecoveryCodeServesOnce()
      throws Exception {
    String email = "refine-2fa-" + System.nanoTime() + "@example.com";
    String password = "a-long-passphrase-refine";
    assertThat(register(email, password)).isEqualTo(200);
    browser.get(base + "/refine/login");
    signIn(email, password);
    wait.until(ExpectedConditions.textToBe(By.id("second-factor"), "off"));
    browser.findElement(By.id("to-security")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("security-password")))
        .sendKeys(password); // the first factor asks for the password again
    wait.until(ExpectedConditions.elementToBeClickable(By.id("mfa-begin"))).click();
    TotpCodes app = new TotpCodes(text("mfa-secret"));
    assertThat(browser.findElements(By.cssSelector("#qr svg"))).hasSize(1);
    browser.findElement(By.id("security-code")).sendKeys(app.next());
    browser.findElement(By.id("mfa-confirm")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#recovery-codes li"), 10));
    java.util.List<String> recovery =
        browser.findElements(By.cssSelector("#recovery-codes li")).stream()
            .map(org.openqa.selenium.WebElement::getText)
            .toList();
    wait.until(ExpectedConditions.textToBe(By.id("mfa-state"), "on"));
    Chromium.screenshot(browser, "refine-security");
    browser.findElement(By.id("to-dashboard")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
    wait.until(ExpectedConditions.urlToBe(base + "/refine/login"));

    // useLogin, twice: the password, then the code
    signIn(email, password);
    wait.until(ExpectedConditions.urlToBe(base + "/refine/login/second-factor"));
    assertThat(browser.executeScript("return localStorage.getItem('token')")).isNull();
    browser.findElement(By.id("code")).sendKeys("000000");
    browser.findElement(By.id("verify")).click();
    assertThat(text("login-error")).isEqualTo("The code is not valid, or the sign-in expired");
    browser.findElement(By.id("code")).clear();
    browser.findElement(By.id("code")).sendKeys(app.next());
    browser.findElement(By.id("verify")).click();
    wait.until(ExpectedConditions.textToBe(By.id("second-factor"), "on"));
    Chromium.screenshot(browser, "refine-second-step-done");

    // a recovery code, once
    for (int round = 0; round < 2; round++) {
      browser.findElement(By.id("logout")).click();
      wait.until(ExpectedConditions.urlToBe(base + "/refine/login"));
      signIn(email, password);
      wait.until(ExpectedConditions.urlToBe(base + "/refine/login/second-factor"));
      browser.findElement(By.id("use-recovery")).click();
      browser.findElement(By.id("code")).sendKeys(recovery.get(0));
      browser.findElement(By.id("verify")).click();
      if (round == 0) {
        wait.until(ExpectedConditions.textToBe(By.id("second-factor"), "on"));
      }
    }
    assertThat(text("login-error")).isEqualTo("The code is not valid, or the sign-in expired");
    assertThat(browser.executeScript("return localStorage.getItem('token')")).isNull();
  }

  @Test
  void passkey_addedInTheApp_signsInAlone_thenAnswersTheSecondStep_thenRemoved() throws Exception {
    String email = "refine-passkey-" + System.nanoTime() + "@example.com";
    String password = "a-long-passphrase-passkey";
    assertThat(register(email, password)).isEqualTo(200);
    browser.addVirtualAuthenticator(
        new org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions()
            .setProtocol(
                org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol.CTAP2)
            .setTransport(
                org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport
                    .INTERNAL)
            .setHasResidentKey(true)
            .setHasUserVerification(true)
            .setIsUserVerified(true));
    browser.get(base + "/refine/login");
    signIn(email, password);
    wait.until(ExpectedConditions.elementToBeClickable(By.id("to-security"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-name")))
        .sendKeys("Virtual key");
    browser.findElement(By.id("security-password")).sendKeys(password);
    browser.findElement(By.id("passkey-add")).click();
    wait.until(
        ExpectedConditions.textToBe(By.cssSelector("#passkeys .passkey-name"), "Virtual key"));
    browser.findElement(By.id("to-dashboard")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
    wait.until(ExpectedConditions.urlToBe(base + "/refine/login"));

    // the passkey alone
    wait.until(ExpectedConditions.elementToBeClickable(By.id("passkey-sign-in"))).click();
    wait.until(ExpectedConditions.textToBe(By.id("identity-email"), email));
    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/refine/login"));

    // the password, then the passkey as the second step (the options came with the first answer)
    signIn(email, password);
    wait.until(ExpectedConditions.urlToBe(base + "/refine/login/second-factor"));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("use-passkey"))).click();
    wait.until(ExpectedConditions.textToBe(By.id("identity-email"), email));
    assertThat(text("second-factor")).isEqualTo("on");

    browser.findElement(By.id("to-security")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("security-password")))
        .sendKeys(password);
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#passkeys .passkey-remove")))
        .click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#passkeys li"), 0));
  }

  private int register(String email, String password) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/auth/register"))
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  /** A JSON call with a bearer token; answers status and body. */
  private HttpResponse<String> call(String method, String path, String token, String json)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(
                    method,
                    json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private String tokenOf(String email, String password) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
  }

  /** The id of an account of acme, as the demo administrator lists them. */
  private String idOf(String adminToken, String email) throws Exception {
    String list = call("GET", "/api/admin/users", adminToken, null).body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "\\{\"id\":\"([^\"]+)\",\"email\":\"" + java.util.regex.Pattern.quote(email) + "\"")
            .matcher(list);
    assertThat(m.find()).as(email + " in " + list).isTrue();
    return m.group(1);
  }

  @Test
  void stepUp_aSensitiveCall_sendsToEnrolment_thenToTheSecondFactor_thenSucceeds()
      throws Exception {
    long n = System.nanoTime();
    String manager = "refine-manager-" + n + "@example.com";
    String victim = "refine-member-" + n + "@example.com";
    String password = "a-long-passphrase-refine";
    assertThat(register(manager, password)).isEqualTo(200);
    assertThat(register(victim, password)).isEqualTo(200);
    // the demo operator (stepped up, as granting asks) makes the manager one: users:manage
    String admin = DemoOperator.token(base);
    assertThat(
            call(
                    "PUT",
                    "/api/admin/users/" + idOf(admin, manager) + "/permissions",
                    admin,
                    "[\"posts:read\", \"users:manage\"]")
                .statusCode())
        .isEqualTo(204);

    browser.get(base + "/refine/login");
    signIn(manager, password);
    String suspend = "#users li[data-email='" + victim + "'] button";
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(suspend))).click();
    // no second factor yet: the security page, to add one
    wait.until(ExpectedConditions.urlToBe(base + "/refine/security"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("security-password")))
        .sendKeys(password); // the first factor asks for the password again
    wait.until(ExpectedConditions.elementToBeClickable(By.id("mfa-begin"))).click();
    TotpCodes app = new TotpCodes(text("mfa-secret"));
    browser.findElement(By.id("security-code")).sendKeys(app.next());
    browser.findElement(By.id("mfa-confirm")).click();
    wait.until(ExpectedConditions.textToBe(By.id("mfa-state"), "on"));
    browser.findElement(By.id("to-dashboard")).click();

    // the step-up page opened on its own (another site could open it so): it waits for a click
    browser.get(base + "/refine/login/second-factor?stepUp=true&to=%2F");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("step-up-start")));
    assertThat(browser.findElement(By.id("step-up")).getAttribute("data-ready")).isEqualTo("false");
    browser.findElement(By.id("step-up-start")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("step-up"), "data-ready", "true"));
    browser.get(base + "/refine/");

    // signed in with a password alone: the step-up, then back, then the same click succeeds
    String before = (String) browser.executeScript("return localStorage.getItem('token')");
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(suspend))).click();
    wait.until(ExpectedConditions.urlContains("/refine/login/second-factor?stepUp=true"));
    assertThat(browser.getCurrentUrl()).endsWith("&to=%2F");
    wait.until(ExpectedConditions.attributeToBe(By.id("step-up"), "data-ready", "true"));
    Chromium.screenshot(browser, "refine-step-up");
    browser.findElement(By.id("code")).sendKeys(app.next());
    browser.findElement(By.id("verify")).click();
    wait.until(ExpectedConditions.urlMatches("/refine/?$")); // back where the call was made
    String after = (String) browser.executeScript("return localStorage.getItem('token')");
    assertThat(after).isNotEqualTo(before);
    assertThat(call("GET", "/api/admin/users", before, null).statusCode())
        .as("the older token still serves where no step-up is asked")
        .isEqualTo(200);
    assertThat(
            call(
                    "PUT",
                    "/api/admin/users/" + idOf(admin, victim) + "/status",
                    before,
                    "{\"status\":\"DISABLED\"}")
                .statusCode())
        .as("but not for the sensitive call")
        .isEqualTo(403);
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(suspend))).click();
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("#users li[data-email='" + victim + "'] .status"), "DISABLED"));
    Chromium.screenshot(browser, "refine-step-up-done");
    // the suspended member cannot sign in
    assertThat(tokenOf(victim, password)).doesNotStartWith("ey");
  }

  @Test
  void login_identity_permissionDependentUi_logout() {
    browser.get(base + "/refine/");
    wait.until(ExpectedConditions.urlToBe(base + "/refine/login"));
    signIn("user@example.com", "wrong-password");
    assertThat(text("login-error")).isEqualTo("Invalid email or password");
    assertThat(browser.executeScript("return localStorage.getItem('token')")).isNull();

    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.textToBe(By.id("identity-name"), "Uma User"));
    assertThat(text("identity-email")).isEqualTo("user@example.com");
    assertThat(text("identity-tenant")).isEqualTo("acme");
    assertThat(text("permissions")).isEqualTo("posts:read");
    assertThat(text("no-write")).isEqualTo("Read only"); // /auth/can said no to posts:write
    assertThat(browser.findElements(By.id("users"))).isEmpty();
    wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#posts li"), 0));
    assertThat(browser.findElements(By.id("events"))).as("no audit:read").isEmpty();
    Chromium.screenshot(browser, "refine-user");

    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/refine/login"));
    assertThat(browser.executeScript("return localStorage.getItem('token')")).isNull();

    signIn("admin@example.com", "demo-admin-pass");
    wait.until(ExpectedConditions.textToBe(By.id("identity-name"), "Ada Admin"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-post")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users")));
    assertThat(browser.findElements(By.id("no-write"))).isEmpty();
    // the security events resource (audit:read), through the dataProvider: her sign-in is there
    wait.until(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("#events tbody tr[data-type=authn_login_success]"), 0));
    assertThat(browser.findElements(By.cssSelector("#events tbody tr td.type")))
        .extracting(org.openqa.selenium.WebElement::getText)
        .contains("authn_login_success", "authn_login_fail"); // and the user's wrong password
    Chromium.screenshot(browser, "refine-admin");
  }

  @Test
  void a401FromTheDataApi_logsOutThroughUseOnError() throws Exception {
    browser.get(
        base + "/refine/"); // the app routes on the client; it sends a new visitor to its /login
    signIn("admin@example.com", "demo-admin-pass");
    wait.until(ExpectedConditions.textToBe(By.id("identity-name"), "Ada Admin"));
    wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#posts li"), 0));
    String token = (String) browser.executeScript("return localStorage.getItem('token')");
    assertThat(token).startsWith("ey");

    // the control: reloading with a valid token keeps the user in
    browser.findElement(By.id("reload")).click();
    Thread.sleep(500);
    assertThat(browser.getCurrentUrl()).doesNotContain("/login");
    assertThat(text("identity-name")).isEqualTo("Ada Admin");

    // the token is revoked elsewhere (a logout from another client): the next data call answers 401
    HttpResponse<String> logout =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/auth/logout"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(logout.statusCode()).isEqualTo(200);
    browser.findElement(By.id("reload")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/refine/login"));
    assertThat(browser.executeScript("return localStorage.getItem('token')")).isNull();
  }
}
