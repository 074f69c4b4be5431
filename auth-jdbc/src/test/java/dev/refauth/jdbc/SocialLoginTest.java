package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.accounts.Account;
import dev.refauth.accounts.Accounts;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.PathRules;
import dev.refauth.servlet.AuthApiServlet;
import dev.refauth.servlet.AuthenticatedFilter;
import dev.refauth.social.SocialLogin;
import dev.refauth.social.SocialLoginProvider;
import dev.refauth.social.SocialProvider;
import dev.refauth.testsupport.EmbeddedJetty;
import dev.refauth.tokens.JwtCodec;
import dev.refauth.tokens.SigningAlgorithm;
import dev.refauth.tokens.TokenAuthProvider;
import dev.refauth.tokens.TokenKeys;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Social login end to end over HTTP: a real OpenID provider (mock-oauth2-server, in this JVM), the token
 * provider over accounts on H2, the filter and the /auth API in Jetty. Browsers are HTTP clients with their
 * own cookie jars, following redirects by hand. Every hostile case has its positive control beside it.
 */
final class SocialLoginTest {
  private static final String CLIENT_ID = "refauth-client";
  @TempDir static Path dir;
  private static MockOAuth2Server oidc;

  /** The application at {@code /}. */
  private static EmbeddedJetty server;

  /** The same at {@code /url}, whose social login puts the token in the URL. */
  private static EmbeddedJetty urlServer;

  private static String base;
  private static DataSource db;
  private static final AtomicInteger APP_CALLS = new AtomicInteger();

  /** GitHub's REST API cannot be reached from here: a stand-in answers /user and /user/emails as GitHub documents them. */
  private static com.sun.net.httpserver.HttpServer githubApi;

  private static volatile boolean githubEmailVerified = true;
  private static final java.util.List<String> GITHUB_AUTHORIZATIONS =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    oidc = new MockOAuth2Server();
    oidc.start();
    db = Databases.h2(dir);
    JdbcStores stores = Databases.stores(db);
    PasswordHasher hasher = PasswordHasher.argon2id(1024, 1, 1);
    Instant now = Instant.now();
    stores
        .accounts()
        .create(
            new Account(
                "existing-1",
                "acme",
                "existing@example.com",
                "Eve Existing",
                Optional.empty(),
                hasher.hash("existing-passphrase"),
                Account.Status.ACTIVE,
                Set.of("posts:read"),
                now,
                now));
    Accounts accounts =
        Accounts.builder(stores.accounts(), m -> {}, URI.create("https://app.example.test"))
            .hasher(hasher)
            .defaultTenant("acme")
            .defaultPermissions(Set.of("posts:read"))
            .externalLinking(true)
            .background(Runnable::run)
            .build();

    // known before the servers start: the callback URLs need them
    int port = freePort();
    int urlPort = freePort();
    base = "http://127.0.0.1:" + port;
    String urlBase = "http://127.0.0.1:" + urlPort;

    githubApi =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    githubApi.createContext(
        "/",
        exchange -> {
          GITHUB_AUTHORIZATIONS.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          String body =
              switch (exchange.getRequestURI().getPath()) {
                case "/user" ->
                    "{\"id\":4242,\"login\":\"octocat\",\"name\":\"Octo Cat\",\"avatar_url\":\"https://avatars.example/o.png\"}";
                case "/user/emails" ->
                    "[{\"email\":\"old@example.com\",\"primary\":false,\"verified\":true},"
                        + "{\"email\":\"octo@example.com\",\"primary\":true,\"verified\":"
                        + githubEmailVerified
                        + "}]";
                default -> null;
              };
          byte[] bytes =
              body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(
              body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    githubApi.start();
    String corp = oidc.issuerUrl("corp").toString();
    String other = oidc.issuerUrl("other").toString();
    JwtCodec codec = JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.ES256)).build();
    SocialLogin social =
        SocialLogin.builder(URI.create(base + "/auth"), stores.loginAttempts())
            .secureCookies(false)
            .provider(
                SocialProvider.oidc("corp", corp)
                    .displayName("Corp SSO")
                    .client(CLIENT_ID, "client-secret")
                    .build())
            // the configured issuer is corp's, but the endpoints answer for another issuer: a
            // mix-up
            .provider(
                SocialProvider.oidc("mixup", corp)
                    .client(CLIENT_ID, "client-secret")
                    .endpoints(
                        URI.create(oidc.authorizationEndpointUrl("other").toString()),
                        URI.create(oidc.tokenEndpointUrl("other").toString()),
                        URI.create(oidc.jwksUrl("other").toString()))
                    .build())
            // corp's endpoints, but a JWK set without corp's signing key
            .provider(
                SocialProvider.oidc("wrongkeys", corp)
                    .client(CLIENT_ID, "client-secret")
                    .endpoints(
                        URI.create(oidc.authorizationEndpointUrl("corp").toString()),
                        URI.create(oidc.tokenEndpointUrl("corp").toString()),
                        URI.create(oidc.jwksUrl("other").toString()))
                    .build())
            // GitHub: plain OAuth 2.0 (the code exchange at a real authorization server), the
            // person from the REST API
            // (the stand-in authorization server speaks OIDC only, so the request also asks for
            // "openid")
            .provider(
                SocialProvider.github()
                    .scopes("openid", "read:user", "user:email")
                    .client("gh-client", "gh-secret")
                    .endpoints(
                        URI.create(oidc.authorizationEndpointUrl("gh").toString()),
                        URI.create(oidc.tokenEndpointUrl("gh").toString()),
                        null)
                    .githubApi(URI.create("http://127.0.0.1:" + githubApi.getAddress().getPort()))
                    .build())
            .build();
    SocialLoginProvider provider =
        SocialLoginProvider.builder(
                TokenAuthProvider.builder(accounts, codec, stores.tokens())
                    .secureCookies(false)
                    .build())
            .socialLogin(social)
            .build();
    SocialLogin socialInUrl =
        SocialLogin.builder(URI.create(urlBase + "/url/auth"), stores.loginAttempts())
            .secureCookies(false)
            .provider(SocialProvider.oidc("corp", corp).client(CLIENT_ID, "client-secret").build())
            .build();
    SocialLoginProvider inUrl =
        SocialLoginProvider.builder(
                TokenAuthProvider.builder(accounts, codec, stores.tokens())
                    .secureCookies(false)
                    .build())
            .socialLogin(socialInUrl)
            .tokenInUrl(true)
            .build();
    assertThat(other).isNotEqualTo(corp);

    server = start(port, "/", provider);
    urlServer = start(urlPort, "/url", inUrl);
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  private static EmbeddedJetty start(int port, String path, AuthProvider provider)
      throws Exception {
    AuthGuard guard =
        AuthGuard.builder(provider)
            .pathRules(PathRules.of(List.of("/*"), List.of("/auth/*"), List.of("/login")))
            .build();
    return EmbeddedJetty.builder()
        .port(port)
        .contextPath(path)
        .configure(
            context -> {
              context.addFilter(
                  new FilterHolder(new AuthenticatedFilter(guard)),
                  "/*",
                  EnumSet.of(DispatcherType.REQUEST));
              context.addServlet(new ServletHolder(new AuthApiServlet()), "/auth/*");
              context.addServlet(
                  new ServletHolder(
                      new HttpServlet() {
                        @Override
                        protected void doGet(HttpServletRequest req, HttpServletResponse resp)
                            throws java.io.IOException {
                          APP_CALLS.incrementAndGet();
                          resp.getWriter().write("user=" + req.getRemoteUser());
                        }
                      }),
                  "/");
            })
        .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    urlServer.close();
    oidc.shutdown();
    githubApi.stop(0);
  }

  @BeforeEach
  void reset() {
    APP_CALLS.set(0);
  }

  /** A browser: its own cookie jar, redirects followed by hand. */
  private static final class Browser {
    final HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .build();

    HttpResponse<String> get(String url) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getJson(String url) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** GET /auth/{provider}: the redirect to the provider. */
    String start(String provider, String query) throws Exception {
      HttpResponse<String> r = get(base + "/auth/" + provider + query);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
      return location(r);
    }

    /** The provider's answer: the callback URL with code and state. */
    String authorize(String authorizationUrl) throws Exception {
      HttpResponse<String> r = get(authorizationUrl);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
      return location(r);
    }

    boolean hasSession() {
      return ((CookieManager) http.cookieHandler().orElseThrow())
          .getCookieStore().getCookies().stream()
              .anyMatch(
                  c ->
                      c.getName().equals(TokenAuthProvider.SESSION_COOKIE)
                          && !c.getValue().isEmpty());
    }
  }

  private static String location(HttpResponse<?> r) {
    return r.headers().firstValue("Location").orElseThrow();
  }

  private static void person(String subject, Map<String, Object> claims) {
    oidc.enqueueCallback(
        new DefaultOAuth2TokenCallback("corp", subject, "JWT", List.of(CLIENT_ID), claims, 3600));
  }

  private static Map<String, Object> verified(String email) {
    return Map.of("email", email, "email_verified", true, "name", "Pat Person");
  }

  private static long count(String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String param(String url, String name) {
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(
            pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError(name + " not in " + url);
  }

  @Test
  void codeFlow_createsAccount_setsCookies_returnsToTarget_andTheSessionWorks() throws Exception {
    Browser b = new Browser();
    long accounts = count("SELECT COUNT(*) FROM refauth_accounts");
    HttpResponse<String> started = b.get(base + "/auth/corp?to=%2Fdashboard");
    String authorize = location(started);
    assertThat(authorize).startsWith(oidc.authorizationEndpointUrl("corp").toString());
    assertThat(param(authorize, "code_challenge_method")).isEqualTo("S256");
    assertThat(param(authorize, "code_challenge")).hasSize(43);
    assertThat(param(authorize, "state")).hasSize(43);
    assertThat(param(authorize, "nonce")).hasSize(43);
    assertThat(param(authorize, "redirect_uri")).isEqualTo(base + "/auth/corp/callback");
    assertThat(param(authorize, "scope")).contains("openid");
    assertThat(started.headers().allValues("Set-Cookie"))
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith(SocialLogin.ATTEMPT_COOKIE + "=")
                    .contains("HttpOnly")
                    .contains("SameSite=Lax")
                    .contains("Max-Age=600"));

    person("alice-sub", verified("alice@example.com"));
    String callback = b.authorize(authorize);
    assertThat(callback).startsWith(base + "/auth/corp/callback?");
    HttpResponse<String> done = b.get(callback);
    assertThat(done.statusCode()).isEqualTo(302);
    assertThat(location(done)).isEqualTo("/dashboard");
    assertThat(location(done)).doesNotContain("token");
    assertThat(done.headers().allValues("Set-Cookie"))
        .anySatisfy(c -> assertThat(c).startsWith(SocialLogin.ATTEMPT_COOKIE + "=;"));
    assertThat(b.hasSession()).isTrue();
    assertThat(count("SELECT COUNT(*) FROM refauth_accounts")).isEqualTo(accounts + 1);
    assertThat(
            count("SELECT COUNT(*) FROM refauth_external_identities WHERE subject = 'alice-sub'"))
        .isEqualTo(1);

    HttpResponse<String> me = b.getJson(base + "/auth/me");
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body())
        .contains("\"email\":\"alice@example.com\"")
        .contains("\"name\":\"Pat Person\"");
    assertThat(b.get(base + "/dashboard").body()).startsWith("user=");
  }

  @Test
  void theSameSubjectIsTheSameAccount_whateverTheEmailSays() throws Exception {
    Browser first = new Browser();
    person("bob-sub", verified("bob@example.com"));
    first.get(first.authorize(first.start("corp", "")));
    String id = first.getJson(base + "/auth/me").body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    long accounts = count("SELECT COUNT(*) FROM refauth_accounts");

    Browser second = new Browser();
    person(
        "bob-sub",
        verified("bob.new@example.com")); // same person, the provider now reports another address
    second.get(second.authorize(second.start("corp", "")));
    assertThat(second.getJson(base + "/auth/me").body())
        .contains("\"id\":\"" + id + "\"")
        .contains("bob@example.com");
    assertThat(count("SELECT COUNT(*) FROM refauth_accounts")).isEqualTo(accounts);
  }

  @Test
  void stateMissingOrWrong_refused_noSession() throws Exception {
    Browser b = new Browser();
    person("carol-sub", verified("carol@example.com"));
    String callback = b.authorize(b.start("corp", ""));
    String code = param(callback, "code");
    long sessions = count("SELECT COUNT(*) FROM refauth_sessions");

    HttpResponse<String> missing = b.getJson(base + "/auth/corp/callback?code=" + code);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\"name\":\"SocialLoginError\"").doesNotContain(code);
    HttpResponse<String> wrong =
        b.getJson(base + "/auth/corp/callback?code=" + code + "&state=" + "A".repeat(43));
    assertThat(wrong.statusCode()).isEqualTo(400);
    HttpResponse<String> browser = b.get(base + "/auth/corp/callback?code=" + code + "&state=nope");
    assertThat(browser.statusCode()).isEqualTo(303);
    assertThat(location(browser)).isEqualTo("/login?error=SocialLoginError");
    assertThat(b.hasSession()).isFalse();
    assertThat(count("SELECT COUNT(*) FROM refauth_sessions")).isEqualTo(sessions);

    HttpResponse<String> control = b.get(callback); // the genuine callback still works
    assertThat(control.statusCode()).isEqualTo(302);
    assertThat(b.hasSession()).isTrue();
  }

  @Test
  void stateFromAnotherBrowser_refused_andBurned() throws Exception {
    Browser victim = new Browser();
    Browser attacker = new Browser();
    String callback = victim.authorize(victim.start("corp", ""));
    attacker.start("corp", ""); // the attacker has an attempt cookie of their own
    HttpResponse<String> stolen = attacker.getJson(callback);
    assertThat(stolen.statusCode()).isEqualTo(400);
    assertThat(attacker.hasSession()).isFalse();
    // one shot: the attempt is gone for its owner too (who starts again)
    assertThat(victim.getJson(callback).statusCode()).isEqualTo(400);

    person("dave-sub", verified("dave@example.com"));
    Browser control = new Browser();
    assertThat(control.get(control.authorize(control.start("corp", ""))).statusCode())
        .isEqualTo(302);
    assertThat(control.hasSession()).isTrue();
  }

  @Test
  void codeReplayed_refused() throws Exception {
    Browser b = new Browser();
    person("erin-sub", verified("erin@example.com"));
    String callback = b.authorize(b.start("corp", ""));
    assertThat(b.get(callback).statusCode()).isEqualTo(302);
    long sessions = count("SELECT COUNT(*) FROM refauth_sessions");
    HttpResponse<String> replay = b.getJson(callback);
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith(TokenAuthProvider.SESSION_COOKIE + "="));
    assertThat(count("SELECT COUNT(*) FROM refauth_sessions")).isEqualTo(sessions);
  }

  @Test
  void codeOfOneAttemptWithTheStateOfAnother_pkceVerifierWrong_refusedByTheProvider()
      throws Exception {
    Browser b = new Browser();
    String first = b.authorize(b.start("corp", ""));
    String secondAuthorize = b.start("corp", "");
    HttpResponse<String> r =
        b.getJson(
            base
                + "/auth/corp/callback?code="
                + param(first, "code")
                + "&state="
                + param(secondAuthorize, "state"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("did not succeed");
    assertThat(b.hasSession()).isFalse();
  }

  @Test
  void idTokenExpired_refused() throws Exception {
    Browser b = new Browser();
    oidc.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "corp", "gina-sub", "JWT", List.of(CLIENT_ID), verified("gina@example.com"), -300));
    HttpResponse<String> r = b.getJson(b.authorize(b.start("corp", "")));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(b.hasSession()).isFalse();
  }

  @Test
  void idTokenFromAnotherIssuer_mixUp_refused() throws Exception {
    Browser b = new Browser();
    oidc.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "other", "hank-sub", "JWT", List.of(CLIENT_ID), verified("hank@example.com"), 3600));
    HttpResponse<String> r = b.getJson(b.authorize(b.start("mixup", "")));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(b.hasSession()).isFalse();
  }

  @Test
  void idTokenSignedWithAKeyNotInTheJwks_refused() throws Exception {
    Browser b = new Browser();
    person("ivy-sub", verified("ivy@example.com"));
    HttpResponse<String> r = b.getJson(b.authorize(b.start("wrongkeys", "")));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(b.hasSession()).isFalse();
  }

  @Test
  void issParameterOfAnotherIssuer_refused() throws Exception {
    Browser b = new Browser();
    person("jack-sub", verified("jack@example.com"));
    String callback = b.authorize(b.start("corp", ""));
    HttpResponse<String> r =
        b.getJson(
            callback
                + "&iss="
                + java.net.URLEncoder.encode(
                    oidc.issuerUrl("other").toString(), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(b.hasSession()).isFalse();
  }

  @Test
  void callbackAtAnotherProvidersEndpoint_refused() throws Exception {
    Browser b = new Browser();
    String callback = b.authorize(b.start("corp", ""));
    HttpResponse<String> r =
        b.getJson(callback.replace("/auth/corp/callback", "/auth/wrongkeys/callback"));
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void unverifiedEmail_neverLinked_norRegistered_verifiedIsLinked() throws Exception {
    Browser b = new Browser();
    person("mallory-sub", Map.of("email", "existing@example.com", "email_verified", false));
    HttpResponse<String> r = b.getJson(b.authorize(b.start("corp", "")));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(b.hasSession()).isFalse();
    assertThat(
            count(
                "SELECT COUNT(*) FROM refauth_external_identities WHERE account_id = 'existing-1'"))
        .isZero();

    long accounts = count("SELECT COUNT(*) FROM refauth_accounts");
    person("nemo-sub", Map.of("email", "nemo@example.com")); // no email_verified claim at all
    assertThat(b.getJson(b.authorize(b.start("corp", ""))).statusCode()).isEqualTo(401);
    assertThat(count("SELECT COUNT(*) FROM refauth_accounts")).isEqualTo(accounts);

    person(
        "eve-sub",
        verified("Existing@Example.com")); // the control: verified, linking allowed by this app
    Browser owner = new Browser();
    assertThat(owner.get(owner.authorize(owner.start("corp", ""))).statusCode()).isEqualTo(302);
    assertThat(owner.getJson(base + "/auth/me").body()).contains("\"id\":\"existing-1\"");
    assertThat(
            count(
                "SELECT COUNT(*) FROM refauth_external_identities WHERE account_id = 'existing-1'"))
        .isEqualTo(1);
  }

  @Test
  void offSiteTo_dropped() throws Exception {
    for (String to :
        List.of(
            "https%3A%2F%2Fevil.example%2F",
            "%2F%2Fevil.example", "%2F%5Cevil.example", "javascript:alert(1)")) {
      Browser b = new Browser();
      person("kim-sub", verified("kim@example.com"));
      HttpResponse<String> r = b.get(b.authorize(b.start("corp", "?to=" + to)));
      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(location(r)).as(to).isEqualTo("/");
    }
    Browser control = new Browser();
    person("kim-sub", verified("kim@example.com"));
    assertThat(
            location(
                control.get(control.authorize(control.start("corp", "?to=%2Fposts%3Fpage%3D2")))))
        .isEqualTo("/posts?page=2");
  }

  @Test
  void providerError_cancelled_noSession() throws Exception {
    Browser b = new Browser();
    String authorize = b.start("corp", "");
    HttpResponse<String> r =
        b.get(base + "/auth/corp/callback?error=access_denied&state=" + param(authorize, "state"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(location(r)).isEqualTo("/login?error=SocialLoginError");
    assertThat(b.hasSession()).isFalse();
  }

  @Test
  void unknownProvider_404_andNoOutboundCall() throws Exception {
    Browser b = new Browser();
    HttpResponse<String> r = b.getJson(base + "/auth/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(b.getJson(base + "/auth/nope/callback?code=x&state=y").statusCode()).isEqualTo(404);
  }

  @Test
  void tokenInUrl_onlyWhenOptedIn() throws Exception {
    Browser b = new Browser();
    person("lena-sub", verified("lena@example.com"));
    HttpResponse<String> started = b.get(urlServer.baseUri() + "/auth/corp?to=%2Fhome");
    HttpResponse<String> done = b.get(b.authorize(location(started)));
    assertThat(location(done)).startsWith("/url/home?token=ey");
    // the default context (codeFlow test) never puts it there
  }

  @Test
  void loginWithProviderName_asJson_answersTheRedirectForTheScript() throws Exception {
    Browser b = new Browser();
    HttpResponse<String> r =
        b.http.send(
            HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"providerName\":\"corp\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"success\":true")
        .contains("\"redirectTo\":\"" + oidc.authorizationEndpointUrl("corp"));
    HttpResponse<String> none =
        b.http.send(
            HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"providerName\":\"nope\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(404);
  }

  @Test
  void github_personFromTheApi_keyedByNumericId_onlyTheVerifiedPrimaryEmail() throws Exception {
    Browser b = new Browser();
    GITHUB_AUTHORIZATIONS.clear();
    String authorize = b.start("github", "");
    assertThat(param(authorize, "scope").split(" ")).contains("read:user", "user:email");
    assertThat(authorize).doesNotContain("nonce=").contains("code_challenge_method=S256");
    HttpResponse<String> done = b.get(b.authorize(authorize));
    assertThat(done.statusCode()).isEqualTo(302);
    assertThat(b.getJson(base + "/auth/me").body())
        .contains("\"email\":\"octo@example.com\"")
        .contains("\"name\":\"Octo Cat\"");
    assertThat(
            count(
                "SELECT COUNT(*) FROM refauth_external_identities WHERE issuer = 'https://github.com' AND subject = '4242'"))
        .isEqualTo(1);
    assertThat(GITHUB_AUTHORIZATIONS).hasSize(2).allMatch(h -> h.startsWith("Bearer "));

    githubEmailVerified = false;
    try {
      Browser unverified = new Browser();
      GITHUB_AUTHORIZATIONS.clear();
      // same numeric id: already linked, so the (now unverified) email does not matter
      assertThat(unverified.get(unverified.authorize(unverified.start("github", ""))).statusCode())
          .isEqualTo(302);
      assertThat(count("SELECT COUNT(*) FROM refauth_external_identities WHERE subject = '4242'"))
          .isEqualTo(1);
    } finally {
      githubEmailVerified = true;
    }
  }
}
