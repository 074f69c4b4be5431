package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.refauth.core.AuthEndpoints;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.HttpReply;
import dev.refauth.core.PasswordHasher;
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.SecureTokens;
import dev.refauth.core.account.Accounts;
import dev.refauth.core.account.Mailer;
import dev.refauth.core.oidc.SocialLogin;
import dev.refauth.core.oidc.SocialProvider;
import dev.refauth.core.token.JwtCodec;
import dev.refauth.core.token.TokenAuthProvider;
import dev.refauth.core.token.TokenKeys;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data at rest is read by someone: after every flow that issues a secret (sign-in, two refreshes, a reset link, a
 * social sign-in in flight), no column of any refauth table holds an issued token, a session id, a reset token or
 * an OAuth secret (state, nonce, PKCE verifier, the browser binding, the client secret). Extended once per database.
 */
abstract class AtRestContract {
  private static final byte[] SOCIAL_KEY = "the-test's-social-login-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8);
  private final List<Mailer.Mail> mails = new CopyOnWriteArrayList<>();
  private MockOAuth2Server oidc;
  private DataSource db;
  private AuthEndpoints api;

  abstract DataSource freshDatabase();

  @BeforeEach
  void start() {
    oidc = new MockOAuth2Server();
    oidc.start();
    db = freshDatabase();
    JdbcStores stores = JdbcStores.open(db);
    Accounts accounts = Accounts.builder(stores.accounts(), mails::add, URI.create("https://app.example.test"))
        .hasher(PasswordHasher.argon2id(1024, 1, 1)).defaultTenant("acme").mailExecutor(Runnable::run).build();
    SocialLogin social = SocialLogin.builder(URI.create("https://app.example.test/auth"), stores.loginAttempts()).secret(SOCIAL_KEY)
        .provider(SocialProvider.oidc("corp", oidc.issuerUrl("corp").toString()).client("refauth-client", "the-client-secret").build())
        .build();
    TokenAuthProvider provider = TokenAuthProvider.builder(accounts, JwtCodec.builder(TokenKeys.generate(JWSAlgorithm.ES256)).build(),
        stores.tokens()).socialLogin(social).build();
    api = AuthEndpoints.create(AuthGuard.builder(provider).build());
  }

  @AfterEach
  void stop() {
    oidc.shutdown();
  }

  private HttpReply post(String endpoint, String json, String cookies) {
    AuthRequest.Builder r = AuthRequest.builder("POST", "/auth" + endpoint).header("Content-Type", "application/json")
        .header("Sec-Fetch-Site", "same-origin");
    for (String pair : cookies.isEmpty() ? new String[0] : cookies.split("; ")) {
      r.cookie(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    return api.handle(r.build(), endpoint, json.getBytes(StandardCharsets.UTF_8));
  }

  private static String cookie(HttpReply r, String name) {
    return r.cookies().stream().filter(c -> c.name().equals(name)).map(ResponseCookie::value).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + r.cookies()));
  }

  private static String field(HttpReply r, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(r.json().orElseThrow());
    assertThat(m.find()).as("%s in %s", name, r.json()).isTrue();
    return m.group(1);
  }

  @Test
  void noTableHoldsASecretThatWasIssued() throws Exception {
    Map<String, String> secrets = new LinkedHashMap<>();
    assertThat(post("/register", "{\"email\":\"rest@example.com\",\"password\":\"a-good-long-passphrase\"}", "").status()).isEqualTo(200);
    HttpReply login = post("/login", "{\"email\":\"rest@example.com\",\"password\":\"a-good-long-passphrase\"}", "");
    assertThat(login.status()).isEqualTo(200);
    secrets.put("access token", field(login, "accessToken"));
    secrets.put("session id", cookie(login, "__Host-refauth_session"));
    String refresh = cookie(login, "__Secure-refauth_refresh");
    secrets.put("refresh token", refresh);
    for (int i = 1; i <= 2; i++) { // within the grace window after each: a successor must not be kept to answer a second tab
      HttpReply r = post("/refresh", "{}", "__Secure-refauth_refresh=" + refresh);
      assertThat(r.status()).as(r.json().orElse("")).isEqualTo(200);
      refresh = cookie(r, "__Secure-refauth_refresh");
      secrets.put("refresh token " + i, refresh);
      secrets.put("access token " + i, field(r, "accessToken"));
    }
    assertThat(post("/forgot-password", "{\"email\":\"rest@example.com\"}", "").status()).isEqualTo(202);
    Matcher reset = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(mails.get(mails.size() - 1).text());
    assertThat(reset.find()).isTrue();
    secrets.put("reset token", reset.group(1));
    HttpReply start = api.handle(AuthRequest.builder("GET", "/auth/corp").build(), "/corp", new byte[0]);
    String location = URLDecoder.decode(start.headers().get("Location"), StandardCharsets.UTF_8);
    String state = param(location, "state");
    secrets.put("OAuth state", state);
    secrets.put("OIDC nonce", param(location, "nonce"));
    secrets.put("PKCE verifier", SecureTokens.derived(SOCIAL_KEY, "pkce " + state));
    secrets.put("browser binding", cookie(start, "__Host-refauth_oauth"));
    secrets.put("client secret", "the-client-secret");

    Map<String, List<String>> cells = dump(db);
    assertThat(String.join("\n", cells.getOrDefault("refauth_accounts", List.of()))).as("control: the dump sees the data")
        .contains("rest@example.com");
    assertThat(cells.keySet()).as("control: the flows wrote where they should")
        .contains("refauth_refresh_families", "refauth_sessions", "refauth_reset_tokens", "refauth_login_attempts");
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      for (Map.Entry<String, List<String>> table : cells.entrySet()) {
        assertThat(table.getValue()).as("%s in %s", secret.getKey(), table.getKey()).noneMatch(cell -> cell.contains(secret.getValue()));
      }
    }
  }

  private static String param(String url, String name) {
    Matcher m = Pattern.compile("[?&]" + name + "=([^&]+)").matcher(url);
    assertThat(m.find()).as("%s in %s", name, url).isTrue();
    return m.group(1);
  }

  /** Every text cell of every refauth table, as "column=value". */
  static Map<String, List<String>> dump(DataSource db) throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (Connection c = db.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet t = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
        while (t.next()) {
          String name = t.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
          if (name.startsWith("refauth_") && !Set.of("refauth_schema_history").contains(name)) {
            tables.add(name);
          }
        }
      }
      for (String table : tables) {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData columns = r.getMetaData();
          while (r.next()) {
            for (int i = 1; i <= columns.getColumnCount(); i++) {
              Object v = r.getObject(i);
              if (v != null) {
                values.add(columns.getColumnName(i).toLowerCase(Locale.ROOT) + "=" + v);
              }
            }
          }
        }
        out.put(table, values);
      }
    }
    return out;
  }
}
