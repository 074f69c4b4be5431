package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.refauth.accounts.Account;
import dev.refauth.accounts.Accounts;
import dev.refauth.accounts.AuditEvent;
import dev.refauth.accounts.LoginLimits;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.GuardSettings;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.Requirement;
import dev.refauth.core.adapter.AuthEndpoints;
import dev.refauth.core.internal.AuthJson;
import dev.refauth.core.spi.UserDirectory;
import dev.refauth.mail.SmtpMailer;
import dev.refauth.testkit.MutableClock;
import dev.refauth.tokens.JwtCodec;
import dev.refauth.tokens.SigningAlgorithm;
import dev.refauth.tokens.TokenAuthProvider;
import dev.refauth.tokens.TokenKeys;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts over a real database and a real SMTP server; extended once per database. */
abstract class AccountsContract {
  @RegisterExtension static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

  static final PasswordHasher FAST = PasswordHasher.argon2id(1024, 1, 1);
  final MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T09:00:00Z"));
  final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  DataSource dataSource;
  JdbcStores stores;
  Accounts accounts;

  abstract DataSource freshDatabase();

  @BeforeEach
  void open() {
    dataSource = freshDatabase();
    stores = Databases.stores(dataSource);
    accounts = accounts(FAST);
  }

  Accounts accounts(PasswordHasher hasher) {
    return Accounts.builder(
            stores.accounts(),
            SmtpMailer.create(
                "127.0.0.1",
                ServerSetupTest.SMTP.getPort(),
                "no-reply@app.example.test",
                null,
                null,
                false),
            URI.create("https://app.example.test"))
        .hasher(hasher)
        .clock(clock)
        .defaultTenant("acme")
        .defaultPermissions(Set.of("posts:read"))
        .audit(events::add)
        .background(Runnable::run)
        .build();
  }

  static AuthRequest request() {
    return AuthRequest.builder("POST", "/auth/register")
        .remoteAddress("198.51.100.7")
        .header("Host", "evil.example")
        .header("X-Forwarded-Host", "evil.example")
        .build();
  }

  static AuthParams params(String... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return AuthParams.of(m);
  }

  AuthActionResponse register(String email, String password) {
    return accounts.register(
        params("email", email, "password", password, "name", "Test"), request());
  }

  boolean login(String email, String password) {
    return accounts.authenticate(email, password, request()).isPresent();
  }

  int rows() throws Exception {
    return Databases.count(dataSource, "SELECT COUNT(*) FROM refauth_accounts");
  }

  @Test
  void register_thenLogin() throws Exception {
    AuthActionResponse r = register("New.User@Example.com", "a-good-long-passphrase");
    assertThat(r.isSuccess()).isTrue();
    assertThat(rows()).isEqualTo(1);
    assertThat(login("new.user@example.com", "a-good-long-passphrase")).isTrue();
    assertThat(login("new.user@example.com", "a-good-long-passphrasE")).isFalse();
    MimeMessage[] mails = mail.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getSubject()).isEqualTo("Welcome");
  }

  @Test
  void register_existingAddress_sameAnswer_ownerMailed_noRowChanged() throws Exception {
    AuthActionResponse first = register("taken@example.com", "a-good-long-passphrase");
    Account before = stores.accounts().findByEmail("acme", "taken@example.com").orElseThrow();
    AuthActionResponse second = register("TAKEN@example.com", "another-long-passphrase");
    assertThat(AuthJson.toJson(second)).isEqualTo(AuthJson.toJson(first));
    assertThat(rows()).isEqualTo(1);
    assertThat(stores.accounts().findByEmail("acme", "taken@example.com").orElseThrow())
        .isEqualTo(before);
    assertThat(mail.getReceivedMessages())
        .extracting(MimeMessage::getSubject)
        .containsExactly("Welcome", "Someone tried to register with your address");
    assertThat(login("taken@example.com", "another-long-passphrase")).isFalse();
  }

  @Test
  void register_concurrentSameEmail_exactlyOneAccount() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AuthActionResponse>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String variant = i % 2 == 0 ? "race@example.com" : "RACE@example.com";
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return register(variant, "a-good-long-passphrase");
                }));
      }
      go.countDown();
      for (Future<AuthActionResponse> f : futures) {
        assertThat(f.get().isSuccess()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void register_massAssignmentIgnored() throws Exception {
    AuthActionResponse r =
        accounts.register(
            AuthParams.of(
                Map.of(
                    "email",
                    "mass@example.com",
                    "password",
                    "a-good-long-passphrase",
                    "permissions",
                    List.of("admin", "*"),
                    "tenantId",
                    "globex",
                    "emailVerified",
                    true,
                    "status",
                    "ACTIVE",
                    "id",
                    "chosen-id")),
            request());
    assertThat(r.isSuccess()).isTrue();
    Account a = stores.accounts().findByEmail("acme", "mass@example.com").orElseThrow();
    assertThat(a.permissions()).containsExactly("posts:read");
    assertThat(a.tenant()).isEqualTo("acme");
    assertThat(a.id()).isNotEqualTo("chosen-id");
    assertThat(stores.accounts().findByEmail("globex", "mass@example.com")).isEmpty();
  }

  @Test
  void register_weakOrShortPasswords_refused_noRow() throws Exception {
    for (String bad : new String[] {"short", "password1", "iloveyou", "12345678", "qwertyuiop"}) {
      AuthActionResponse r = register("weak@example.com", bad);
      assertThat(r.isSuccess()).as(bad).isFalse();
      assertThat(r.error().orElseThrow().status()).hasValue(400);
    }
    assertThat(rows()).isZero();
    assertThat(mail.getReceivedMessages()).isEmpty();
    String sixtyFour = "Zq8!".repeat(16);
    assertThat(register("weak@example.com", sixtyFour).isSuccess()).as("64 characters").isTrue();
    assertThat(login("weak@example.com", sixtyFour)).isTrue();
    assertThat(login("weak@example.com", sixtyFour.substring(0, 63))).as("no truncation").isFalse();
  }

  @Test
  void confusableEmails_neitherMatchNorCreate() throws Exception {
    register("admin@example.com", "a-good-long-passphrase");
    for (String confusable :
        new String[] {
          "adm\u0131n@example.com",
          "ADM\u0130N@example.com",
          "\u0430dmin@example.com",
          "admin@ex\u0430mple.com"
        }) {
      assertThat(login(confusable, "a-good-long-passphrase")).as(confusable).isFalse();
      assertThat(register(confusable, "a-good-long-passphrase").isSuccess())
          .as(confusable)
          .isFalse();
    }
    assertThat(login("\uff41dmin@example.com", "a-good-long-passphrase"))
        .as("full-width is the same address")
        .isTrue();
    assertThat(register("\uff41dmin@example.com", "a-good-long-passphrase").isSuccess()).isTrue();
    assertThat(rows()).isEqualTo(1);
  }

  /** The outcome of one attempt, as its kind and (when throttled) the whole seconds to wait. */
  String attempt(String email, String password, String address) {
    return outcome(
        accounts.attempt(
            email, password, AuthRequest.builder("POST", "/").remoteAddress(address).build()));
  }

  static String outcome(UserDirectory.SignIn r) {
    return r instanceof UserDirectory.SignIn.Throttled t
        ? "wait " + t.retryAfter().toSeconds()
        : r instanceof UserDirectory.SignIn.Success ? "ok" : "refused";
  }

  /**
   * One address guessing one account: two free failures, then waits of 1 s and 2 s, then a lock of 15 minutes; what is
   * tried while it waits is neither checked nor counted and extends nothing; an unknown account answers exactly alike.
   */
  @Test
  void lockout_progressiveDelays_thenALock_neverExtended_sameForUnknown() throws Exception {
    register("lock@example.com", "a-good-long-passphrase");
    for (String who : List.of("lock@example.com", "nobody-here@example.com")) {
      String[] variants = {
        who,
        who.toUpperCase(java.util.Locale.ROOT),
        " " + who + " ",
        who.replace("@example", "@EXAMPLE")
      };
      List<String> seen = new ArrayList<>();
      String address = "198.51.100." + who.length();
      seen.add(attempt(variants[0], "wrong-passphrase-1", address));
      seen.add(attempt(variants[1], "wrong-passphrase-2", address));
      seen.add(attempt(variants[2], "wrong-passphrase-3", address)); // third: wait 1 s
      seen.add(
          attempt(
              variants[3],
              "a-good-long-passphrase",
              address)); // the right one, too soon: unchecked
      clock.advance(Duration.ofSeconds(1));
      seen.add(attempt(variants[0], "wrong-passphrase-4", address)); // fourth: wait 2 s
      clock.advance(Duration.ofSeconds(2));
      seen.add(attempt(variants[1], "wrong-passphrase-5", address)); // fifth: locked for 15 minutes
      for (int i = 0; i < 20; i++) {
        clock.advance(Duration.ofSeconds(30));
        attempt(variants[i % 4], "wrong-passphrase-" + i, address); // hammering the lock
      }
      seen.add(attempt(who, "a-good-long-passphrase", address));
      assertThat(seen)
          .as(who)
          .containsExactly(
              "refused", "refused", "refused", "wait 1", "refused", "refused", "wait 300");
      clock.advance(Duration.ofMinutes(5)); // 15 minutes after the lock began: it did not grow
      seen.clear();
      seen.add(attempt(who, "a-good-long-passphrase", address));
      assertThat(seen).as(who).containsExactly(who.startsWith("lock") ? "ok" : "refused");
    }
    assertThat(events)
        .extracting(AuditEvent::type)
        .contains(AuditEvent.Type.LOGIN_THROTTLED)
        .doesNotContain(AuditEvent.Type.LOCKOUT);
    assertThat(events).noneMatch(e -> e.toString().contains("passphrase"));
  }

  /** Someone guessing from one address locks that address out of the account, not its owner elsewhere. */
  @Test
  void lockout_ofOneAddress_leavesTheOwnerOnHersSigningIn() throws Exception {
    register("victim@example.com", "a-good-long-passphrase");
    for (int i = 0; i < 30; i++) {
      attempt("victim@example.com", "guess-passphrase-" + i, "203.0.113.66");
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(attempt("victim@example.com", "a-good-long-passphrase", "203.0.113.66"))
        .startsWith("wait");
    assertThat(attempt("victim@example.com", "a-good-long-passphrase", "192.0.2.1"))
        .as("the owner, from her address")
        .isEqualTo("ok");
  }

  /**
   * Guesses from many addresses lock the account at its own limit (10): then everyone waits, the owner too, until a
   * password reset, which ends the lock.
   */
  @Test
  void lockout_manyAddresses_lockTheAccountAtItsLimit_andAResetEndsIt() throws Exception {
    register("spread@example.com", "a-good-long-passphrase");
    for (int i = 0; i < 9; i++) {
      assertThat(attempt("spread@example.com", "guess-passphrase-" + i, "203.0.113." + i))
          .isEqualTo("refused");
      clock.advance(
          Duration.ofSeconds(20)); // past each wait of the account's counter (1, 2, 4, 8, 16 s)
    }
    assertThat(attempt("spread@example.com", "a-good-long-passphrase", "192.0.2.1"))
        .as("control: under the limit")
        .isEqualTo("ok");
    for (int i = 0; i < 10; i++) {
      attempt("spread@example.com", "guess-passphrase-" + i, "203.0.113." + i);
      clock.advance(Duration.ofSeconds(20));
    }
    assertThat(events).extracting(AuditEvent::type).contains(AuditEvent.Type.LOCKOUT);
    assertThat(attempt("spread@example.com", "a-good-long-passphrase", "192.0.2.1"))
        .startsWith("wait");
    mail.reset();
    accounts.forgotPassword(params("email", "spread@example.com"), request());
    assertThat(
            accounts
                .resetPassword(
                    params(
                        "token",
                        resetToken(mail.getReceivedMessages()[0]),
                        "password",
                        "a-fresh-long-passphrase"),
                    AuthRequest.builder("POST", "/").remoteAddress("192.0.2.1").build())
                .response()
                .isSuccess())
        .isTrue();
    assertThat(attempt("spread@example.com", "a-fresh-long-passphrase", "192.0.2.1"))
        .as("the reset ended the lock")
        .isEqualTo("ok");
  }

  /**
   * The weapon the account's own lock leaves (guesses from many addresses): a browser that signed in before keeps its
   * own counter, so its owner still signs in; a made-up or another account's device is nobody; the device has a limit
   * of its own. The device token is kept only as a hash.
   */
  @Test
  void lockout_aBrowserThatSignedInBefore_isNotLockedOutByGuessesFromElsewhere() throws Exception {
    register("owner@example.com", "a-good-long-passphrase");
    register("other@example.com", "a-good-long-passphrase");
    String device =
        deviceOf(
            accounts.attempt(
                "owner@example.com", "a-good-long-passphrase", from("192.0.2.1", null)));
    String otherDevice =
        deviceOf(
            accounts.attempt(
                "other@example.com", "a-good-long-passphrase", from("192.0.2.1", null)));
    assertThat(
            Databases.count(
                dataSource,
                "SELECT COUNT(*) FROM refauth_devices WHERE id_hash = '" + device + "'"))
        .as("hashed")
        .isZero();
    for (int i = 0; i < 10; i++) {
      accounts.attempt("owner@example.com", "guess-passphrase-" + i, from("203.0.113." + i, null));
      clock.advance(Duration.ofSeconds(20));
    }
    assertThat(events).extracting(AuditEvent::type).contains(AuditEvent.Type.LOCKOUT);
    assertThat(
            accounts.attempt(
                "owner@example.com", "a-good-long-passphrase", from("192.0.2.1", null)))
        .as("control: without the device, the owner waits too")
        .isInstanceOf(UserDirectory.SignIn.Throttled.class);
    assertThat(
            accounts.attempt(
                "owner@example.com",
                "a-good-long-passphrase",
                from("198.51.100.99", "made-up-device")))
        .as("a made-up device is nobody")
        .isInstanceOf(UserDirectory.SignIn.Throttled.class);
    assertThat(
            accounts.attempt(
                "owner@example.com", "a-good-long-passphrase", from("198.51.100.99", otherDevice)))
        .as("another account's device is nobody here")
        .isInstanceOf(UserDirectory.SignIn.Throttled.class);
    UserDirectory.SignIn owner =
        accounts.attempt(
            "owner@example.com", "a-good-long-passphrase", from("198.51.100.7", device));
    assertThat(owner)
        .as("the owner's browser, from anywhere")
        .isInstanceOf(UserDirectory.SignIn.Success.class);
    assertThat(((UserDirectory.SignIn.Success) owner).device())
        .as("known already: no new token")
        .isEmpty();
    for (int i = 0; i < 3; i++) { // the device's own limit: someone holding it guesses
      accounts.attempt("owner@example.com", "guess-passphrase-" + i, from("198.51.100.7", device));
    }
    assertThat(
            accounts.attempt(
                "owner@example.com", "a-good-long-passphrase", from("198.51.100.7", device)))
        .as("the device waits after its third failure")
        .isInstanceOf(UserDirectory.SignIn.Throttled.class);
  }

  /**
   * A client that keeps no cookie gets a new device at every sign-in: an account keeps its newest 20, so sign-ins add no
   * rows beyond; a password change forgets them all (a browser trusted before the change is not trusted after it).
   */
  @Test
  void devices_atMostTwentyPerAccount_andForgottenOnAPasswordChange() throws Exception {
    register("script@example.com", "a-good-long-passphrase");
    String first = null;
    for (int i = 0; i < 30; i++) {
      String d =
          deviceOf(
              accounts.attempt(
                  "script@example.com", "a-good-long-passphrase", from("192.0.2.9", null)));
      first = first == null ? d : first;
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(Databases.count(dataSource, "SELECT COUNT(*) FROM refauth_devices")).isEqualTo(20);
    UserDirectory.SignIn oldest =
        accounts.attempt("script@example.com", "a-good-long-passphrase", from("192.0.2.9", first));
    assertThat(((UserDirectory.SignIn.Success) oldest).device())
        .as("the oldest was forgotten: a new one")
        .isPresent();
    String latest = deviceOf(oldest);
    Account account = stores.accounts().findByEmail("acme", "script@example.com").orElseThrow();
    var me =
        accounts.authenticate(
            "script@example.com", "a-good-long-passphrase", from("192.0.2.9", latest));
    assertThat(
            accounts
                .changePassword(
                    params(
                        "currentPassword",
                        "a-good-long-passphrase",
                        "password",
                        "another-long-passphrase"),
                    from("192.0.2.9", latest),
                    me.orElseThrow())
                .response()
                .isSuccess())
        .isTrue();
    assertThat(
            Databases.count(
                dataSource,
                "SELECT COUNT(*) FROM refauth_devices WHERE account_id = '" + account.id() + "'"))
        .as("forgotten with the old password")
        .isZero();
  }

  private static AuthRequest from(String address, String device) {
    AuthRequest.Builder b = AuthRequest.builder("POST", "/auth/login").remoteAddress(address);
    return device == null ? b.build() : b.cookie("__Host-refauth_device", device).build();
  }

  private static String deviceOf(UserDirectory.SignIn signIn) {
    return ((UserDirectory.SignIn.Success) signIn).device().orElseThrow().token();
  }

  /** One address trying many accounts meets the address ceiling; everyone else signs in. */
  @Test
  void lockout_addressCeiling() throws Exception {
    register("victim@example.com", "a-good-long-passphrase");
    Accounts tight =
        Accounts.builder(stores.accounts(), email -> {}, URI.create("https://app.example.test"))
            .hasher(FAST)
            .clock(clock)
            .defaultTenant("acme")
            .limits(new LoginLimits(100, 5, 10, Duration.ofMinutes(15), Duration.ofMinutes(15)))
            .audit(events::add)
            .background(Runnable::run)
            .build();
    AuthRequest attacker = AuthRequest.builder("POST", "/").remoteAddress("203.0.113.66").build();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      seen.add(outcome(tight.attempt("user" + i + "@example.com", "guess-passphrase", attacker)));
      if (i == 5) { // right after a failure past half the ceiling
        seen.add(outcome(tight.attempt("user-x@example.com", "guess-passphrase", attacker)));
      }
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(seen)
        .as("past half the ceiling a second's wait after each failure, at the ceiling a lock")
        .containsExactly(
            "refused",
            "refused",
            "refused",
            "refused",
            "refused",
            "refused",
            "wait 1",
            "refused",
            "refused",
            "refused",
            "refused",
            "wait 899");
    assertThat(
            tight.authenticate(
                "victim@example.com",
                "a-good-long-passphrase",
                AuthRequest.builder("POST", "/").remoteAddress("192.0.2.1").build()))
        .as("another address")
        .isPresent();
  }

  /** The throttle table names no email and no address: its keys are digests. */
  @Test
  void throttleRows_holdNoEmailOrAddress() throws Exception {
    attempt("someone@example.com", "wrong-passphrase", "203.0.113.77");
    assertThat(Databases.count(dataSource, "SELECT COUNT(*) FROM refauth_throttle")).isEqualTo(3);
    assertThat(
            Databases.count(
                dataSource,
                "SELECT COUNT(*) FROM refauth_throttle WHERE throttle_key LIKE '%example%' "
                    + "OR throttle_key LIKE '%203.0.113%'"))
        .isZero();
  }

  @Test
  void rehash_whenParametersChange() throws Exception {
    register("rehash@example.com", "a-good-long-passphrase");
    String old =
        stores.accounts().findByEmail("acme", "rehash@example.com").orElseThrow().passwordHash();
    Accounts stronger = accounts(PasswordHasher.argon2id(2048, 1, 1));
    assertThat(stronger.authenticate("rehash@example.com", "a-good-long-passphrase", request()))
        .isPresent();
    String now =
        stores.accounts().findByEmail("acme", "rehash@example.com").orElseThrow().passwordHash();
    assertThat(now).isNotEqualTo(old).startsWith("$argon2id$v=19$m=2048,t=1,p=1$");
  }

  static String resetToken(MimeMessage message) throws Exception {
    Matcher m =
        Pattern.compile("https://app\\.example\\.test/reset-password\\?token=([A-Za-z0-9_-]+)")
            .matcher((String) message.getContent());
    assertThat(m.find()).as("link built from the public base URL, not the Host header").isTrue();
    return m.group(1);
  }

  @Test
  void forgot_sameAnswerForUnknown_linkFromPublicBaseUrl_singleUse() throws Exception {
    register("reset@example.com", "a-good-long-passphrase");
    mail.reset();
    AuthActionResponse unknown =
        accounts.forgotPassword(params("email", "ghost@example.com"), request());
    assertThat(mail.getReceivedMessages()).isEmpty();
    AuthActionResponse known =
        accounts.forgotPassword(params("email", "reset@example.com"), request());
    assertThat(AuthJson.toJson(known)).isEqualTo(AuthJson.toJson(unknown));
    MimeMessage[] mails = mail.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat((String) mails[0].getContent()).doesNotContain("evil.example");
    String token = resetToken(mails[0]);
    assertThat(
            accounts
                .resetPassword(
                    params("token", token, "password", "brand-new-passphrase"), request())
                .accountId())
        .isPresent();
    assertThat(login("reset@example.com", "brand-new-passphrase")).isTrue();
    assertThat(login("reset@example.com", "a-good-long-passphrase")).isFalse();
    assertThat(
            accounts
                .resetPassword(
                    params("token", token, "password", "third-new-passphrase"), request())
                .response()
                .isSuccess())
        .as("single use")
        .isFalse();
    assertThat(login("reset@example.com", "brand-new-passphrase"))
        .as("no row changed by the replay")
        .isTrue();
  }

  @Test
  void reset_expiry_guessing_andRateLimit() throws Exception {
    register("r2@example.com", "a-good-long-passphrase");
    mail.reset();
    accounts.forgotPassword(params("email", "r2@example.com"), request());
    String token = resetToken(mail.getReceivedMessages()[0]);
    assertThat(
            accounts
                .resetPassword(
                    params("token", "A".repeat(43), "password", "brand-new-passphrase"), request())
                .response()
                .isSuccess())
        .as("a guessed token")
        .isFalse();
    clock.advance(Duration.ofMinutes(31));
    assertThat(
            accounts
                .resetPassword(
                    params("token", token, "password", "brand-new-passphrase"), request())
                .response()
                .isSuccess())
        .as("expired")
        .isFalse();
    assertThat(login("r2@example.com", "a-good-long-passphrase")).isTrue();
    mail.reset();
    for (int i = 0; i < 5; i++) {
      accounts.forgotPassword(params("email", "r2@example.com"), request());
    }
    assertThat(mail.getReceivedMessages())
        .as("at most 3 an hour")
        .hasSize(2); // one was used already in this hour
  }

  /** An older link outlives neither a reset with a newer one nor a change made while signed in. */
  @Test
  void everyPasswordChange_endsTheOutstandingResetLinks() throws Exception {
    register("links@example.com", "a-good-long-passphrase");
    mail.reset();
    accounts.forgotPassword(params("email", "links@example.com"), request());
    accounts.forgotPassword(params("email", "links@example.com"), request());
    String older = resetToken(mail.getReceivedMessages()[0]);
    String newer = resetToken(mail.getReceivedMessages()[1]);
    assertThat(
            accounts
                .resetPassword(
                    params("token", newer, "password", "second-long-passphrase"), request())
                .response()
                .isSuccess())
        .as("control: the newer link")
        .isTrue();
    assertThat(
            accounts
                .resetPassword(params("token", older, "password", "attacker-passphrase"), request())
                .response()
                .isSuccess())
        .as("the older link after a reset")
        .isFalse();
    mail.reset();
    accounts.forgotPassword(params("email", "links@example.com"), request());
    String outstanding = resetToken(mail.getReceivedMessages()[0]);
    var me = accounts.authenticate("links@example.com", "second-long-passphrase", request());
    assertThat(
            accounts
                .changePassword(
                    params(
                        "currentPassword",
                        "second-long-passphrase",
                        "password",
                        "third-long-passphrase"),
                    request(),
                    me.orElseThrow())
                .response()
                .isSuccess())
        .isTrue();
    assertThat(
            accounts
                .resetPassword(
                    params("token", outstanding, "password", "attacker-passphrase"), request())
                .response()
                .isSuccess())
        .as("a link outstanding when the password was changed signed in")
        .isFalse();
    assertThat(login("links@example.com", "third-long-passphrase")).isTrue();
    assertThat(login("links@example.com", "attacker-passphrase")).isFalse();
  }

  @Test
  void resetLink_ofADisabledAccount_doesNothing() throws Exception {
    register("disabled@example.com", "a-good-long-passphrase");
    mail.reset();
    accounts.forgotPassword(params("email", "disabled@example.com"), request());
    String token = resetToken(mail.getReceivedMessages()[0]);
    Account account = stores.accounts().findByEmail("acme", "disabled@example.com").orElseThrow();
    stores.accounts().setStatus(account.id(), Account.Status.DISABLED, clock.instant());
    assertThat(
            accounts
                .resetPassword(params("token", token, "password", "attacker-passphrase"), request())
                .response()
                .isSuccess())
        .isFalse();
    assertThat(stores.accounts().findById(account.id()).orElseThrow().passwordHash())
        .as("no row changed")
        .isEqualTo(account.passwordHash());
  }

  @Test
  void updatePassword_signedIn_needsTheCurrentPassword_andMailsANotice() throws Exception {
    register("change@example.com", "a-good-long-passphrase");
    var me = accounts.authenticate("change@example.com", "a-good-long-passphrase", request());
    mail.reset();
    var wrong =
        accounts.changePassword(
            params("currentPassword", "not-my-passphrase", "password", "brand-new-passphrase"),
            request(),
            me.orElseThrow());
    assertThat(wrong.response().isSuccess()).isFalse();
    assertThat(wrong.accountId()).isEmpty();
    assertThat(login("change@example.com", "a-good-long-passphrase")).as("no row changed").isTrue();
    var mismatch =
        accounts.changePassword(
            params(
                "currentPassword",
                "a-good-long-passphrase",
                "password",
                "brand-new-passphrase",
                "confirmPassword",
                "brand-new-passphrasE"),
            request(),
            me.orElseThrow());
    assertThat(mismatch.response().isSuccess()).isFalse();
    assertThat(
            accounts
                .resetPassword(params("password", "brand-new-passphrase"), request())
                .response()
                .error()
                .orElseThrow()
                .status())
        .as("neither signed in nor a token")
        .hasValue(401);
    assertThat(mail.getReceivedMessages()).isEmpty();
    var ok =
        accounts.changePassword(
            params("currentPassword", "a-good-long-passphrase", "password", "brand-new-passphrase"),
            request(),
            me.orElseThrow());
    assertThat(ok.response().isSuccess()).isTrue();
    assertThat(ok.accountId()).contains(me.orElseThrow().identity().id());
    assertThat(login("change@example.com", "brand-new-passphrase")).isTrue();
    assertThat(mail.getReceivedMessages())
        .extracting(MimeMessage::getSubject)
        .containsExactly("Your password was changed");
  }

  /**
   * Throttling and audit see the client the guard resolved: the address a trusted proxy reports, and from anyone
   * else the peer itself, whatever X-Forwarded-For it sends. Through the /auth API, as the servlet calls it.
   */
  @Test
  void auditAndThrottle_seeTheClientTheGuardResolved() throws Exception {
    register("audited@example.com", "a-good-long-passphrase");
    TokenAuthProvider provider =
        TokenAuthProvider.builder(
                accounts,
                JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.HS256)).build(),
                stores.tokens())
            .secureCookies(false)
            .build();
    AuthEndpoints api =
        GuardSettings.guard(AuthSettings.of(Map.of("trustedProxies", "10.0.0.1")), provider)
            .endpoints(AuthEndpoints.DEFAULT_MAX_BODY_BYTES);
    byte[] wrong =
        "{\"email\":\"audited@example.com\",\"password\":\"wrong-passphrase\"}"
            .getBytes(StandardCharsets.UTF_8);
    for (String peer : new String[] {"10.0.0.1", "203.0.113.9"}) {
      events.clear();
      AuthRequest login =
          AuthRequest.builder("POST", "/auth/login")
              .remoteAddress(peer)
              .header("Content-Type", "application/json")
              .header("X-Forwarded-For", "198.51.100.44")
              .build();
      assertThat(api.handle(login, "/login", wrong).status()).isEqualTo(401);
      assertThat(events)
          .extracting(AuditEvent::type)
          .containsExactly(AuditEvent.Type.LOGIN_FAILURE);
      assertThat(events.get(0).remoteAddress())
          .as("from " + peer)
          .isEqualTo(peer.equals("10.0.0.1") ? "198.51.100.44" : peer);
    }
  }

  /**
   * A permission removed, or an account disabled, applies to this node's identity cache at commit, on every store
   * (H2 has no notices): the next request does not see the old permissions for up to the cache's TTL.
   */
  @Test
  void permissionOrStatusChange_evictsTheLocalCacheAtCommit() throws Exception {
    register("cached@example.com", "a-good-long-passphrase");
    Account account = stores.accounts().findByEmail("acme", "cached@example.com").orElseThrow();
    TokenAuthProvider provider =
        TokenAuthProvider.builder(
                accounts,
                JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.HS256)).build(),
                stores.tokens())
            .secureCookies(false)
            .build();
    AuthGuard guard =
        AuthGuard.builder(provider)
            .identityCache(IdentityCache.builder().ttl(Duration.ofHours(1)).build())
            .build();
    String token =
        (String)
            provider
                .login(
                    params("email", "cached@example.com", "password", "a-good-long-passphrase"),
                    request())
                .data("accessToken")
                .orElseThrow();
    AuthRequest call =
        AuthRequest.builder("GET", "/api/posts").header("Authorization", "Bearer " + token).build();
    Requirement read = Requirement.permissions(Requirement.Logical.ALL, "posts:read");
    assertThat(guard.authorize(call, read).proceeds()).as("cached now").isTrue();
    try (var c = dataSource.getConnection();
        var s = c.createStatement()) { // behind the store's back: the cache answers
      s.executeUpdate(
          "DELETE FROM refauth_account_permissions WHERE account_id = '" + account.id() + "'");
    }
    assertThat(guard.authorize(call, read).proceeds()).as("control: the cache is in play").isTrue();
    stores.accounts().setPermissions(account.id(), Set.of(), clock.instant());
    assertThat(guard.authorize(call, read).proceeds()).as("through the store: at once").isFalse();
    stores.accounts().setPermissions(account.id(), Set.of("posts:read"), clock.instant());
    assertThat(guard.authorize(call, read).proceeds()).isTrue();
    stores.accounts().setStatus(account.id(), Account.Status.DISABLED, clock.instant());
    assertThat(guard.authorize(call, read).proceeds()).as("disabled: at once").isFalse();
  }

  @Test
  void crashBetweenSteps_noHalfCreatedAccount() throws Exception {
    Account broken =
        new Account(
            "id-1",
            "acme",
            "half@example.com",
            "Half",
            Optional.empty(),
            FAST.hash("x-long-passphrase"),
            Account.Status.ACTIVE,
            Set.of("p".repeat(300)),
            clock.instant(),
            clock.instant());
    try {
      stores.accounts().create(broken);
    } catch (RuntimeException expected) {
      // the permission insert fails after the account insert
    }
    assertThat(rows()).isZero();
  }

  @Test
  void timing_unknownUserCostsTheSameAsWrongPassword() throws Exception {
    Accounts owasp = accounts(PasswordHasher.argon2id());
    owasp.register(
        params("email", "timing@example.com", "password", "a-good-long-passphrase"), request());
    for (int i = 0; i < 5; i++) { // warm up
      owasp.authenticate(
          "timing@example.com",
          "wrong-passphrase-" + i,
          AuthRequest.builder("POST", "/").remoteAddress("w" + i).build());
      owasp.authenticate(
          "nobody@example.com",
          "wrong-passphrase-" + i,
          AuthRequest.builder("POST", "/").remoteAddress("w" + i).build());
    }
    int pairs = 100;
    long[] wrong = new long[pairs];
    long[] unknown = new long[pairs];
    long[] difference = new long[pairs];
    for (int i = 0; i < pairs; i++) {
      AuthRequest r = AuthRequest.builder("POST", "/").remoteAddress("10.0.0." + i).build();
      clock.advance(Duration.ofHours(1)); // keep the throttle out of the measurement
      boolean wrongFirst = i % 2 == 0; // interleaved, so machine drift cancels out
      long t0 = System.nanoTime();
      owasp.authenticate(
          wrongFirst ? "timing@example.com" : "nobody@example.com", "wrong-passphrase", r);
      long t1 = System.nanoTime();
      owasp.authenticate(
          wrongFirst ? "nobody@example.com" : "timing@example.com", "wrong-passphrase", r);
      long t2 = System.nanoTime();
      wrong[i] = wrongFirst ? t1 - t0 : t2 - t1;
      unknown[i] = wrongFirst ? t2 - t1 : t1 - t0;
      difference[i] = wrong[i] - unknown[i];
    }
    // the median of paired differences: robust to GC pauses and drift, which hit single samples
    double diffMs = Math.abs(median(difference)) / 1e6;
    System.out.printf(
        "login timing over %d pairs: wrong password median %.1f ms, unknown user median %.1f ms, median paired difference %.2f ms%n",
        pairs, median(wrong) / 1e6, median(unknown) / 1e6, diffMs);
    // a leak is the hash skipped for an unknown user: the whole cost of a login (tens of ms).
    // 5 ms, or 10% of a login when a loaded machine stretches every database round trip
    // (it measured 5.35 ms once at a load of 8)
    assertThat(diffMs).isLessThan(Math.max(5.0, 0.10 * median(wrong) / 1e6));
  }

  /**
   * forgot-password answers a known address in the time of an unknown one: what a known account costs (the lookup, the
   * throttle, the token row, the audit event, the mail) runs in the background. Interleaved pairs, as for sign-in; the
   * background work runs between pairs, and the mails it sent prove it ran.
   */
  @Test
  void forgot_knownAndUnknownAddress_sameTimeOnTheRequestThread() throws Exception {
    register("timed-forgot@example.com", "a-good-long-passphrase");
    List<Runnable> queued = new ArrayList<>();
    Accounts deferred =
        Accounts.builder(
                stores.accounts(), m -> sent.add(m.to()), URI.create("https://app.example.test"))
            .hasher(FAST)
            .clock(clock)
            .defaultTenant("acme")
            .background(queued::add)
            .build();
    int pairs = 300;
    long[] known = new long[pairs];
    long[] difference = new long[pairs];
    for (int i = -50; i < pairs; i++) { // the first 50 warm up
      clock.advance(Duration.ofHours(1)); // under the limit of 3 links an hour
      boolean knownFirst = (i & 1) == 0;
      long t0 = System.nanoTime();
      deferred.forgotPassword(
          params("email", knownFirst ? "timed-forgot@example.com" : "nobody-forgot@example.com"),
          request());
      long t1 = System.nanoTime();
      deferred.forgotPassword(
          params("email", knownFirst ? "nobody-forgot@example.com" : "timed-forgot@example.com"),
          request());
      long t2 = System.nanoTime();
      queued.forEach(Runnable::run);
      queued.clear();
      if (i >= 0) {
        known[i] = knownFirst ? t1 - t0 : t2 - t1;
        difference[i] = known[i] - (knownFirst ? t2 - t1 : t1 - t0);
      }
    }
    double diffMs = median(difference) / 1e6;
    System.out.printf(
        "forgot-password timing over %d pairs: known address median %.3f ms, median paired difference %.4f ms%n",
        pairs, median(known) / 1e6, diffMs);
    assertThat(sent)
        .as("control: the background work ran, for the known address only")
        .hasSize(pairs + 50)
        .containsOnly("timed-forgot@example.com");
    assertThat(Math.abs(diffMs)).isLessThan(0.05);
  }

  private final List<String> sent = new CopyOnWriteArrayList<>();

  /** Wrong current passwords count like failed sign-ins: a stolen session cannot guess its way to a takeover. */
  @Test
  void updatePassword_wrongCurrentPasswords_areThrottled_andAudited() throws Exception {
    register("stolen@example.com", "a-good-long-passphrase");
    var me = accounts.authenticate("stolen@example.com", "a-good-long-passphrase", request());
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(
          accounts
              .changePassword(
                  params(
                      "currentPassword",
                      "guess-" + i + "-passphrase",
                      "password",
                      "brand-new-passphrase"),
                  request(),
                  me.orElseThrow())
              .response()
              .error()
              .orElseThrow()
              .status()
              .orElse(0));
    }
    assertThat(statuses)
        .as("two free guesses, then a wait of 1 s after the third")
        .containsExactly(400, 400, 400, 429);
    var early =
        accounts.changePassword(
            params("currentPassword", "a-good-long-passphrase", "password", "brand-new-passphrase"),
            request(),
            me.orElseThrow());
    assertThat(early.response().error().orElseThrow().status())
        .as("the right one, while it waits: unchecked")
        .hasValue(429);
    assertThat(early.response().effects().headers()).containsEntry("Retry-After", "1");
    assertThat(early.accountId()).isEmpty();
    assertThat(events)
        .extracting(AuditEvent::type)
        .containsSubsequence(
            AuditEvent.Type.PASSWORD_CHANGE_FAILURE,
            AuditEvent.Type.PASSWORD_CHANGE_FAILURE,
            AuditEvent.Type.PASSWORD_CHANGE_FAILURE,
            AuditEvent.Type.LOGIN_THROTTLED);
    clock.advance(Duration.ofSeconds(1));
    assertThat(
            accounts
                .changePassword(
                    params(
                        "currentPassword",
                        "a-good-long-passphrase",
                        "password",
                        "brand-new-passphrase"),
                    request(),
                    me.orElseThrow())
                .response()
                .isSuccess())
        .as("after the wait")
        .isTrue();
  }

  /**
   * Registration only into the tenants open to it (the default tenant, by default); elsewhere an administrator invites:
   * an account without a password, a single-use link to choose one. Social sign-up follows the same rule.
   */
  @Test
  void registration_closedTenant_refused_invitationWorks_socialSignUpToo() throws Exception {
    AuthRequest globex =
        AuthRequest.builder("POST", "/auth/register")
            .remoteAddress("198.51.100.7")
            .tenant("globex")
            .build();
    AuthActionResponse closed =
        accounts.register(
            params("email", "gina@example.com", "password", "a-good-long-passphrase"), globex);
    assertThat(closed.error().orElseThrow().status()).hasValue(403);
    assertThat(accounts.signInExternal(external("g-9", "gina@example.com", true), globex))
        .as("social sign-up")
        .isEmpty();
    assertThat(rows()).isZero();
    assertThat(mail.getReceivedMessages()).isEmpty();
    assertThat(register("gina@example.com", "a-good-long-passphrase").isSuccess())
        .as("control: the default tenant is open")
        .isTrue();
    mail.reset();

    Accounts.Invitation invited =
        accounts.invite("Gina@Example.com", Set.of("posts:read"), "globex", "198.51.100.7");
    Account gina = ((Accounts.Invitation.Sent) invited).account();
    assertThat(gina.tenant()).isEqualTo("globex");
    assertThat(accounts.invite("gina@example.com", Set.of(), "globex", "198.51.100.7"))
        .isEqualTo(Accounts.Invitation.Taken.INSTANCE);
    assertThat(accounts.invite("not an email", Set.of(), "globex", "198.51.100.7"))
        .isInstanceOf(Accounts.Invitation.Invalid.class);
    assertThat(
            accounts.invite("x@example.com", Set.of("bad permission!"), "globex", "198.51.100.7"))
        .isInstanceOf(Accounts.Invitation.Invalid.class);
    assertThat(accounts.attempt("gina@example.com", "", globex))
        .as("no password yet")
        .isEqualTo(UserDirectory.SignIn.Refused.INSTANCE);
    MimeMessage[] mails = mail.getReceivedMessages();
    assertThat(mails).extracting(MimeMessage::getSubject).containsExactly("You are invited");
    String token = resetToken(mails[0]);
    clock.advance(Duration.ofDays(6)); // an invitation lasts longer than a reset link
    assertThat(
            accounts
                .resetPassword(params("token", token, "password", "ginas-own-passphrase"), globex)
                .response()
                .isSuccess())
        .isTrue();
    assertThat(accounts.authenticate("gina@example.com", "ginas-own-passphrase", globex))
        .isPresent();
    assertThat(events)
        .extracting(AuditEvent::type)
        .contains(AuditEvent.Type.REGISTER_REFUSED, AuditEvent.Type.INVITED);
  }

  /**
   * Registering an existing address mails its owner once an hour, not once a call; no mail carries the name typed at
   * registration (a mail may go to someone else's address).
   */
  @Test
  void register_existingAddress_mailsOnceAnHour_andNoMailCarriesTypedText() throws Exception {
    accounts.register(
        params(
            "email",
            "owner@example.com",
            "password",
            "a-good-long-passphrase",
            "name",
            "Visit http://evil.example now"),
        request());
    for (int i = 0; i < 8; i++) {
      accounts.register(
          params(
              "email",
              "owner@example.com",
              "password",
              "a-good-long-passphrase",
              "name",
              "Click http://evil.example"),
          request());
    }
    accounts.forgotPassword(params("email", "owner@example.com"), request());
    MimeMessage[] mails = mail.getReceivedMessages();
    assertThat(mails)
        .extracting(MimeMessage::getSubject)
        .containsExactly(
            "Welcome", "Someone tried to register with your address", "Reset your password");
    for (MimeMessage m : mails) {
      assertThat(String.valueOf(m.getContent()))
          .doesNotContain("evil")
          .doesNotContain("Visit")
          .startsWith("Hello,");
    }
    clock.advance(Duration.ofMinutes(61));
    accounts.register(
        params("email", "owner@example.com", "password", "a-good-long-passphrase"), request());
    assertThat(mail.getReceivedMessages()).as("the next hour: one more").hasSize(4);
  }

  private static double median(long[] values) {
    long[] copy = values.clone();
    java.util.Arrays.sort(copy);
    return copy[copy.length / 2];
  }

  static dev.refauth.core.spi.ExternalIdentity external(
      String subject, String email, boolean verified) {
    return new dev.refauth.core.spi.ExternalIdentity(
        "corp",
        "https://idp.example.test",
        subject,
        java.util.Optional.of(email),
        verified,
        java.util.Optional.of("Pat Person"),
        java.util.Optional.empty());
  }

  @org.junit.jupiter.api.Test
  void social_newVerifiedPerson_getsAnAccountWithoutPassword_andTheSameOneNextTime() {
    var first = accounts.signInExternal(external("s-1", "pat@example.com", true), request());
    org.assertj.core.api.Assertions.assertThat(first).isPresent();
    // made and signed in: both in the trail, so that the first social sign-in counts as one
    org.assertj.core.api.Assertions.assertThat(events)
        .extracting(AuditEvent::type)
        .containsExactly(AuditEvent.Type.SOCIAL_REGISTERED, AuditEvent.Type.SOCIAL_LOGIN);
    var again =
        accounts.signInExternal(external("s-1", "pat.renamed@example.com", true), request());
    org.assertj.core.api.Assertions.assertThat(again.map(a -> a.identity().id()))
        .isEqualTo(first.map(a -> a.identity().id()));
    // no password works for it, and trying costs the same as a wrong password
    org.assertj.core.api.Assertions.assertThat(
            accounts.authenticate("pat@example.com", "!none", request()))
        .isEmpty();
  }

  @org.junit.jupiter.api.Test
  void social_existingAccount_notLinkedByDefault_evenWithAVerifiedEmail() {
    org.assertj.core.api.Assertions.assertThat(
            register("owner@example.com", "correct horse battery staple").isSuccess())
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(
            accounts.signInExternal(external("s-2", "owner@example.com", true), request()))
        .isEmpty();
    org.assertj.core.api.Assertions.assertThat(
            stores.accounts().findExternal("acme", "https://idp.example.test", "s-2"))
        .isEmpty();
    org.assertj.core.api.Assertions.assertThat(events)
        .anyMatch(e -> e.type() == dev.refauth.accounts.AuditEvent.Type.SOCIAL_REFUSED);

    Accounts linking =
        Accounts.builder(stores.accounts(), m -> {}, URI.create("https://app.example.test"))
            .hasher(FAST)
            .clock(clock)
            .defaultTenant("acme")
            .externalLinking(true)
            .background(Runnable::run)
            .build();
    org.assertj.core.api.Assertions.assertThat(
            linking.signInExternal(external("s-2", "owner@example.com", false), request()))
        .isEmpty();
    var linked = linking.signInExternal(external("s-2", "owner@example.com", true), request());
    org.assertj.core.api.Assertions.assertThat(linked.map(a -> a.identity().email().orElse("")))
        .contains("owner@example.com");
  }

  @org.junit.jupiter.api.Test
  void social_linksArePerTenant_andADisabledAccountIsRefused() {
    Accounts accounts =
        Accounts.builder(stores.accounts(), m -> {}, URI.create("https://app.example.test"))
            .hasher(FAST)
            .clock(clock)
            .defaultTenant("acme")
            .openRegistration(Set.of("acme", "globex"))
            .background(Runnable::run)
            .build();
    var acme =
        accounts
            .signInExternal(external("s-3", "t@example.com", true), request().withTenant("acme"))
            .orElseThrow();
    var globex =
        accounts
            .signInExternal(external("s-3", "t@example.com", true), request().withTenant("globex"))
            .orElseThrow();
    org.assertj.core.api.Assertions.assertThat(globex.identity().id())
        .isNotEqualTo(acme.identity().id());
    stores
        .accounts()
        .setStatus(
            acme.identity().id(), dev.refauth.accounts.Account.Status.DISABLED, clock.instant());
    org.assertj.core.api.Assertions.assertThat(
            accounts.signInExternal(
                external("s-3", "t@example.com", true), request().withTenant("acme")))
        .isEmpty();
    org.assertj.core.api.Assertions.assertThat(
            accounts.signInExternal(
                external("s-3", "t@example.com", true), request().withTenant("globex")))
        .isPresent();
  }
}
