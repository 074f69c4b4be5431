package dev.refauth.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The demo OpenID provider (mock-oauth2-server) on a free loopback port: it signs in "Sam Social"
 * ({@code sam.social@example.com}, verified) without asking. For trying the flow only.
 */
final class DemoOidc {
  private static final String CONFIG =
      """
      {"interactiveLogin": false, "tokenCallbacks": [{"issuerId": "demo", "tokenExpiry": 300, "requestMappings": [
        {"requestParam": "grant_type", "match": "*", "claims": {"sub": "demo-sam-social", "email": "sam.social@example.com",
          "email_verified": true, "name": "Sam Social"}}]}]}
      """;

  private final MockOAuth2Server provider;

  private DemoOidc(MockOAuth2Server provider) {
    this.provider = provider;
  }

  /** Starts a provider; stop it with {@link #stopWith(Server)}. */
  static DemoOidc start() throws IOException {
    MockOAuth2Server provider = new MockOAuth2Server(OAuth2Config.Companion.fromJson(CONFIG));
    provider.start(InetAddress.getByName("127.0.0.1"), 0);
    return new DemoOidc(provider);
  }

  /** The issuer URL the sample's "Sign in with Demo OIDC" uses. */
  String issuer() {
    return provider.issuerUrl("demo").toString();
  }

  /**
   * The init-params that add "Sign in with Demo OIDC" to the sample's social login. Its client secret, public and
   * worthless, comes as a deployment's secrets do: from outside {@code web.xml} (a system property).
   */
  Map<String, String> settings() {
    System.setProperty("refauth.provider.social.demo.clientSecret", "demo-only-secret");
    return Map.of(
        "provider.social.providers", "demo",
        "provider.social.demo.issuer", issuer(),
        "provider.social.demo.clientId", "refauth-sample",
        "provider.social.demo.displayName", "Demo OIDC");
  }

  /** Shuts the provider down when {@code server} stops. */
  void stopWith(Server server) {
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopped(LifeCycle event) {
            provider.shutdown();
          }
        });
  }
}
