package dev.refauth.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.accounts.InMemoryUserDirectory;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.Authentication;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.GuardSettings;
import dev.refauth.core.Identity;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.Permissions;
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.adapter.AuthEndpoints;
import dev.refauth.core.adapter.Decision;
import dev.refauth.core.adapter.HttpReply;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The guard as deployments see it, with a fake provider and raw requests: a proxy that rewrites {@code Host}, TLS
 * ended in front, another origin, forwarded headers from trusted and untrusted peers, and the rule that only the
 * credential that failed is logged out.
 */
final class GuardDeploymentTest {
  private static final String APP = "https://app.example.com";
  private static final String SPA = "http://localhost:5173";

  /** Bearer {@code good}/{@code expired}/anything; cookie {@code sid=live} or anything. Counts what it is asked. */
  static final class FakeProvider implements AuthProvider {
    final AtomicInteger logouts = new AtomicInteger();
    final AtomicInteger onErrors = new AtomicInteger();
    final AtomicInteger checks = new AtomicInteger();

    @Override
    public AuthActionResponse login(AuthParams params, AuthRequest request) {
      return AuthActionResponse.success("/");
    }

    @Override
    public AuthActionResponse logout(AuthParams params, AuthRequest request) {
      logouts.incrementAndGet();
      return AuthActionResponse.success("/login")
          .withCookie(ResponseCookie.clear("sid").withSecure(false));
    }

    @Override
    public CheckResponse check(AuthRequest request) {
      checks.incrementAndGet();
      Authentication ada = Authentication.of(Identity.of("ada"), Permissions.of("posts:read"));
      Optional<String> bearer = request.bearerToken();
      if (bearer.isPresent()) {
        return switch (bearer.get()) {
          case "good" -> CheckResponse.authenticated(ada);
          case "expired" ->
              CheckResponse.unauthenticated("/login")
                  .withError(AuthError.of("TokenExpired", "The access token expired", 401));
          default ->
              CheckResponse.unauthenticated("/login")
                  .withLogout(true)
                  .withError(
                      AuthError.of("InvalidToken", "The access \"token\" is\r\n invalid", 401));
        };
      }
      Optional<String> sid = request.cookie("sid");
      if (sid.isEmpty()) {
        return CheckResponse.unauthenticated("/login");
      }
      return sid.get().equals("live")
          ? CheckResponse.authenticated(ada)
          : CheckResponse.unauthenticated("/login")
              .withCookie(ResponseCookie.clear("sid").withSecure(false));
    }

    @Override
    public OnErrorResponse onError(AuthError error, AuthRequest request) {
      onErrors.incrementAndGet();
      return error.status().orElse(0) == 401
          ? OnErrorResponse.logout("/login").withError(error)
          : OnErrorResponse.of(error);
    }

    @Override
    public Optional<String> credential(AuthRequest request) {
      return request.bearerToken().or(() -> request.cookie("sid"));
    }
  }

  private final FakeProvider provider = new FakeProvider();

  private AuthGuard guard(Map<String, String> settings) {
    return GuardSettings.guard(AuthSettings.of(settings), provider);
  }

  private static AuthRequest req(String method, String peer, String... headers) {
    AuthRequest.Builder b = AuthRequest.builder(method, "/api/posts").remoteAddress(peer);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      if (headers[i].equals("Cookie")) {
        String[] kv = headers[i + 1].split("=", 2);
        b.cookie(kv[0], kv[1]);
      }
    }
    return b.build();
  }

  @Test
  void hostRewritingProxy_sameOriginFetch_passesCsrf_whateverHostSays() {
    AuthGuard g = guard(Map.of());
    AuthRequest viaVite =
        req(
            "POST",
            "127.0.0.1",
            "Host",
            "localhost:8080",
            "Origin",
            "http://localhost:5173",
            "Sec-Fetch-Site",
            "same-origin",
            "Cookie",
            "sid=live");
    assertThat(g.authorize(viaVite).proceeds()).isTrue();
    AuthRequest crossSite =
        req(
            "POST",
            "127.0.0.1",
            "Host",
            "localhost:8080",
            "Origin",
            "https://evil.example",
            "Sec-Fetch-Site",
            "cross-site",
            "Content-Type",
            "application/json",
            "Cookie",
            "sid=live");
    assertThat(g.authorize(crossSite).reply().orElseThrow().status())
        .as("the control: another site is refused")
        .isEqualTo(403);
  }

  @Test
  void allowedOrigin_crossOrigin_needsTheSecondProof_otherOriginsRefused() {
    AuthGuard g = guard(Map.of("allowedOrigins", SPA));
    String[] base = {
      "Host", "localhost:8080", "Origin", SPA, "Sec-Fetch-Site", "same-site", "Cookie", "sid=live"
    };
    assertThat(
            g.authorize(req("POST", "127.0.0.1", concat(base, "Content-Type", "application/json")))
                .proceeds())
        .isTrue();
    assertThat(
            g.authorize(req("POST", "127.0.0.1", concat(base, "X-Requested-With", "fetch")))
                .proceeds())
        .isTrue();
    int checked = provider.checks.get();
    assertThat(
            g.authorize(req("POST", "127.0.0.1", concat(base, "Content-Type", "text/plain")))
                .reply()
                .orElseThrow()
                .status())
        .as("a simple request a form could send")
        .isEqualTo(403);
    assertThat(
            g.authorize(
                    req(
                        "POST",
                        "127.0.0.1",
                        "Host",
                        "localhost:8080",
                        "Origin",
                        "http://localhost:5174",
                        "Sec-Fetch-Site",
                        "same-site",
                        "Content-Type",
                        "application/json",
                        "Cookie",
                        "sid=live"))
                .reply()
                .orElseThrow()
                .status())
        .isEqualTo(403);
    assertThat(
            g.authorize(
                    req(
                        "POST",
                        "127.0.0.1",
                        concat(
                            base,
                            "Origin",
                            "https://evil.example",
                            "Content-Type",
                            "application/json")))
                .reply()
                .orElseThrow()
                .status())
        .as("two Origin headers, one of them allowed")
        .isEqualTo(403);
    assertThat(provider.checks).as("refused before any check").hasValue(checked);
  }

  @Test
  void withoutFetchMetadata_originMustBeThePublicOrAnAllowedOne() {
    AuthGuard g = guard(Map.of("publicOrigin", APP, "allowedOrigins", SPA));
    String[] json = {
      "Host", "10.0.0.5:8080", "Content-Type", "application/json", "Cookie", "sid=live"
    };
    assertThat(g.authorize(req("POST", "10.0.0.1", concat(json, "Origin", APP))).proceeds())
        .as("TLS ended in front")
        .isTrue();
    assertThat(g.authorize(req("POST", "10.0.0.1", concat(json, "Origin", SPA))).proceeds())
        .isTrue();
    assertThat(
            g.authorize(req("POST", "10.0.0.1", concat(json, "Origin", "http://10.0.0.5:8080")))
                .proceeds())
        .as("the internal origin is not the public one")
        .isFalse();
    AuthGuard noPublic = guard(Map.of());
    assertThat(noPublic.authorize(req("POST", "10.0.0.1", concat(json, "Origin", APP))).proceeds())
        .as("the control: without publicOrigin the own origin is http://Host")
        .isFalse();
    assertThat(
            noPublic
                .authorize(req("POST", "10.0.0.1", concat(json, "Origin", "http://10.0.0.5:8080")))
                .proceeds())
        .isTrue();
  }

  @Test
  void trustedProxy_givesClientAddressSchemeAndOrigin_untrustedPeerChangesNothing() {
    AuthGuard g = guard(Map.of("trustedProxies", "10.0.0.0/8"));
    String[] forwarded = {
      "Host",
      "app.internal:8080",
      "X-Forwarded-For",
      "198.51.100.7",
      "X-Forwarded-Proto",
      "https",
      "X-Forwarded-Host",
      "app.example.com"
    };
    AuthRequest viaProxy = g.resolve(req("GET", "10.0.0.1", forwarded)).orElseThrow();
    assertThat(viaProxy.remoteAddress()).isEqualTo("198.51.100.7");
    assertThat(viaProxy.secure()).isTrue();
    assertThat(viaProxy.origin()).isEqualTo(APP);
    assertThat(g.resolve(viaProxy).orElseThrow()).as("resolved once").isSameAs(viaProxy);
    AuthRequest direct = g.resolve(req("GET", "203.0.113.9", forwarded)).orElseThrow();
    assertThat(direct.remoteAddress()).isEqualTo("203.0.113.9");
    assertThat(direct.secure()).isFalse();
    assertThat(direct.origin()).isEqualTo("http://app.internal:8080");
    String[] post =
        concat(forwarded, "Origin", APP, "Content-Type", "application/json", "Cookie", "sid=live");
    assertThat(g.authorize(req("POST", "10.0.0.1", post)).proceeds()).isTrue();
    assertThat(g.authorize(req("POST", "203.0.113.9", post)).proceeds())
        .as("forged forwarding headers do not make an origin")
        .isFalse();
  }

  @Test
  void publicOrigin_fixesSchemeAndOrigin_overWhatAProxySays() {
    AuthGuard g = guard(Map.of("publicOrigin", APP + "/", "trustedProxies", "10.0.0.1"));
    AuthRequest r =
        g.resolve(
                req(
                    "GET",
                    "10.0.0.1",
                    "Host",
                    "x",
                    "X-Forwarded-For",
                    "198.51.100.7",
                    "X-Forwarded-Proto",
                    "http",
                    "X-Forwarded-Host",
                    "evil.example"))
            .orElseThrow();
    assertThat(r.origin()).isEqualTo(APP);
    assertThat(r.secure()).isTrue();
    assertThat(r.remoteAddress()).isEqualTo("198.51.100.7");
  }

  @Test
  void pathPrefixRemovedByTheProxy_redirectsAndCookiePathsCarryIt() throws Exception {
    AuthGuard g = guard(Map.of("trustedProxies", "10.0.0.1"));
    HttpReply page =
        g.authorize(
                req(
                    "GET",
                    "10.0.0.1",
                    "Accept",
                    "text/html",
                    "X-Forwarded-For",
                    "198.51.100.7",
                    "X-Forwarded-Prefix",
                    "/myapp"))
            .reply()
            .orElseThrow();
    assertThat(page.headers().get("Location")).isEqualTo("/myapp/login?to=%2Fapi%2Fposts");
    HttpReply untrusted =
        g.authorize(req("GET", "203.0.113.9", "Accept", "text/html", "X-Forwarded-Prefix", "/evil"))
            .reply()
            .orElseThrow();
    assertThat(untrusted.headers().get("Location"))
        .as("from anyone else, nothing")
        .isEqualTo("/login?to=%2Fapi%2Fposts");

    TokenAuthProvider tokens =
        TokenAuthProvider.builder(
                InMemoryUserDirectory.builder()
                    .hasher(PasswordHasher.argon2id(1024, 1, 1))
                    .user("ada@example.com", "a-long-passphrase", "Ada")
                    .build(),
                JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.HS256)).build(),
                new InMemoryTokenStore())
            .secureCookies(false)
            .build();
    AuthEndpoints api =
        GuardSettings.guard(AuthSettings.of(Map.of("trustedProxies", "10.0.0.1")), tokens)
            .endpoints(AuthEndpoints.DEFAULT_MAX_BODY_BYTES);
    HttpReply login =
        api.handle(
            AuthRequest.builder("POST", "/auth/login")
                .remoteAddress("10.0.0.1")
                .header("X-Forwarded-For", "198.51.100.7")
                .header("X-Forwarded-Prefix", "/myapp")
                .header("Content-Type", "application/json")
                .build(),
            "/login",
            "{\"email\":\"ada@example.com\",\"password\":\"a-long-passphrase\"}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.cookies())
        .filteredOn(c -> c.name().equals("refauth_refresh"))
        .extracting(ResponseCookie::path)
        .containsExactly("/myapp/auth/refresh");
  }

  @Test
  void expiredBearer_401WithTheReason_nothingElseTouched() {
    AuthGuard g = guard(Map.of());
    HttpReply r =
        g.authorize(
                req(
                    "GET",
                    "127.0.0.1",
                    "Authorization",
                    "Bearer expired",
                    "Cookie",
                    "sid=live",
                    "Accept",
                    "application/json"))
            .reply()
            .orElseThrow();
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers())
        .containsEntry(
            "WWW-Authenticate",
            "Bearer error=\"invalid_token\", error_description=\"The access token expired\"");
    assertThat(r.json().orElseThrow()).contains("\"TokenExpired\"").doesNotContain("\"logout\"");
    assertThat(r.cookies()).as("no cookie cleared").isEmpty();
    assertThat(provider.logouts).as("no logout").hasValue(0);
    assertThat(provider.onErrors).as("onError not asked").hasValue(0);
    assertThat(r.endSession()).isFalse();
    assertThat(g.authorize(req("GET", "127.0.0.1", "Cookie", "sid=live")).proceeds())
        .as("the session cookie still works")
        .isTrue();
  }

  @Test
  void invalidBearer_descriptionKeepsOnlyWhatTheGrammarAllows() {
    HttpReply r =
        guard(Map.of())
            .authorize(req("GET", "127.0.0.1", "Authorization", "Bearer forged"))
            .reply()
            .orElseThrow();
    assertThat(r.headers().get("WWW-Authenticate"))
        .isEqualTo(
            "Bearer error=\"invalid_token\", error_description=\"The access token is invalid\"");
  }

  @Test
  void deadSessionCookie_onlyItIsCleared() {
    AuthGuard g = guard(Map.of());
    HttpReply api =
        g.authorize(req("GET", "127.0.0.1", "Cookie", "sid=dead")).reply().orElseThrow();
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.headers().get("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(api.cookies()).extracting(ResponseCookie::name).containsExactly("sid");
    HttpReply page =
        g.authorize(req("GET", "127.0.0.1", "Cookie", "sid=dead", "Accept", "text/html"))
            .reply()
            .orElseThrow();
    assertThat(page.status()).isEqualTo(302);
    assertThat(page.cookies()).extracting(ResponseCookie::name).containsExactly("sid");
    assertThat(provider.logouts).hasValue(0);
    assertThat(provider.onErrors).hasValue(0);
  }

  @Test
  void downstream401_bearer_clientLogsOutItself_cookie_sessionEnded() {
    AuthGuard g = guard(Map.of());
    HttpReply bearer =
        g.onError(
            req("GET", "127.0.0.1", "Authorization", "Bearer good", "Cookie", "sid=live"),
            AuthError.unauthorized());
    assertThat(bearer.status()).isEqualTo(401);
    assertThat(bearer.json().orElseThrow()).contains("\"logout\":true");
    assertThat(bearer.cookies()).isEmpty();
    assertThat(bearer.endSession()).isFalse();
    assertThat(provider.logouts).as("the bearer client drops its own token").hasValue(0);
    HttpReply cookie =
        g.onError(req("GET", "127.0.0.1", "Cookie", "sid=live"), AuthError.unauthorized());
    assertThat(cookie.status()).isEqualTo(401);
    assertThat(cookie.cookies()).extracting(ResponseCookie::name).containsExactly("sid");
    assertThat(cookie.endSession()).isTrue();
    assertThat(provider.logouts).as("the cookie session is ended by the server").hasValue(1);
  }

  @Test
  void preflight_answeredBeforeAnyCheck_andCorsOnEveryAnswer() {
    AuthGuard g = guard(Map.of("allowedOrigins", SPA));
    HttpReply preflight =
        g.authorize(
                req(
                    "OPTIONS",
                    "127.0.0.1",
                    "Origin",
                    SPA,
                    "Access-Control-Request-Method",
                    "GET",
                    "Access-Control-Request-Headers",
                    "authorization"))
            .reply()
            .orElseThrow();
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers()).containsEntry("Access-Control-Allow-Origin", SPA);
    assertThat(provider.checks).hasValue(0);
    HttpReply unauthorized =
        g.authorize(req("GET", "127.0.0.1", "Origin", SPA, "Authorization", "Bearer expired"))
            .reply()
            .orElseThrow();
    assertThat(unauthorized.headers())
        .containsEntry("Access-Control-Allow-Origin", SPA)
        .containsEntry("Vary", "Origin")
        .containsEntry("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After");
    Decision ok =
        g.authorize(req("GET", "127.0.0.1", "Origin", SPA, "Authorization", "Bearer good"));
    assertThat(ok.effects().headers()).containsEntry("Access-Control-Allow-Origin", SPA);
    Decision other =
        g.authorize(
            req(
                "GET",
                "127.0.0.1",
                "Origin",
                "https://evil.example",
                "Authorization",
                "Bearer good"));
    assertThat(other.proceeds()).as("CORS is the browser's fence, not an authentication").isTrue();
    assertThat(other.effects().headers()).containsOnlyKeys("Vary");
    HttpReply refused =
        g.authorize(
                req(
                    "OPTIONS",
                    "127.0.0.1",
                    "Origin",
                    "https://evil.example",
                    "Access-Control-Request-Method",
                    "GET"))
            .reply()
            .orElseThrow();
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.headers().keySet()).noneMatch(h -> h.startsWith("Access-Control-"));
  }

  @Test
  void unsupportedCharset_415BeforeTheApplicationReadsIt() {
    AuthGuard g = guard(Map.of());
    for (String type :
        new String[] {
          "application/json; charset=evil",
          "application/json;charset=\"x-\"",
          "text/plain; charset="
        }) {
      HttpReply r =
          g.authorize(
                  req("POST", "127.0.0.1", "Authorization", "Bearer good", "Content-Type", type))
              .reply()
              .orElseThrow();
      assertThat(r.status()).as(type).isEqualTo(415);
    }
    assertThat(
            g.authorize(
                    req(
                        "POST",
                        "127.0.0.1",
                        "Authorization",
                        "Bearer good",
                        "Content-Type",
                        "application/json; charset=UTF-8"))
                .proceeds())
        .as("control")
        .isTrue();
  }

  @Test
  void settings_contradictionsAndOldNamesFailNamingThem() {
    assertThatThrownBy(
            () ->
                guard(Map.of("publicOrigin", APP, "tenantResolution", "subdomain:app.example.com")))
        .hasMessageContaining("publicOrigin")
        .hasMessageContaining("tenantResolution");
    assertThatThrownBy(() -> guard(Map.of("trustedOrigins", SPA)))
        .hasMessageContaining("allowedOrigins");
    assertThatThrownBy(() -> guard(Map.of("allowedOrigins", "*")))
        .hasMessageContaining("allowedOrigins")
        .hasMessageContaining("wildcard");
    assertThatThrownBy(() -> guard(Map.of("publicOrigin", "https://app.example.com/x")))
        .hasMessageContaining("publicOrigin");
    assertThatThrownBy(() -> guard(Map.of("trustedProxies", "10.0.0.0/8, proxy.internal")))
        .hasMessageContaining("proxy.internal");
    assertThatThrownBy(() -> guard(Map.of("corsMaxAge", "2d"))).hasMessageContaining("corsMaxAge");
    assertThatThrownBy(() -> guard(Map.of("trustedProxyHeaders", "both")))
        .hasMessageContaining("trustedProxyHeaders");
    guard(
        Map.of(
            "allowedOrigins",
            SPA + ", " + APP,
            "publicOrigin",
            APP,
            "trustedProxies",
            "10.0.0.0/8 ::1",
            "corsMaxAge",
            "0"));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
