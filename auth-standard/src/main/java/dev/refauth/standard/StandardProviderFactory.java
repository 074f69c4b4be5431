package dev.refauth.standard;

import dev.refauth.accounts.Accounts;
import dev.refauth.accounts.InMemoryUserDirectory;
import dev.refauth.accounts.Mailer;
import dev.refauth.accounts.PasswordHasher;
import dev.refauth.accounts.UsersFile;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthProviderFactory;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.internal.ClassLoading;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.AuthEventStore;
import dev.refauth.core.spi.SecondFactor;
import dev.refauth.mfa.SecondFactors;
import dev.refauth.mfa.SecretBox;
import dev.refauth.passkeys.InMemoryPasskeyStore;
import dev.refauth.passkeys.Passkeys;
import dev.refauth.social.SocialLoginProvider;
import dev.refauth.tokens.TokenAuthProvider;
import dev.refauth.tokens.TrustedIssuersProvider;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The whole stack from settings alone: {@link TokenAuthProvider} (access and refresh tokens, cookie sessions) over
 * {@link Accounts} (sign-in with throttling, registration, reset links, password changes), social login when
 * providers are named, tenants from the deployment's {@code tenants}. Nothing to write in Java: name it in {@code
 * web.xml} ({@code provider=dev.refauth.standard.StandardProviderFactory}), or leave {@code provider} out while it is
 * the only {@link AuthProviderFactory} on the class path (it is registered as a service).
 *
 * <h2>Settings</h2>
 * Under {@code provider.} in {@code web.xml}, or from MicroProfile Config, system properties or the environment as
 * {@code refauth.provider.<name>} ({@code REFAUTH_PROVIDER_JDBC_PASSWORD}); secrets belong there, never in {@code
 * web.xml}.
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code store}</td><td>{@code memory}</td><td>{@code memory} (one node, forgotten on restart) or {@code jdbc}</td></tr>
 *   <tr><td>{@code jdbc.dataSource}</td><td></td><td>the server's DataSource by JNDI name ({@code java:comp/env/jdbc/refauth},
 *       declared with {@code <resource-ref>} or {@code <data-source>})</td></tr>
 *   <tr><td>{@code jdbc.url}</td><td></td><td>or a JDBC URL (PostgreSQL, H2) for a HikariCP pool refauth builds; with
 *       {@code jdbc.user}, {@code jdbc.password}, {@code jdbc.driver} (a class name, when DriverManager cannot find it),
 *       {@code jdbc.poolSize} ({@code 10})</td></tr>
 *   <tr><td>{@code jdbc.purgeInterval}</td><td>{@code 15m}</td><td>how often expired rows are deleted ({@code 0}: never)</td></tr>
 *   <tr><td>{@code mail.session}</td><td></td><td>the server's {@code jakarta.mail.Session} by JNDI name</td></tr>
 *   <tr><td>{@code mail.smtp.host}</td><td></td><td>or SMTP: with {@code mail.smtp.port} ({@code 587}), {@code mail.smtp.user},
 *       {@code mail.smtp.password}, {@code mail.smtp.startTls} ({@code true})</td></tr>
 *   <tr><td>{@code mail.from}</td><td></td><td>the sender, for a session or SMTP</td></tr>
 *   <tr><td>{@code mail.folder}</td><td></td><td>or development: each mail written as a file there</td></tr>
 *   <tr><td>{@code users}</td><td></td><td>development: a users file ({@code classpath:/..} or a path; see {@link UsersFile})
 *       whose accounts are created at start when their tenant (or the default tenant) does not have their email yet</td></tr>
 *   <tr><td>{@code accounts.defaultTenant}</td><td>none</td><td>the tenant of a sign-in or registration that names none</td></tr>
 *   <tr><td>{@code accounts.openRegistration}</td><td>the default tenant</td><td>tenants anyone may register into; others
 *       join by invitation; set and empty: nobody registers</td></tr>
 *   <tr><td>{@code accounts.defaultPermissions}</td><td>none</td><td>the permissions of a new account</td></tr>
 *   <tr><td>{@code accounts.externalLinking}</td><td>{@code false}</td><td>a social sign-in with a verified email joins the
 *       account of that email</td></tr>
 *   <tr><td>{@code accounts.externalRegistration}</td><td>{@code true}</td><td>a social sign-in with no account creates one
 *       (in a tenant open to registration)</td></tr>
 *   <tr><td>{@code social.*}</td><td></td><td>social login ({@link SocialLoginProvider}): {@code social.providers} and each
 *       provider's client id and secret; {@code social.callbackBase} defaults to the public origin, context path and
 *       auth API path ({@code https://app.example.com/auth})</td></tr>
 *   <tr><td>{@code mfa.key}</td><td>none: no second factor</td><td>a 256-bit key, base64 ({@code openssl rand -base64 32}),
 *       that seals the TOTP secrets at rest: with it, accounts may enrol a second factor (TOTP with recovery codes, the
 *       {@code /auth/second-factor} endpoint) and sign in with it ({@link SecondFactors}); give it through MicroProfile
 *       Config or the environment ({@code REFAUTH_PROVIDER_MFA_KEY}), never in web.xml. Under another key the
 *       codes of authenticator apps fail closed; recovery codes (digests, not sealed) still sign in, and the owner
 *       enrols again</td></tr>
 *   <tr><td>{@code mfa.issuer}</td><td>the public origin's host</td><td>the name authenticator apps show beside the account</td></tr>
 *   <tr><td>{@code passkeys}</td><td>{@code false}</td><td>passkeys (WebAuthn, {@link Passkeys}): accounts may register them
 *       ({@code /auth/second-factor}) and sign in with one alone or as their second step; the relying party is the
 *       public origin (https, or http://localhost for development)</td></tr>
 *   <tr><td>{@code issuers.*}</td><td></td><td>bearer tokens of other identity providers (Keycloak, Entra ID, Auth0):
 *       the table of {@link TrustedIssuersProvider}, in front of the rest</td></tr>
 *   <tr><td>{@code events.keep}</td><td>{@code false}</td><td>keeps every {@code AuthEvent} for administrators
 *       (an {@code AuthEventStore} the guard and the batteries fill, found by {@code unwrap}): in the database with
 *       {@code store=jdbc}, else the latest 10,000 in memory</td></tr>
 *   <tr><td>{@code events.retention}</td><td>30 days</td><td>how long kept events stay in the database (at least an
 *       hour); the purge deletes older ones</td></tr>
 *   <tr><td>the token settings</td><td></td><td>keys, lifetimes, cookies: the table of {@link TokenAuthProvider} but
 *       {@code users}; a development key is generated with {@code jwt.jwks} and {@code jwt.generate}</td></tr>
 * </table>
 * The deployment's {@code publicOrigin} is required: links in mails and social login's callbacks are absolute. An
 * unknown setting, a bad value, or two that contradict each other fail at start, naming them.
 */
public final class StandardProviderFactory implements AuthProviderFactory {
  /** Events of one kind (type, client, account) kept per minute; the rest are heard but not written. */
  static final int KEPT_PER_MINUTE = 20;

  private static final System.Logger LOG =
      System.getLogger(StandardProviderFactory.class.getName());

  static final Set<String> ACCOUNT_SETTINGS =
      Set.of(
          "users",
          "accounts.defaultTenant",
          "accounts.openRegistration",
          "accounts.defaultPermissions",
          "accounts.externalLinking",
          "accounts.externalRegistration");

  static final Set<String> MFA_SETTINGS = Set.of("mfa.key", "mfa.issuer");

  static final Set<String> PASSKEY_SETTINGS = Set.of("passkeys");

  @Override
  public AuthProvider create(AuthSettings settings) {
    Set<String> known = union();
    for (String key : settings.keys()) {
      if (!known.contains(key)
          && !AuthSettings.DEPLOYMENT_FACTS.contains(key)
          && !key.startsWith("social.")
          && !key.equals("issuers")
          && !key.startsWith("issuers.")) {
        throw new AuthException(
            "unknown setting '"
                + settings.fullName(key)
                + "'; the standard provider knows "
                + new TreeSet<>(known)
                + ", social.* and issuers.*");
      }
    }
    URI publicBase = publicBase(settings);
    // everything but the database is checked before the stores open
    Optional<String> usersFile = settings.get("users").map(InMemoryUserDirectory::readLocation);
    AuthSettings tokenSettings = tokenSettings(settings);
    Mailer mailer = Mailers.from(settings);
    Optional<SecretBox> mfaKey = mfaKey(settings);
    boolean passkeysOn = passkeysOn(settings);
    if (settings.get("social.providers").isEmpty()) {
      // named at all, even empty: a social setting is a mistake here
      for (String key : settings.keys()) {
        if (key.startsWith("social.")) {
          throw new AuthException(
              "setting '"
                  + settings.fullName(key)
                  + "' has no use without '"
                  + settings.fullName("social.providers")
                  + "'");
        }
      }
    }
    Stores stores = Stores.open(settings);
    try {
      PasswordHasher hasher = PasswordHasher.argon2id();
      // every battery's events go to the application's listeners (auth-audit's JSON lines,
      // auth-metrics, CDI) and, with events.keep, to the store; the guard finds the store by unwrap
      AuthEventListener discovered =
          AuthEventListener.discovered(ClassLoading.contextOr(StandardProviderFactory.class));
      // kept: at most KEPT_PER_MINUTE of one kind from one client (a flood of refusals is no flood
      // of rows); the listeners hear them all
      Optional<AuthEventStore> kept =
          stores.events().map(e -> AuthEventStore.keepingAtMost(KEPT_PER_MINUTE, e));
      AuthEventListener events =
          kept.<AuthEventListener>map(k -> AuthEventListener.all(List.of(discovered, k)))
              .orElse(discovered);
      Accounts accounts = accounts(settings, stores, mailer, hasher, publicBase, events);
      TokenAuthProvider.Builder tokens =
          TokenAuthProvider.builder(accounts, stores.tokens(), tokenSettings).events(events);
      kept.ifPresent(tokens::offer);
      // the owner hears of every change to the second factor, and the application's listeners too
      AuthEventListener factorEvents =
          AuthEventListener.all(List.of(accounts.ownerNotices(), events));
      Optional<SecondFactor> totp =
          mfaKey.map(
              box ->
                  SecondFactors.builder(
                          stores.secondFactors(),
                          box,
                          settings.string("mfa.issuer", publicBase.getHost()))
                      .events(factorEvents)
                      .build());
      Optional<SecondFactor> passkeys =
          passkeysOn
              ? Optional.of(
                  Passkeys.builder(
                          stores.passkeys(),
                          URI.create(settings.get(AuthSettings.PUBLIC_ORIGIN).orElseThrow()),
                          settings.string("mfa.issuer", publicBase.getHost()))
                      .events(factorEvents)
                      .build())
              : Optional.empty();
      if (totp.isPresent() && passkeys.isPresent()) {
        tokens.secondFactor(
            SecondFactor.combine(totp.get(), passkeys.get(), a -> a.startsWith("passkey-")));
      } else {
        totp.or(() -> passkeys).ifPresent(tokens::secondFactor);
      }
      for (AutoCloseable c : stores.closing()) {
        tokens.closing(c);
      }
      tokens.closing(accounts);
      TokenAuthProvider provider = tokens.build();
      AuthProvider built =
          settings.get("social.providers").isEmpty()
              ? provider
              : SocialLoginProvider.builder(provider)
                  .settings(
                      socialSettings(settings, publicBase),
                      stores.loginAttempts(),
                      Clock.systemUTC())
                  .build();
      if (settings.get("issuers").isPresent()) {
        built = TrustedIssuersProvider.builder().settings(settings).inFrontOf(built).build();
      }
      // last: every setting is checked before a demo account is written
      usersFile.ifPresent(text -> seed(settings, stores, hasher, text));
      return built;
    } catch (RuntimeException e) {
      Stores.closeAll(stores.closing());
      throw e;
    }
  }

  private static Set<String> union() {
    Set<String> all = new HashSet<>(ACCOUNT_SETTINGS);
    all.addAll(Stores.SETTINGS);
    all.addAll(Mailers.SETTINGS);
    all.addAll(MFA_SETTINGS);
    all.addAll(PASSKEY_SETTINGS);
    all.addAll(TokenAuthProvider.settingNames());
    return all;
  }

  /** The box of {@code mfa.key}, checked before anything opens; empty without one (no second factor). */
  private static Optional<SecretBox> mfaKey(AuthSettings s) {
    Optional<String> key = s.get("mfa.key");
    if (key.isEmpty()) {
      SettingRules.noneSet(
          s,
          MFA_SETTINGS,
          k ->
              !(k.equals("mfa.issuer") && s.bool("passkeys", false)), // the passkeys' site name too
          "has no use without '" + s.fullName("mfa.key") + "' (second factors are off)");
      return Optional.empty();
    }
    String issuer = s.string("mfa.issuer", "x");
    if (issuer.isBlank() || issuer.indexOf(':') >= 0) {
      throw s.bad("mfa.issuer", issuer, "a name without ':'");
    }
    try {
      return Optional.of(SecretBox.fromBase64(key.get(), new SecureRandom()));
    } catch (IllegalArgumentException e) {
      // the message never repeats the key
      throw new AuthException("setting '" + s.fullName("mfa.key") + "': " + e.getMessage(), e);
    }
  }

  /** Whether {@code passkeys} is on; it needs an https public origin (or http://localhost). */
  private static boolean passkeysOn(AuthSettings s) {
    if (!s.bool("passkeys", false)) {
      return false;
    }
    String origin = s.get(AuthSettings.PUBLIC_ORIGIN).orElse("");
    try {
      Passkeys.builder(new InMemoryPasskeyStore(), URI.create(origin), "check");
    } catch (IllegalArgumentException e) {
      throw new AuthException("setting '" + s.fullName("passkeys") + "': " + e.getMessage(), e);
    }
    return true;
  }

  /** {@code <publicOrigin><contextPath>}: where links in mails point. */
  private static URI publicBase(AuthSettings s) {
    String origin =
        s.get(AuthSettings.PUBLIC_ORIGIN)
            .orElseThrow(
                () ->
                    new AuthException(
                        "the standard provider needs '"
                            + AuthSettings.PUBLIC_ORIGIN
                            + "' (https://app.example.com): links in mails and social login's"
                            + " callbacks are absolute"));
    return URI.create(origin.replaceAll("/+$", "") + s.string(AuthSettings.CONTEXT_PATH, ""));
  }

  /** Social login's settings, its callbacks under the auth API at the public base unless {@code social.callbackBase} says. */
  private static AuthSettings socialSettings(AuthSettings s, URI publicBase) {
    return s.get("social.callbackBase").isPresent()
        ? s
        : s.with("social.callbackBase", publicBase + s.string(AuthSettings.API_PATH, "/auth"));
  }

  /** The token provider's own settings: all but the stores', the mail's, the accounts', social login's and the events'. */
  private static AuthSettings tokenSettings(AuthSettings s) {
    AuthSettings t =
        s.without("store")
            .withoutPrefix("jdbc.")
            .withoutPrefix("mail.")
            .withoutPrefix("accounts.")
            .withoutPrefix("social.")
            .withoutPrefix("issuers.")
            .without("issuers")
            .withoutPrefix("mfa.")
            .withoutPrefix("events.")
            .without("passkeys");
    return t.without("users");
  }

  private static void seed(AuthSettings s, Stores stores, PasswordHasher hasher, String text) {
    try {
      int created =
          UsersFile.seed(
              stores.accounts(),
              hasher,
              text,
              s.string("accounts.defaultTenant", ""),
              Instant.now());
      if (created > 0) {
        LOG.log(
            System.Logger.Level.WARNING,
            "created "
                + created
                + " account(s) from the users file of '"
                + s.fullName("users")
                + "': demo accounts with known passwords, for development only");
      }
    } catch (IllegalArgumentException e) {
      throw new AuthException("setting '" + s.fullName("users") + "': " + e.getMessage(), e);
    }
  }

  private static Accounts accounts(
      AuthSettings s,
      Stores stores,
      Mailer mailer,
      PasswordHasher hasher,
      URI publicBase,
      AuthEventListener events) {
    Accounts.Builder b =
        Accounts.builder(stores.accounts(), mailer, publicBase)
            .hasher(hasher)
            .events(events)
            .loginPath(s.string(AuthSettings.LOGIN_PATH, "/login"))
            .externalLinking(s.bool("accounts.externalLinking", false))
            .externalRegistration(s.bool("accounts.externalRegistration", true));
    s.get("accounts.defaultTenant").ifPresent(b::defaultTenant);
    if (s.keys().contains("accounts.openRegistration")
        || s.get("accounts.openRegistration").isPresent()) {
      // set and empty: registration closed (everyone joins by invitation)
      b.openRegistration(Set.copyOf(s.list("accounts.openRegistration")));
    }
    b.defaultPermissions(Set.copyOf(s.list("accounts.defaultPermissions")));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new AuthException("accounts settings: " + e.getMessage(), e);
    }
  }
}
