package dev.refauth.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployment options reach the WAR as init-params: the public origin in mails, callbacks and cookies; bad ones stop it. */
final class LauncherOptionsTest {
  private static final String PUBLIC = "https://app.example.test";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  @TempDir Path data;

  @Test
  void publicOrigin_isTheBaseOfMailLinksAndSocialCallbacks_andMakesCookiesSecure()
      throws Exception {
    Server server = SampleLauncher.options().data(data).publicOrigin(PUBLIC).start();
    try {
      String base =
          "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpResponse<String> forgot =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(base + "/auth/forgot-password"))
                  .header("Content-Type", "application/json")
                  .header("X-Forwarded-Host", "evil.example")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"user@example.com\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(forgot.statusCode()).isEqualTo(202);
      assertThat(DevMailbox.await(data, "user@example.com", "Reset your password"))
          .contains(PUBLIC + "/reset-password?token=")
          .doesNotContain("evil.example")
          .doesNotContain("127.0.0.1");
      HttpResponse<String> social =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(base + "/auth/demo")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(social.statusCode()).isEqualTo(302);
      assertThat(
              URLDecoder.decode(
                  social.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8))
          .contains("redirect_uri=" + PUBLIC + "/auth/demo/callback");
      HttpResponse<String> login =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                  .header("Content-Type", "application/json")
                  .header("Origin", PUBLIC)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode())
          .as("Origin is the public origin, not http://127.0.0.1")
          .isEqualTo(200);
      assertThat(login.headers().allValues("Set-Cookie"))
          .anyMatch(c -> c.startsWith("__Host-refauth_session=") && c.contains("Secure"))
          .anyMatch(c -> c.startsWith("__Secure-refauth_refresh=") && c.contains("Secure"));
    } finally {
      server.stop();
    }
  }

  @Test
  void badDeploymentOptions_stopTheStart_namingTheSetting() {
    assertThatThrownBy(
            () -> SampleLauncher.options().data(data).demoOidc(false).allowedOrigin("*").start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("allowedOrigins")
        .hasMessageContaining("wildcard");
    assertThatThrownBy(
            () ->
                SampleLauncher.options()
                    .data(data)
                    .demoOidc(false)
                    .trustedProxy("proxy.internal")
                    .start())
        .hasMessageContaining("trustedProxies")
        .hasMessageContaining("proxy.internal");
    assertThatThrownBy(
            () ->
                SampleLauncher.options()
                    .data(data)
                    .demoOidc(false)
                    .sessionMode("sometimes")
                    .start())
        .hasMessageContaining("provider.sessionMode");
    assertThatThrownBy(
            () -> SampleLauncher.options().data(data).demoOidc(false).accessTokenTtl("2h").start())
        .hasMessageContaining("provider.accessTtl");
    assertThatThrownBy(
            () ->
                SampleLauncher.options()
                    .data(data)
                    .demoOidc(false)
                    .publicOrigin("https://app.example.test/path")
                    .start())
        .hasMessageContaining("publicOrigin");
  }
}
