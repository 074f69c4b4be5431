package dev.refauth.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample behind a real Keycloak ({@link Keycloak}: the distribution from Maven Central, realms imported from
 * {@code src/test/resources/keycloak}) and a second issuer (mock-oauth2-server), both trusted at once, each token
 * mapped by its own issuer's rules; and social login through Keycloak in real Chromium. The key rotation runs last:
 * it changes the realm for good.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class BehindKeycloakTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  @TempDir static Path data;
  @TempDir static Path profile;
  private static Keycloak keycloak;
  private static MockOAuth2Server partner;
  @TempDir static Path pgData;
  private static EmbeddedPostgres pg;
  private static Server server;
  private static Server nodeB;
  private static String base;
  private static String b;

  @BeforeAll
  static void start() throws Exception {
    keycloak = Keycloak.get();
    partner = new MockOAuth2Server();
    partner.start();
    pg = EmbeddedPostgres.builder().setDataDirectory(pgData).start();
    // client secrets come from outside web.xml, as a deployment's do
    System.setProperty("refauth.provider.social.keycloak.clientSecret", "sample-keycloak-secret");
    System.setProperty(SampleLauncher.JDBC_URL_PROPERTY, pg.getJdbcUrl("postgres", "postgres"));
    System.setProperty(SampleLauncher.JDBC_USER_PROPERTY, "postgres");
    try {
      // two nodes on one database and one signing key (the same data folder): the scale-out set-up
      server = node();
      nodeB = node();
    } finally {
      System.clearProperty(SampleLauncher.JDBC_URL_PROPERTY);
      System.clearProperty(SampleLauncher.JDBC_USER_PROPERTY);
    }
    base = "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    b = "http://localhost:" + ((ServerConnector) nodeB.getConnectors()[0]).getLocalPort();
  }

  private static Server node() throws Exception {
    return SampleLauncher.options()
        .host("127.0.0.1")
        .port(0)
        .data(data)
        .providerSetting("issuers", "keycloak, partner")
        .providerSetting("issuers.keycloak.issuer", keycloak.issuer("demo"))
        .providerSetting("issuers.keycloak.profile", "keycloak")
        .providerSetting("issuers.keycloak.audience", "sample-api")
        .providerSetting(
            "issuers.keycloak.permissionMap", "reader=posts:read; writer=posts:read posts:write")
        .providerSetting("issuers.keycloak.mappedOnly", "true")
        .providerSetting("issuers.keycloak.tenant", "acme")
        .providerSetting("issuers.keycloak.jwksCacheTtl", "2s")
        .providerSetting("issuers.partner.issuer", partner.issuerUrl("partner").toString())
        .providerSetting("issuers.partner.types", "JWT")
        .providerSetting("issuers.partner.audience", "sample-api")
        .providerSetting("issuers.partner.permissions", "roles")
        .providerSetting("issuers.partner.tenant", "globex")
        .providerSetting("social.providers", "demo, keycloak")
        .providerSetting("social.keycloak.issuer", keycloak.issuer("demo"))
        .providerSetting("social.keycloak.clientId", "refauth-sample")
        .providerSetting("social.keycloak.displayName", "Keycloak")
        .providerSetting("social.keycloak.logoutAtProvider", "true")
        .providerSetting("social.keycloak.keepTokens", "true")
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("refauth.provider.social.keycloak.clientSecret");
    for (Server s : new Server[] {server, nodeB}) {
      if (s != null && s.isRunning()) {
        s.stop();
      }
    }
    if (partner != null) {
      partner.shutdown();
    }
    if (pg != null) {
      pg.close();
    }
  }

  static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String errorName(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body()).path("error").path("name").asText();
  }

  String ordersToken() throws Exception {
    return keycloak.clientToken("demo", "orders-cli", "orders-cli-secret");
  }

  String partnerToken(String audience, List<String> roles) {
    return partner
        .issueToken(
            "partner",
            "partner-client",
            new DefaultOAuth2TokenCallback(
                "partner",
                "partner-service",
                JOSEObjectType.JWT.getType(),
                List.of(audience),
                Map.of("roles", roles),
                300))
        .serialize();
  }

  @Test
  @Order(1)
  void aKeycloakClientsToken_servesTheApiWithTheMappedPermissions() throws Exception {
    String token = ordersToken();
    HttpResponse<String> me = call("GET", "/auth/me", token, null);
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode identity = JSON.readTree(me.body());
    assertThat(identity.path("tenant").asText()).isEqualTo("acme");
    assertThat(identity.path("name").asText()).isEqualTo("service-account-orders-cli");
    HttpResponse<String> permissions = call("GET", "/auth/permissions", token, null);
    assertThat(permissions.body()).contains("posts:read").contains("posts:write");
    // Keycloak's own roles (default-roles-demo, offline_access) are not in the map: nothing
    assertThat(permissions.body()).doesNotContain("offline_access").doesNotContain("reader");
    assertThat(call("GET", "/api/posts", token, null).statusCode()).isEqualTo(200);
    HttpResponse<String> created =
        call("POST", "/api/posts", token, "{\"title\":\"from Keycloak\"}");
    assertThat(created.statusCode()).isEqualTo(201);
  }

  @Test
  @Order(2)
  void anotherAudience_anotherRealm_aForgedIssuer_areRefusedLikeAnyBadToken() throws Exception {
    String billing = keycloak.clientToken("demo", "billing-cli", "billing-cli-secret");
    String otherRealm = keycloak.clientToken("other", "orders-cli", "orders-cli-secret");
    for (String bad : List.of(billing, otherRealm)) {
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = call("GET", "/api/posts", bad, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(errorName(r)).isEqualTo("InvalidToken");
        assertThat(call("POST", "/api/posts", bad, "{\"title\":\"x\"}").statusCode())
            .isEqualTo(401);
        assertThat(call("GET", "/auth/me", bad, null).statusCode()).isEqualTo(401);
      }
    }
    // the partner's key signing a token that says it is Keycloak's
    String forged =
        partner
            .issueToken(
                "partner",
                "x",
                new DefaultOAuth2TokenCallback(
                    "partner",
                    "orders",
                    "JWT",
                    List.of("sample-api"),
                    Map.of("iss", keycloak.issuer("demo"), "typ", "Bearer"),
                    300))
            .serialize();
    assertThat(call("GET", "/api/posts", forged, null).statusCode()).isEqualTo(401);
    // the control: the right client's token, right after
    assertThat(call("GET", "/api/posts", ordersToken(), null).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void theSecondIssuer_isTrustedAtTheSameTime_byItsOwnRules() throws Exception {
    String token = partnerToken("sample-api", List.of("posts:read"));
    HttpResponse<String> me = call("GET", "/auth/me", token, null);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(me.body()).path("tenant").asText()).isEqualTo("globex");
    assertThat(call("GET", "/api/posts", token, null).statusCode()).isEqualTo(200);
    // its rules are its own: "posts:read" literally, no map; so Keycloak's role names give nothing
    // here
    assertThat(call("POST", "/api/posts", token, "{\"title\":\"x\"}").statusCode()).isEqualTo(403);
    String reader = partnerToken("sample-api", List.of("reader"));
    assertThat(call("GET", "/api/posts", reader, null).statusCode()).isEqualTo(403);
    // a wildcard in its claim is never "everything"
    String star = partnerToken("sample-api", List.of("*", "posts:*"));
    assertThat(call("GET", "/api/posts", star, null).statusCode()).isEqualTo(403);
    assertThat(
            call("GET", "/api/posts", partnerToken("elsewhere", List.of("posts:read")), null)
                .statusCode())
        .isEqualTo(401);
    // a tenant's credential never serves the other tenant
    HttpResponse<String> crossTenant =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/posts"))
                .header("Authorization", "Bearer " + token)
                .header("X-Tenant-ID", "acme")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(crossTenant.statusCode()).isIn(401, 403);
  }

  @Test
  @Order(4)
  void aRoleRemovedInKeycloak_isGoneFromTheNextToken() throws Exception {
    String before = ordersToken();
    assertThat(call("POST", "/api/posts", before, "{\"title\":\"a\"}").statusCode()).isEqualTo(201);
    keycloak.removeRealmRole("demo", "service-account-orders-cli", "writer");
    try {
      String after = ordersToken();
      assertThat(call("POST", "/api/posts", after, "{\"title\":\"b\"}").statusCode())
          .isEqualTo(403);
      assertThat(call("GET", "/api/posts", after, null).statusCode()).isEqualTo(200);
    } finally {
      keycloak.addRealmRole("demo", "service-account-orders-cli", "writer");
    }
    assertThat(call("POST", "/api/posts", ordersToken(), "{\"title\":\"c\"}").statusCode())
        .isEqualTo(201);
  }

  /** Signs Kim in through Keycloak on node A from the deep link {@code /posts}; answers the session cookie. */
  private static String signInThroughKeycloak(ChromeDriver browser, WebDriverWait wait) {
    browser.get(base + "/posts");
    wait.until(ExpectedConditions.urlContains("/login"));
    browser.findElement(By.id("social-keycloak")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    String authorize = browser.getCurrentUrl();
    assertThat(authorize)
        .startsWith(keycloak.issuer("demo"))
        .contains("code_challenge_method=S256")
        .contains("state=")
        .contains("nonce=");
    browser.findElement(By.id("username")).sendKeys("kim");
    browser.findElement(By.id("password")).sendKeys("kim-keycloak-pass");
    browser.findElement(By.id("kc-login")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/posts"));
    return browser.manage().getCookieNamed("refauth_session").getValue();
  }

  /** What {@code /auth/me} answers on a node for this session cookie. */
  private static int me(String node, String session) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(node + "/auth/me"))
                .header("Cookie", "refauth_session=" + session)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  @Order(5)
  void socialLoginThroughKeycloak_inChromium_landsOnTheDeepLink_onBothNodes() throws Exception {
    ChromeDriver browser = Chromium.start(profile.resolve("social"));
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      String session = signInThroughKeycloak(browser, wait);
      assertThat(browser.findElement(By.id("tenant")).getText()).isEqualTo("acme");
      browser.get(base + "/");
      assertThat(browser.findElement(By.id("identity-email")).getText())
          .isEqualTo("kim@example.com");
      assertThat(keycloak.sessions("demo", "kim")).isEqualTo(1);
      assertThat(me(base, session)).isEqualTo(200);
      assertThat(me(b, session)).isEqualTo(200);
      Chromium.screenshot(browser, "dashboard-keycloak");
    } finally {
      browser.quit();
    }
  }

  /** A browser by plain HTTP: cookies kept per host and port, sent back to where they came from; no redirects followed. */
  private static final class Browser {
    private final Map<String, Map<String, String>> jar = new java.util.HashMap<>();

    HttpResponse<String> send(String method, String url, String form) throws Exception {
      URI u = URI.create(url);
      String at = u.getHost() + ":" + u.getPort();
      HttpRequest.Builder b = HttpRequest.newBuilder(u);
      Map<String, String> cookies = jar.getOrDefault(at, Map.of());
      if (!cookies.isEmpty()) {
        b.header(
            "Cookie",
            String.join(
                "; ",
                cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
      }
      if (form != null) {
        b.header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.split(";", 2)[0];
        int eq = pair.indexOf('=');
        jar.computeIfAbsent(at, k -> new java.util.HashMap<>())
            .put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      return r;
    }
  }

  /** Kim's sign-in through Keycloak by plain HTTP, Keycloak's login form posted: the callback URL it sends her to. */
  private static Map.Entry<Browser, String> keycloakCallback() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> start = browser.send("GET", base + "/auth/keycloak?to=/posts", null);
    String authorize = start.headers().firstValue("Location").orElseThrow();
    String page = browser.send("GET", authorize, null).body();
    java.util.regex.Matcher action =
        java.util.regex.Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"")
            .matcher(page);
    assertThat(action.find()).as("Keycloak's login form").isTrue();
    HttpResponse<String> posted =
        browser.send(
            "POST",
            action.group(1).replace("&amp;", "&"),
            "username=kim&password=kim-keycloak-pass&credentialId=");
    String callback =
        posted
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new AssertionError("Keycloak answered " + posted.statusCode()));
    assertThat(callback).startsWith(base + "/auth/keycloak/callback").contains("iss=");
    return Map.entry(browser, callback);
  }

  @Test
  @Order(6)
  void aCallbackWithoutTheIssKeycloakSends_isRefused_withItTheSignInCompletes() throws Exception {
    // Keycloak's discovery says authorization_response_iss_parameter_supported: RFC 9207 then wants
    // it
    Map.Entry<Browser, String> stripped = keycloakCallback();
    HttpResponse<String> refused =
        stripped
            .getKey()
            .send("GET", stripped.getValue().replaceAll("([?&])iss=[^&]*&?", "$1"), null);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("refauth_session=") && !c.startsWith("refauth_session=;"));
    Map.Entry<Browser, String> whole = keycloakCallback();
    HttpResponse<String> signedIn = whole.getKey().send("GET", whole.getValue(), null);
    assertThat(signedIn.statusCode()).isEqualTo(302);
    assertThat(signedIn.headers().firstValue("Location")).contains("/posts");
    assertThat(signedIn.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("refauth_session="));
  }

  @Test
  @Order(7)
  void aLogoutAtKeycloak_endsTheLoginOnBothNodes_throughBackChannelLogout() throws Exception {
    // Keycloak calls node B; the login was made on node A
    keycloak.setClientAttribute(
        "demo",
        "refauth-sample",
        "backchannel.logout.url",
        b + "/auth/keycloak/backchannel-logout");
    ChromeDriver browser = Chromium.start(profile.resolve("backchannel"));
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      String session = signInThroughKeycloak(browser, wait);
      // the control: a login by password on the same nodes, which Keycloak's logout must leave
      // alone
      String password = passwordSession();
      assertThat(me(base, session)).isEqualTo(200);
      assertThat(me(b, session)).isEqualTo(200);
      assertThat(me(base, password)).isEqualTo(200);
      keycloak.logoutUser("demo", "kim");
      assertThat(keycloak.sessions("demo", "kim")).isZero();
      // both nodes, twice each: the first from a cached answer, had node A not heard of it
      for (int i = 0; i < 2; i++) {
        assertThat(me(base, session)).isEqualTo(401);
        assertThat(me(b, session)).isEqualTo(401);
      }
      assertThat(me(base, password)).isEqualTo(200);
      assertThat(me(b, password)).isEqualTo(200);
      browser.get(base + "/posts");
      wait.until(ExpectedConditions.urlContains("/login"));
    } finally {
      browser.quit();
    }
  }

  @Test
  @Order(8)
  void signingOutOfTheApp_endsTheKeycloakSession_andComesBackToTheLoginPage() throws Exception {
    ChromeDriver browser = Chromium.start(profile.resolve("rp-logout"));
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      String session = signInThroughKeycloak(browser, wait);
      assertThat(keycloak.sessions("demo", "kim")).isEqualTo(1);
      browser.get(base + "/");
      browser.findElement(By.id("logout")).click();
      // Keycloak asks the person to confirm (no ID token is kept to send as a hint)
      wait.until(ExpectedConditions.urlContains("/protocol/openid-connect/logout"));
      Chromium.screenshot(browser, "keycloak-logout");
      browser.findElement(By.id("kc-logout")).click();
      wait.until(ExpectedConditions.urlContains(base + "/login"));
      assertThat(keycloak.sessions("demo", "kim")).isZero();
      assertThat(me(base, session)).isEqualTo(401);
      // a password login signs out locally, as before: no trip to Keycloak
      String password = passwordSession();
      HttpResponse<String> out =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/auth/logout"))
                  .header("Cookie", "refauth_session=" + password)
                  .header("Origin", base)
                  .header("Content-Type", "application/json")
                  .header("X-Requested-With", "XMLHttpRequest")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(out.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(out.body()).path("redirectTo").asText()).isEqualTo("/login");
    } finally {
      browser.quit();
    }
  }

  @Test
  @Order(9)
  void theAppCallsKeycloakWithThePersonsToken_refreshedWhenItExpires_keptSealed() throws Exception {
    ChromeDriver browser = Chromium.start(profile.resolve("upstream"));
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      String session = signInThroughKeycloak(browser, wait);
      HttpResponse<String> first = upstream(base, session);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(first.body()).path("email").asText()).isEqualTo("kim@example.com");
      assertThat(first.body()).doesNotContain("eyJ");
      String keptBefore = kept();
      assertThat(keptBefore).startsWith("v1.").doesNotContain("eyJ");
      // Keycloak's access token for this client lives 10 s: past it, the kept refresh token gets a
      // new one
      Keycloak.sleep(Duration.ofSeconds(7));
      HttpResponse<String> later = upstream(b, session);
      assertThat(later.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(later.body()).path("email").asText()).isEqualTo("kim@example.com");
      assertThat(kept()).as("the refreshed tokens, sealed anew").isNotEqualTo(keptBefore);
      // a password login has no provider tokens
      assertThat(upstream(base, passwordSession()).statusCode()).isEqualTo(404);
      // the person signs out at Keycloak: the login ends (back-channel), and with it the tokens
      keycloak.logoutUser("demo", "kim");
      assertThat(upstream(base, session).statusCode()).isEqualTo(401);
    } finally {
      browser.quit();
    }
  }

  private static HttpResponse<String> upstream(String node, String session) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node + "/api/upstream/userinfo"))
            .header("Cookie", "refauth_session=" + session)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The one kept value at rest (the families table), as whoever reads the database sees it. */
  private static String kept() throws Exception {
    try (var c = pg.getPostgresDatabase().getConnection();
        var s =
            c.prepareStatement(
                "SELECT external_kept FROM refauth_refresh_families"
                    + " WHERE external_kept IS NOT NULL AND revoked = FALSE");
        var r = s.executeQuery()) {
      assertThat(r.next()).isTrue();
      String value = r.getString(1);
      assertThat(r.next()).as("one live login keeps tokens").isFalse();
      return value;
    }
  }

  /** A session cookie of the demo user, signed in by password on node A. */
  private static String passwordSession() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/json")
                .header("X-Requested-With", "XMLHttpRequest")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("refauth_session="))
        .map(c -> c.substring("refauth_session=".length(), c.indexOf(';')))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @Order(10)
  void keycloakRotatesItsKeys_newTokensServeAtOnce_aRemovedKeysTokensAreRefused() throws Exception {
    // a key whose private half this test holds, as a thief who copied it would
    RSAKey stolen = new RSAKeyGenerator(2048).generate();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(stolen.toPrivateKey().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    keycloak.addImportedKey("demo", 400, pem);
    String signedByStolen = ordersToken();
    // a kid never seen: the keys are fetched again at once
    assertThat(call("GET", "/api/posts", signedByStolen, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/api/posts", forge(signedByStolen, stolen), null).statusCode())
        .as("the control: a token made with the key while Keycloak publishes it")
        .isEqualTo(200);
    String newKey = keycloak.addSigningKey("demo", 500);
    String fresh = ordersToken();
    assertThat(kid(fresh)).isNotEqualTo(kid(signedByStolen));
    assertThat(call("GET", "/api/posts", fresh, null).statusCode()).isEqualTo(200);
    keycloak.removeKeysBut("demo", newKey);
    // once the key set is fetched again (jwksCacheTtl=2s), what the removed key signs is refused
    Keycloak.sleep(Duration.ofSeconds(3));
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = call("GET", "/api/posts", forge(signedByStolen, stolen), null);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(errorName(r)).isEqualTo("InvalidToken");
    }
    assertThat(call("GET", "/api/posts", fresh, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/api/posts", ordersToken(), null).statusCode()).isEqualTo(200);
  }

  /** A new token (new jti, issued now) with the claims and kid of {@code model}, signed with {@code key}. */
  private static String forge(String model, RSAKey key) throws Exception {
    SignedJWT m = SignedJWT.parse(model);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(m.getJWTClaimsSet())
            .jwtID(UUID.randomUUID().toString())
            .issueTime(new Date())
            .build();
    SignedJWT jwt = new SignedJWT(m.getHeader(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static String kid(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }
}
