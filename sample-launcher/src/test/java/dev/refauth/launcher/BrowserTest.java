package dev.refauth.launcher;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The sample's pages in real Chromium, against the launcher (the real WAR) and its demo OpenID provider. */
final class BrowserTest {
  @TempDir static Path data;
  @TempDir Path profile;
  private static Server server;
  private static String base;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    server = SampleLauncher.start("127.0.0.1", 0, data, true);
    base =
        "http://localhost:"
            + ((ServerConnector) server.getConnectors()[0])
                .getLocalPort(); // the public URL names localhost
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
  void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  private void signIn(String email, String password) {
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
  }

  @Test
  void socialLogin_withTheDemoProvider_landsOnTheDeepLinkSignedIn() {
    browser.get(base + "/posts");
    wait.until(ExpectedConditions.urlContains("/login"));
    assertThat(browser.getCurrentUrl()).contains("to=%2Fposts");
    Chromium.screenshot(browser, "login");
    browser.findElement(By.id("social-demo")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/posts"));
    assertThat(browser.findElement(By.id("tenant")).getText()).isEqualTo("acme");
    browser.get(base + "/");
    assertThat(browser.findElement(By.id("identity-name")).getText()).isEqualTo("Sam Social");
    assertThat(browser.findElement(By.id("identity-email")).getText())
        .isEqualTo("sam.social@example.com");
    assertThat(browser.manage().getCookieNamed("refauth_oauth"))
        .isNull(); // the attempt cookie is gone
    Chromium.screenshot(browser, "dashboard-social");
  }

  @Test
  void passwordLogin_dashboardShowsTheIdentity_wrongPasswordStaysOnLogin() {
    browser.get(base + "/login");
    signIn("user@example.com", "wrong-password");
    wait.until(ExpectedConditions.urlContains("error="));
    assertThat(browser.findElement(By.cssSelector(".notice.error")).getText())
        .isEqualTo("Invalid email or password");
    assertThat(browser.manage().getCookieNamed("refauth_session")).isNull();
    Chromium.screenshot(browser, "login-error");

    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    assertThat(browser.findElement(By.id("identity-name")).getText()).isEqualTo("Uma User");
    assertThat(browser.findElement(By.id("identity-tenant")).getText()).isEqualTo("acme");
    Chromium.screenshot(browser, "dashboard");
  }

  @Test
  void deepLink_loginThenBackToIt() {
    browser.get(base + "/admin");
    wait.until(ExpectedConditions.urlContains("/login"));
    assertThat(browser.getCurrentUrl()).endsWith("/login?to=%2Fadmin");
    signIn("admin@example.com", "demo-admin-pass");
    wait.until(ExpectedConditions.urlToBe(base + "/admin"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Admin");
    Chromium.screenshot(browser, "admin");
  }

  @Test
  void withoutAdmin_adminIsForbidden_andTheUserStaysSignedIn() {
    browser.get(base + "/login");
    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    browser.get(base + "/admin");
    assertThat(browser.getPageSource()).contains("403");
    assertThat(browser.getCurrentUrl())
        .isEqualTo(base + "/admin"); // no redirect to login: still signed in
    browser.get(base + "/");
    assertThat(browser.findElement(By.id("identity-name")).getText()).isEqualTo("Uma User");
  }

  @Test
  void logout_thenProtectedPagesRedirectToLogin() {
    browser.get(base + "/login");
    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logout")));
    browser.get(base + "/posts");
    assertThat(browser.findElement(By.id("tenant")).getText()).isEqualTo("acme");
    Chromium.screenshot(browser, "posts");
    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.urlContains("/login"));
    for (String page : new String[] {"/", "/posts", "/admin"}) {
      browser.get(base + page);
      wait.until(ExpectedConditions.urlContains("/login"));
      assertThat(browser.findElements(By.id("logout"))).as(page).isEmpty();
    }
  }

  @Test
  void register_thenSignIn() {
    browser.get(base + "/login");
    browser.findElement(By.id("to-register")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/register"));
    browser.findElement(By.id("name")).sendKeys("Rita Register");
    browser.findElement(By.id("email")).sendKeys("rita@example.com");
    browser.findElement(By.id("password")).sendKeys("short");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("notice"), "at least 8 characters"));
    assertThat(browser.findElement(By.id("notice")).getAttribute("class")).contains("error");
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/register");
    Chromium.screenshot(browser, "register-error");

    browser.findElement(By.id("password")).clear();
    browser.findElement(By.id("password")).sendKeys("rita-long-passphrase");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/login"));
    assertThat(browser.findElement(By.id("notice")).getText()).contains("Check your inbox");
    signIn("rita@example.com", "rita-long-passphrase");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    assertThat(browser.findElement(By.id("identity-name")).getText()).isEqualTo("Rita Register");
  }

  @Test
  void forgotPassword_mail_reset_signInWithTheNewPassword() throws Exception {
    browser.get(base + "/register");
    browser.findElement(By.id("email")).sendKeys("fred@example.com");
    browser.findElement(By.id("password")).sendKeys("fred-first-passphrase");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/login"));

    browser.findElement(By.id("to-forgot")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/forgot-password"));
    browser.findElement(By.id("email")).sendKeys("fred@example.com");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/login"));
    assertThat(browser.findElement(By.id("notice")).getText()).contains("If an account exists");

    String mail = DevMailbox.await(data, "fred@example.com", "Reset your password");
    java.util.regex.Matcher link =
        java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(base) + "/reset-password\\?token=[A-Za-z0-9_-]+")
            .matcher(mail);
    assertThat(link.find()).as(mail).isTrue();
    browser.get(link.group());
    browser.findElement(By.id("password")).sendKeys("fred-second-passphrase");
    browser.findElement(By.id("confirmPassword")).sendKeys("fred-second-passphrase");
    Chromium.screenshot(browser, "reset-password");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/login"));
    assertThat(browser.findElement(By.id("notice")).getText()).contains("Password changed");

    signIn("fred@example.com", "fred-first-passphrase");
    wait.until(ExpectedConditions.urlContains("error="));
    signIn("fred@example.com", "fred-second-passphrase");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    assertThat(browser.findElement(By.id("identity-email")).getText())
        .isEqualTo("fred@example.com");

    browser.get(link.group()); // the link works once
    browser.findElement(By.id("password")).sendKeys("fred-third-passphrase");
    browser.findElement(By.id("confirmPassword")).sendKeys("fred-third-passphrase");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("notice"), "invalid or has expired"));
  }
}
