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
  @TempDir
  static Path data;
  @TempDir
  Path profile;
  private static Server server;
  private static String base;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    server = SampleLauncher.start("127.0.0.1", 0, data, true);
    base = "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort(); // the public URL names localhost
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
    assertThat(browser.findElement(By.id("identity-email")).getText()).isEqualTo("sam.social@example.com");
    assertThat(browser.manage().getCookieNamed("refauth_oauth")).isNull(); // the attempt cookie is gone
    Chromium.screenshot(browser, "dashboard-social");
  }

  @Test
  void passwordLogin_dashboardShowsTheIdentity_wrongPasswordStaysOnLogin() {
    browser.get(base + "/login");
    signIn("user@example.com", "wrong-password");
    wait.until(ExpectedConditions.urlContains("error="));
    assertThat(browser.findElement(By.cssSelector(".notice.error")).getText()).isEqualTo("Invalid email or password");
    assertThat(browser.manage().getCookieNamed("refauth_session")).isNull();
    Chromium.screenshot(browser, "login-error");

    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    assertThat(browser.findElement(By.id("identity-name")).getText()).isEqualTo("Uma User");
    assertThat(browser.findElement(By.id("identity-tenant")).getText()).isEqualTo("acme");
    Chromium.screenshot(browser, "dashboard");
  }
}
