package dev.refauth.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.testsupport.TotpCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Two-step verification in real Chromium, on the sample (the real WAR, its H2 database): turn it on with the QR page
 * and a code from an independent TOTP implementation, sign out, sign in with the password and a code, then with a
 * recovery code (which fails the second time), then turn it off.
 */
final class SecondFactorBrowserTest {
  @TempDir static Path data;
  @TempDir Path profile;
  private static Server server;
  private static String base;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    server = SampleLauncher.start("127.0.0.1", 0, data, true); // with the demo OpenID provider
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
  void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void enrol_signInWithACode_thenARecoveryCodeOnce_thenTurnItOff() throws Exception {
    signIn("admin@example.com", "demo-admin-pass");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    assertThat(browser.findElement(By.id("second-factor")).getText()).isEqualTo("off");

    // turn it on: the QR code drawn on the page, the key beside it, a first code confirms
    browser.get(base + "/account/security");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("factor-password")))
        .sendKeys("demo-admin-pass"); // the first factor asks for the password again
    wait.until(ExpectedConditions.elementToBeClickable(By.id("mfa-begin"))).click();
    WebElement secretText =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mfa-secret")));
    TotpCodes codes = new TotpCodes(secretText.getText());
    assertThat(browser.findElements(By.cssSelector("#mfa-qr svg"))).hasSize(1);
    Chromium.screenshot(browser, "mfa-enrol");
    browser.findElement(By.id("confirm-code")).sendKeys(codes.next());
    browser.findElement(By.cssSelector("#mfa-confirm button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mfa-codes")));
    List<String> recovery =
        browser.findElements(By.cssSelector("#mfa-recovery-codes li")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(recovery).hasSize(10);
    assertThat(browser.findElement(By.id("mfa-left")).getText()).isEqualTo("10");
    Chromium.screenshot(browser, "mfa-recovery-codes");

    // sign out; the password alone now leads to the second step, kept for the deep link
    signOut();
    browser.get(base + "/posts");
    wait.until(ExpectedConditions.urlContains("/login"));
    signIn("admin@example.com", "demo-admin-pass");
    wait.until(ExpectedConditions.urlContains("/login/second-factor"));
    assertThat(browser.manage().getCookieNamed("refauth_session")).isNull();
    Chromium.screenshot(browser, "mfa-second-step");
    browser.findElement(By.id("code")).sendKeys("000000");
    browser.findElement(By.cssSelector("#code-form button")).click();
    wait.until(
        ExpectedConditions.textToBe(
            By.id("notice"), "The code is not valid, or the sign-in expired"));
    browser.findElement(By.id("code")).clear();
    browser.findElement(By.id("code")).sendKeys(codes.next());
    browser.findElement(By.cssSelector("#code-form button")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/posts"));
    browser.get(base + "/");
    assertThat(browser.findElement(By.id("second-factor")).getText()).isEqualTo("on");

    // a recovery code, once
    signOut();
    secondStepWithRecoveryCode(recovery.get(0));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    signOut();
    secondStepWithRecoveryCode(recovery.get(0));
    wait.until(
        ExpectedConditions.textToBe(
            By.id("notice"), "The code is not valid, or the sign-in expired"));
    assertThat(browser.getCurrentUrl()).contains("/login/second-factor");
    assertThat(browser.manage().getCookieNamed("refauth_session")).isNull();
    browser.findElement(By.id("recoveryCode")).clear();
    browser.findElement(By.id("recoveryCode")).sendKeys(recovery.get(1));
    browser.findElement(By.cssSelector("#recovery-form button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));

    // turn it off with a fresh recovery code; the password alone signs in again
    browser.get(base + "/account/security");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mfa-on")));
    assertThat(browser.findElement(By.id("mfa-left")).getText()).isEqualTo("8");
    browser.findElement(By.id("factor-password")).sendKeys("demo-admin-pass");
    browser.findElement(By.id("remove-code")).sendKeys(recovery.get(2));
    browser.findElement(By.cssSelector("#mfa-remove button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mfa-off")));
    signOut();
    signIn("admin@example.com", "demo-admin-pass");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    assertThat(browser.findElement(By.id("second-factor")).getText()).isEqualTo("off");
  }

  @Test
  void socialSignIn_asksForTheSecondFactorToo_thenLandsOnTheDeepLink() throws Exception {
    browser.get(base + "/login");
    browser.findElement(By.id("social-demo")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    browser.get(base + "/account/security");
    TotpCodes codes = turnOnTotp(""); // an account of the provider's has no password to ask
    signOut();

    // the provider vouches for the person; the account's second factor is still asked, then the
    // deep link
    browser.get(base + "/posts");
    wait.until(ExpectedConditions.urlContains("/login"));
    browser.findElement(By.id("social-demo")).click();
    wait.until(ExpectedConditions.urlContains("/login/second-factor"));
    assertThat(browser.getCurrentUrl()).contains("to=/posts");
    assertThat(browser.manage().getCookieNamed("refauth_session")).isNull();
    browser.findElement(By.id("code")).sendKeys(codes.next());
    browser.findElement(By.cssSelector("#code-form button")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/posts"));
    assertThat(browser.manage().getCookieNamed("refauth_session")).isNotNull();
  }

  @Test
  void passkey_registeredWithTheVirtualAuthenticator_signsInAlone_thenAsTheSecondStep_thenRemoved()
      throws Exception {
    VirtualAuthenticator key =
        browser.addVirtualAuthenticator(
            new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true));
    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    browser.get(base + "/account/security");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("passkeys-none")));
    browser.findElement(By.id("passkey-name")).sendKeys("Virtual key");
    browser.findElement(By.id("factor-password")).sendKeys("demo-user-pass");
    browser.findElement(By.cssSelector("#passkey-add button")).click();
    wait.until(
        ExpectedConditions.textToBe(By.cssSelector("#passkeys .passkey-name"), "Virtual key"));
    assertThat(key.getCredentials()).hasSize(1);
    assertThat(key.getCredentials().get(0).isResidentCredential()).isTrue();
    Chromium.screenshot(browser, "passkey-added");
    signOut();

    // the passkey alone: no email, no password, the deep link kept
    browser.get(base + "/posts");
    wait.until(ExpectedConditions.urlContains("/login"));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("passkey-login"))).click();
    wait.until(ExpectedConditions.urlToBe(base + "/posts"));
    assertThat(browser.manage().getCookieNamed("refauth_session")).isNotNull();
    browser.get(base + "/");
    assertThat(browser.findElement(By.id("identity-name")).getText()).isEqualTo("Uma User");
    assertThat(browser.findElement(By.id("second-factor")).getText()).isEqualTo("on");
    signOut();

    // as the second step after the password
    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.urlContains("/login/second-factor"));
    assertThat(browser.manage().getCookieNamed("refauth_session")).isNull();
    browser.findElement(By.id("passkey-login")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    assertThat(browser.findElement(By.id("identity-name")).getText()).isEqualTo("Uma User");

    // renamed in the list, then removed: the password alone signs in again
    browser.get(base + "/account/security");
    wait.until(
        ExpectedConditions.textToBe(By.cssSelector("#passkeys .passkey-name"), "Virtual key"));
    assertThat(browser.findElement(By.cssSelector("#passkeys .muted")).getText())
        .contains("last used");
    browser.findElement(By.id("factor-password")).sendKeys("demo-user-pass");
    browser.findElement(By.cssSelector("#passkeys .passkey-remove")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("passkeys-none")));
    signOut();
    signIn("user@example.com", "demo-user-pass");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    assertThat(browser.findElement(By.id("second-factor")).getText()).isEqualTo("off");
  }

  @Test
  void stepUpPage_sendsAnAccountWithoutAFactorToAddOne_thenConfirmsWithACode_andGoesBack()
      throws Exception {
    String email = "step-up-page-" + System.nanoTime() + "@example.com";
    String password = "a-long-passphrase-page";
    assertThat(
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base + "/auth/register"))
                        .header("Content-Type", "application/json")
                        .POST(
                            java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    signIn(email, password);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identity-name")));
    // no second factor: the step-up page sends the person to add one
    browser.get(base + "/login/second-factor?stepUp=true&to=%2Fposts");
    wait.until(ExpectedConditions.urlContains("/account/security"));
    TotpCodes codes = turnOnTotp(password);
    String before = browser.manage().getCookieNamed("refauth_session").getValue();

    // now the step-up: the page asks the server for the challenge, the code answers it, back to
    // "to"
    browser.get(base + "/login/second-factor?stepUp=true&to=%2Fposts");
    wait.until(ExpectedConditions.attributeToBe(By.id("step-up"), "data-ready", "true"));
    Chromium.screenshot(browser, "mfa-step-up");
    browser.findElement(By.id("code")).sendKeys("000000");
    browser.findElement(By.cssSelector("#code-form button")).click();
    wait.until(
        ExpectedConditions.textToBe(
            By.id("notice"), "The code is not valid, or the sign-in expired"));
    assertThat(browser.manage().getCookieNamed("refauth_session").getValue())
        .as("a wrong code changes nothing: still signed in, the same session")
        .isEqualTo(before);
    browser.findElement(By.id("code")).clear();
    browser.findElement(By.id("code")).sendKeys(codes.next());
    browser.findElement(By.cssSelector("#code-form button")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/posts"));
    assertThat(browser.manage().getCookieNamed("refauth_session").getValue())
        .as("a new sign-in, recent")
        .isNotEqualTo(before);
  }

  /**
   * On the security page: an authenticator app turned on with a first code ({@code password}, asked for every change,
   * typed first when not empty); answers the app.
   */
  private TotpCodes turnOnTotp(String password) throws InterruptedException {
    if (!password.isEmpty()) {
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("factor-password")))
          .sendKeys(password);
    }
    wait.until(ExpectedConditions.elementToBeClickable(By.id("mfa-begin"))).click();
    TotpCodes codes =
        new TotpCodes(
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mfa-secret")))
                .getText());
    browser.findElement(By.id("confirm-code")).sendKeys(codes.next());
    browser.findElement(By.cssSelector("#mfa-confirm button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mfa-codes")));
    return codes;
  }

  private void secondStepWithRecoveryCode(String code) {
    browser.get(base + "/login");
    signIn("admin@example.com", "demo-admin-pass");
    wait.until(ExpectedConditions.urlContains("/login/second-factor"));
    browser.findElement(By.tagName("summary")).click();
    browser.findElement(By.id("recoveryCode")).sendKeys(code);
    browser.findElement(By.cssSelector("#recovery-form button")).click();
  }

  private void signIn(String email, String password) {
    if (!browser.getCurrentUrl().contains("/login")) {
      browser.get(base + "/login");
    }
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
  }

  private void signOut() {
    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.urlContains("/login"));
  }
}
