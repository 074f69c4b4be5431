package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.accounts.AccountStore;
import dev.refauth.accounts.Accounts;
import dev.refauth.accounts.Mailer;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.adapter.AuthEndpoints;
import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.social.LoginAttempt;
import dev.refauth.social.SocialLogin;
import dev.refauth.social.SocialLoginProvider;
import dev.refauth.social.SocialProvider;
import dev.refauth.tokens.JwtCodec;
import dev.refauth.tokens.SigningAlgorithm;
import dev.refauth.tokens.TokenAuthProvider;
import dev.refauth.tokens.TokenKeys;
import dev.refauth.tokens.TokenStore;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
  private static final byte[] SOCIAL_KEY =
      "the-test's-social-login-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8);
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
    JdbcStores stores = Databases.stores(db);
    Accounts accounts =
        Accounts.builder(stores.accounts(), mails::add, URI.create("https://app.example.test"))
            .hasher(PasswordHasher.argon2id(1024, 1, 1))
            .defaultTenant("acme")
            .background(Runnable::run)
            .build();
    SocialLogin social =
        SocialLogin.builder(URI.create("https://app.example.test/auth"), stores.loginAttempts())
            .secret(SOCIAL_KEY)
            .provider(
                SocialProvider.oidc("corp", oidc.issuerUrl("corp").toString())
                    .client("refauth-client", "the-client-secret")
                    .build())
            .build();
    SocialLoginProvider provider =
        SocialLoginProvider.builder(
                TokenAuthProvider.builder(
                        accounts,
                        JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.ES256)).build(),
                        stores.tokens())
                    .build())
            .socialLogin(social)
            .build();
    api = AuthGuard.builder(provider).build().endpoints(AuthEndpoints.DEFAULT_MAX_BODY_BYTES);
  }

  @AfterEach
  void stop() {
    oidc.shutdown();
  }

  private HttpReply post(String endpoint, String json, String cookies) {
    AuthRequest.Builder r =
        AuthRequest.builder("POST", "/auth" + endpoint)
            .header("Content-Type", "application/json")
            .header("Sec-Fetch-Site", "same-origin");
    for (String pair : cookies.isEmpty() ? new String[0] : cookies.split("; ")) {
      r.cookie(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    return api.handle(r.build(), endpoint, json.getBytes(StandardCharsets.UTF_8));
  }

  private static String cookie(HttpReply r, String name) {
    return r.cookies().stream()
        .filter(c -> c.name().equals(name))
        .map(ResponseCookie::value)
        .findFirst()
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
    assertThat(
            post(
                    "/register",
                    "{\"email\":\"rest@example.com\",\"password\":\"a-good-long-passphrase\"}",
                    "")
                .status())
        .isEqualTo(200);
    HttpReply login =
        post(
            "/login",
            "{\"email\":\"rest@example.com\",\"password\":\"a-good-long-passphrase\"}",
            "");
    assertThat(login.status()).isEqualTo(200);
    secrets.put("access token", field(login, "accessToken"));
    secrets.put("session id", cookie(login, "__Host-refauth_session"));
    secrets.put("device token", cookie(login, "__Host-refauth_device"));
    String refresh = cookie(login, "__Secure-refauth_refresh");
    secrets.put("refresh token", refresh);
    for (int i = 1;
        i <= 2;
        // within the grace window after each: a successor must not be kept to answer a second tab
        i++) {
      HttpReply r = post("/refresh", "{}", "__Secure-refauth_refresh=" + refresh);
      assertThat(r.status()).as(r.json().orElse("")).isEqualTo(200);
      refresh = cookie(r, "__Secure-refauth_refresh");
      secrets.put("refresh token " + i, refresh);
      secrets.put("access token " + i, field(r, "accessToken"));
    }
    assertThat(post("/forgot-password", "{\"email\":\"rest@example.com\"}", "").status())
        .isEqualTo(202);
    Matcher reset =
        Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(mails.get(mails.size() - 1).text());
    assertThat(reset.find()).isTrue();
    secrets.put("reset token", reset.group(1));
    HttpReply start =
        api.handle(AuthRequest.builder("GET", "/auth/corp").build(), "/corp", new byte[0]);
    String location = URLDecoder.decode(start.headers().get("Location"), StandardCharsets.UTF_8);
    String state = param(location, "state");
    secrets.put("OAuth state", state);
    secrets.put("OIDC nonce", param(location, "nonce"));
    secrets.put("PKCE verifier", SecureTokens.derived(SOCIAL_KEY, "pkce " + state));
    secrets.put("browser binding", cookie(start, "__Host-refauth_oauth"));
    secrets.put("client secret", "the-client-secret");

    Map<String, List<String>> cells = dump(db);
    assertThat(String.join("\n", cells.getOrDefault("refauth_accounts", List.of())))
        .as("control: the dump sees the data")
        .contains("rest@example.com");
    assertThat(cells.keySet())
        .as("control: the flows wrote where they should")
        .contains(
            "refauth_refresh_families",
            "refauth_sessions",
            "refauth_reset_tokens",
            "refauth_login_attempts");
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      for (Map.Entry<String, List<String>> table : cells.entrySet()) {
        assertThat(table.getValue())
            .as("%s in %s", secret.getKey(), table.getKey())
            .noneMatch(cell -> cell.contains(secret.getValue()));
      }
    }
  }

  /**
   * Tables do not only grow: a purge deletes what can never be used again (expired reset links and used ones, old
   * throttle counters, sessions, refresh families with their token hashes, denylist entries, social login attempts,
   * old not-before marks), a batch per transaction and a bounded number of transactions per run, and never a live row.
   */
  @Test
  void purge_deletesWhatCanNeverBeUsedAgain_boundedPerRun_neverALiveRow() throws Exception {
    JdbcStores stores =
        JdbcStores.open(db, JdbcStores.Options.defaults().withPurge(Duration.ZERO, 2));
    Instant now = Instant.parse("2026-12-01T12:00:00Z");
    Instant past = now.minus(Duration.ofDays(3));
    stores
        .accounts()
        .create(
            new dev.refauth.accounts.Account(
                "acc-1",
                "acme",
                "p@example.com",
                "P",
                Optional.empty(),
                "!none",
                dev.refauth.accounts.Account.Status.ACTIVE,
                Set.of(),
                past,
                past));
    for (int i = 0; i < 4; i++) {
      boolean live = i == 3; // three dead rows of each kind, one live
      Instant at = live ? now : past;
      stores.accounts().createResetToken("reset-" + i, "acc-1", at.plus(Duration.ofMinutes(30)));
      stores
          .accounts()
          .updateThrottle(
              "throttle-" + i, at, t -> new AccountStore.Throttle(1, at, Optional.empty()));
      stores
          .tokens()
          .createFamily(
              new TokenStore.Family(
                  "family-" + i, "subject-" + i, Optional.empty(), at, at.plus(Duration.ofDays(1))),
              "refresh-" + i,
              at);
      stores
          .tokens()
          .createSession(
              new TokenStore.Session(
                  "session-" + i,
                  "subject-" + i,
                  Optional.empty(),
                  "family-" + i,
                  at,
                  at.plus(Duration.ofHours(8)),
                  at));
      stores.tokens().deny("jti-" + i, at.plus(Duration.ofMinutes(5)));
      stores.tokens().setNotBefore("subject-" + i, at);
      stores.accounts().rememberDevice("device-" + i, "acc-1", at.plus(Duration.ofDays(1)), 20);
      stores
          .loginAttempts()
          .save(
              "state-" + i,
              new LoginAttempt(
                  "corp",
                  "browser",
                  Optional.empty(),
                  Optional.empty(),
                  at.plus(Duration.ofMinutes(10))));
    }
    List<String> tables =
        List.of(
            "refauth_reset_tokens",
            "refauth_throttle",
            "refauth_sessions",
            "refauth_refresh_families",
            "refauth_refresh_tokens",
            "refauth_denylist",
            "refauth_not_before",
            "refauth_login_attempts",
            "refauth_devices");
    for (String table : tables) {
      assertThat(Databases.count(db, "SELECT COUNT(*) FROM " + table))
          .as("control: %s written", table)
          .isEqualTo(4);
    }
    for (int i = 0; i < 205; i++) { // more than a run takes from one table: 100 transactions of 2
      stores.tokens().deny("old-jti-" + i, past);
    }
    Map<String, Integer> first = stores.purge(now);
    assertThat(first)
        .as("every dead row, in transactions of 2; at most 200 per table per run")
        .containsEntry("refauth_denylist", 200)
        .containsEntry("refauth_sessions", 3)
        .containsEntry("refauth_throttle", 3)
        .containsEntry("refauth_login_attempts", 3)
        .containsEntry("refauth_devices", 3);
    assertThat(stores.purge(now))
        .as("the next run: the rest")
        .containsEntry("refauth_denylist", 8)
        .containsEntry("refauth_sessions", 0);
    assertThat(stores.purge(now).values()).as("nothing more to do").containsOnly(0);
    for (String table : tables) {
      assertThat(Databases.count(db, "SELECT COUNT(*) FROM " + table))
          .as("the live row of %s stays", table)
          .isEqualTo(1);
    }
    assertThat(stores.accounts().consumeResetToken("reset-3", now))
        .as("the live link still works")
        .contains("acc-1");
    assertThat(stores.tokens().isFamilyActive("family-3", now)).isTrue();
    stores.close();
  }

  /**
   * The purge runs on its own: on open, then at its interval; a backlog larger than one run (a flood) is worked off by
   * runs one after the other, not one per interval.
   */
  @Test
  void purge_runsOnOpen_andOnItsSchedule_andWorksOffABacklog() throws Exception {
    JdbcStores first = Databases.stores(db);
    Instant past = Instant.now().minus(Duration.ofDays(3));
    for (int i = 0; i < 650; i++) { // more than three runs take: 100 transactions of 2
      first.tokens().deny("old-jti-" + i, past);
    }
    first.close();
    JdbcStores backlog =
        JdbcStores.open(db, JdbcStores.Options.defaults().withPurge(Duration.ofHours(1), 2));
    try {
      awaitCount("SELECT COUNT(*) FROM refauth_denylist", 0);
    } finally {
      backlog.close();
    }
    JdbcStores reopened =
        JdbcStores.open(db, JdbcStores.Options.defaults().withPurge(Duration.ofSeconds(1), 100));
    reopened.tokens().deny("old-jti", past);
    try {
      awaitCount("SELECT COUNT(*) FROM refauth_denylist", 0); // the next run, a second later
      reopened.tokens().deny("later-jti", Instant.now().plusMillis(300));
      assertThat(Databases.count(db, "SELECT COUNT(*) FROM refauth_denylist"))
          .as("control: a live entry stays")
          .isEqualTo(1);
      awaitCount(
          "SELECT COUNT(*) FROM refauth_denylist",
          0); // expired a moment later, gone at a later run
    } finally {
      reopened.close();
    }
  }

  /** Waits up to 30 seconds (a slow disk, two busy cores) for the count. */
  private void awaitCount(String sql, int expected) throws Exception {
    for (int i = 0; i < 300 && Databases.count(db, sql) != expected; i++) {
      Thread.sleep(100);
    }
    assertThat(Databases.count(db, sql)).isEqualTo(expected);
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
        try (Statement s = c.createStatement();
            ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
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
