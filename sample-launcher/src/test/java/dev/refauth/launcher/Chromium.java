package dev.refauth.launcher;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's real Chromium, headless, through its chromedriver. Tests skip (with the reason) where it is not
 * installed; {@code .ci/run} installs it, so CI never skips.
 */
final class Chromium {
  static final File BROWSER = new File("/usr/bin/chromium");
  static final File DRIVER = new File("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Chromium() {}

  /** A fresh browser profile (no cookies); quit it after use. */
  static ChromeDriver start(Path profile) {
    return start(profile, new String[0]);
  }

  /** As above, with more command-line switches (e.g. {@code --ignore-certificate-errors} for a self-signed proxy). */
  static ChromeDriver start(Path profile, String... extra) {
    assumeTrue(
        BROWSER.canExecute() && DRIVER.canExecute(),
        "Chromium is not installed (apt-get install -y chromium chromium-driver); .ci/run installs it");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1100,900",
        "--user-data-dir=" + profile);
    options.addArguments(extra);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Saves a screenshot as a build artifact ({@code target/screenshots/<name>.png}). */
  static void screenshot(ChromeDriver driver, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(
          SCREENSHOTS.resolve(name + ".png"),
          ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new IllegalStateException("cannot save screenshot " + name, e);
    }
  }
}
