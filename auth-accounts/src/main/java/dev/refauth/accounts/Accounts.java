package dev.refauth.accounts;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.Permissions;
import dev.refauth.core.TenantResolver;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.ClassLoading;
import dev.refauth.core.internal.Redirects;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.ExternalAccounts;
import dev.refauth.core.spi.ExternalIdentity;
import dev.refauth.core.spi.IdentityCacheAware;
import dev.refauth.core.spi.SelfService;
import dev.refauth.core.spi.UserDirectory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Accounts: sign-in with Argon2id and brute-force protection, and the flows behind Refine's
 * {@code register}, {@code forgotPassword} and {@code updatePassword}, over an {@link AccountStore} and a
 * {@link Mailer}.
 *
 * <ul>
 *   <li><b>Sign-in</b>: an unknown email costs the same as a wrong password (a dummy hash) and answers the
 *       same; a hash made with older parameters is replaced on success. Failures are counted as {@link LoginLimits}
 *       says (per account, per address and account, per address), in the store so they hold across nodes; a client
 *       that must wait is told so ({@link UserDirectory.SignIn.Throttled}, the same for known and unknown accounts).
 *       A browser that signed in before is recognized by a device token (kept hashed, 90 days) and counted on its own,
 *       so that guesses from elsewhere do not lock its owner out.
 *   <li><b>register</b>: only into the tenants open to self-registration ({@linkplain Builder#openRegistration
 *       default: the default tenant}); everyone else joins by {@linkplain #invite invitation}. A valid address and an
 *       acceptable password ({@link PasswordPolicy}); only {@code email}, {@code password} and {@code name} are read
 *       (no mass assignment). The answer is the same whether or not the address exists; the owner of an existing
 *       address gets a notice instead, at most one an hour.
 *   <li><b>forgotPassword</b>: always the same answer, in the same time (everything about a known account runs off
 *       the request thread); an existing account gets a single-use reset link (256-bit token, stored hashed, 30
 *       minutes), built from the configured public base URL, never from the request's {@code Host}; at most 3 per
 *       account an hour.
 *   <li><b>Social sign-in</b> ({@link #signInExternal}): the account linked to {@code (tenant, issuer,
 *       subject)}; else, only when the provider asserts the email verified, an existing account with that
 *       email is linked if {@linkplain Builder#externalLinking linking} is allowed (off by default), or a new
 *       account is created if {@linkplain Builder#externalRegistration sign-up} is allowed (on by default) and the
 *       tenant is open to self-registration. An account created this way has no password until its owner sets one
 *       through "forgot password".
 *   <li><b>updatePassword</b>: with the reset {@code token} from the link ({@link #resetPassword}) or, signed in,
 *       with the {@code currentPassword} ({@link #changePassword}; a wrong one counts as a failed sign-in, and is
 *       refused while the account waits); the caller ends every session of the account, and a notice is mailed. A
 *       reset ends the account's lock.
 * </ul>
 * No mail carries text a user typed: a mail may go to someone else's address.
 */
public final class Accounts
    implements UserDirectory, ExternalAccounts, SelfService, IdentityCacheAware, AutoCloseable {

  private final AccountsContext context;
  private final String defaultTenant;
  private final SignIns signIns;
  private final Registration registration;
  private final ResetLinks resetLinks;
  private final PasswordUpdates passwords;
  private final ExternalLinks externalLinks;

  /** The outcome of {@link #invite}. */
  public sealed interface Invitation {
    /** The account was created without a password, and its owner was mailed a link to choose one. */
    record Sent(Account account) implements Invitation {}

    /** The tenant has an account with this email already; nothing changed. */
    enum Taken implements Invitation {
      INSTANCE
    }

    /** The email, tenant or a permission is not valid; nothing changed. */
    record Invalid(String reason) implements Invitation {}
  }

  private Accounts(Builder b) {
    this.defaultTenant = b.defaultTenant;
    this.context =
        new AccountsContext(
            b.store,
            b.hasher,
            b.clock,
            b.texts,
            new Background(Optional.ofNullable(b.background), b.mailer),
            withEvents(
                b.audit,
                b.events != null
                    ? b.events
                    : AuthEventListener.discovered(ClassLoading.contextOr(Accounts.class))),
            b.publicBaseUrl,
            b.loginPath,
            b.forgotPasswordPath,
            b.resetPath);
    Set<String> openRegistration = Set.copyOf(b.openRegistration.orElse(Set.of(b.defaultTenant)));
    LoginThrottle throttle = new LoginThrottle(b.store, b.limits);
    this.signIns = new SignIns(context, throttle, b.defaultTenant, b.deviceLifetime);
    this.registration =
        new Registration(
            context, b.defaultTenant, openRegistration, b.defaultPermissions, b.inviteTtl);
    this.resetLinks = new ResetLinks(context, b.defaultTenant, b.resetTtl, b.resetsPerHour);
    this.passwords = new PasswordUpdates(context, signIns, throttle);
    this.externalLinks =
        new ExternalLinks(
            context,
            b.externalLinking,
            b.externalRegistration ? openRegistration : Set.of(),
            b.defaultPermissions);
  }

  /**
   * @param publicBaseUrl the application's public URL ({@code https://app.example.com}); reset links are
   *     built from it, never from request headers
   */
  public static Builder builder(AccountStore store, Mailer mailer, URI publicBaseUrl) {
    return new Builder(store, mailer, publicBaseUrl);
  }

  @Override
  public Optional<Authentication> authenticate(String login, String password, AuthRequest request) {
    return attempt(login, password, request) instanceof SignIn.Success ok
        ? Optional.of(ok.authentication())
        : Optional.empty();
  }

  /** A sign-in in the request's tenant, else the {@linkplain Builder#defaultTenant default tenant}. */
  @Override
  public SignIn attempt(String login, String password, AuthRequest request) {
    return signIns.attempt(login, password, request);
  }

  /** Whether the account has a password (one made by a social sign-in or an invitation not yet taken has none). */
  @Override
  public boolean hasPassword(String subject) {
    return context
        .store()
        .findById(subject)
        .map(a -> !a.passwordHash().equals(AccountsContext.NO_PASSWORD))
        .orElse(true);
  }

  @Override
  public Optional<Authentication> find(String subject, String tenant) {
    return context
        .store()
        .findById(subject)
        .filter(a -> a.status() == Account.Status.ACTIVE)
        .filter(a -> tenant.isEmpty() || a.tenant().equals(tenant))
        .map(AccountsContext::authentication);
  }

  /** A social sign-in in the request's tenant, else the {@linkplain Builder#defaultTenant default tenant}. */
  @Override
  public Optional<Authentication> signInExternal(ExternalIdentity ext, AuthRequest request) {
    return externalLinks.signIn(
        ext, request.tenant().orElse(defaultTenant), request.remoteAddress());
  }

  /**
   * Refine's {@code register}: only into a tenant open to self-registration (else 403, nothing stored or sent); the
   * same answer, in about the same time, whether or not the address is taken.
   */
  @Override
  public AuthActionResponse register(AuthParams params, AuthRequest request) {
    return registration.register(params, request);
  }

  /** Refine's {@code forgotPassword}: always the same answer, in the same time (the work for a known account runs in the background). */
  @Override
  public AuthActionResponse forgotPassword(AuthParams params, AuthRequest request) {
    return resetLinks.forgotPassword(params, request);
  }

  /**
   * Invites someone into {@code tenant}: an account without a password, with these permissions, and a mail with a
   * single-use link (the reset page, {@linkplain Builder#inviteTtl valid 7 days by default}) to choose one. For an
   * administrator's API; deciding who may invite whom, with which permissions, is the caller's.
   *
   * @param clientAddress the administrator's address, for the audit event
   */
  public Invitation invite(
      String email, Set<String> permissions, String tenant, String clientAddress) {
    return registration.invite(email, permissions, tenant, clientAddress);
  }

  /**
   * Refine's {@code updatePassword} with {@code token} from a reset or invitation link (without one: 401).
   * {@code confirmPassword}, when sent, must equal {@code password}.
   */
  @Override
  public PasswordChange resetPassword(AuthParams params, AuthRequest request) {
    return passwords.reset(params, request);
  }

  /**
   * Refine's {@code updatePassword} with {@code currentPassword}, {@code caller} signed in. {@code confirmPassword},
   * when sent, must equal {@code password}.
   */
  @Override
  public PasswordChange changePassword(
      AuthParams params, AuthRequest request, Authentication caller) {
    return passwords.change(params, request, caller);
  }

  /**
   * A listener that mails an account's owner when its second factor changes or one of its recovery codes is used
   * ({@link MailTexts#secondFactorChanged}), off the request thread; other events are ignored. Give it to the second
   * factor's battery ({@code SecondFactors.Builder#events}).
   */
  public AuthEventListener ownerNotices() {
    return event -> {
      boolean notice =
          switch (event.type()) {
            case SECOND_FACTOR_ADDED,
                SECOND_FACTOR_REMOVED,
                RECOVERY_CODE_USED,
                RECOVERY_CODES_RENEWED ->
                true;
            default -> false;
          };
      if (!notice || event.subject().isEmpty()) {
        return;
      }
      context
          .store()
          .findById(event.subject().get())
          .ifPresent(
              a ->
                  context
                      .background()
                      .mail(
                          AccountsContext.mail(
                              a.email(),
                              context
                                  .texts()
                                  .secondFactorChanged(
                                      event.type(), context.link(context.forgotPasswordPath())))));
    };
  }

  /** The store, for administration (permissions, status). */
  public AccountStore store() {
    return context.store();
  }

  /** Hands {@code cache} to the store, when the store evicts what it changes itself (the in-memory one). */
  @Override
  public void useIdentityCache(IdentityCache cache) {
    if (store() instanceof IdentityCacheAware aware) {
      aware.useIdentityCache(cache);
    }
  }

  /**
   * Stops the background thread this instance started (mails already queued are sent first, for up to 5 seconds); an
   * executor the application gave ({@link Builder#background}) is the application's to stop.
   */
  @Override
  public void close() {
    context.background().close();
  }

  /** The audit listener, then the event listeners with the audit events that are {@link AuthEvent}s. */
  private static AuditEvent.Listener withEvents(
      AuditEvent.Listener audit, AuthEventListener events) {
    return e -> {
      try {
        audit.onEvent(e);
      } finally {
        events.onEvent(asAuthEvent(e));
      }
    };
  }

  /** Every audit event as the {@link AuthEvent} the application's listeners hear. */
  static AuthEvent asAuthEvent(AuditEvent e) {
    AuthEvent.Type type =
        switch (e.type()) {
          case LOGIN_SUCCESS, SOCIAL_LOGIN, SOCIAL_LINKED -> AuthEvent.Type.SIGNED_IN;
          case LOGIN_FAILURE, SOCIAL_REFUSED -> AuthEvent.Type.SIGN_IN_FAILED;
          case LOCKOUT -> AuthEvent.Type.LOCKED_OUT;
          case LOGIN_THROTTLED -> AuthEvent.Type.THROTTLED;
          case PASSWORD_CHANGED -> AuthEvent.Type.PASSWORD_CHANGED;
          case PASSWORD_CHANGE_FAILURE -> AuthEvent.Type.PASSWORD_CHANGE_FAILED;
          case RESET_REQUESTED -> AuthEvent.Type.RESET_REQUESTED;
          case REGISTERED, SOCIAL_REGISTERED -> AuthEvent.Type.REGISTERED;
          // one type for both: the trail must not tell who has an account
          case REGISTER_EXISTING, REGISTER_REFUSED -> AuthEvent.Type.REGISTRATION_REFUSED;
          case INVITED -> AuthEvent.Type.INVITED;
        };
    AuthEvent.Method method =
        switch (e.type()) {
          case SOCIAL_LOGIN, SOCIAL_LINKED, SOCIAL_REFUSED, SOCIAL_REGISTERED ->
              AuthEvent.Method.SOCIAL;
          default -> type.defaultMethod();
        };
    // an existing address's registration names no account: the same event as a refused tenant
    Optional<String> subject =
        e.type() == AuditEvent.Type.REGISTER_EXISTING ? Optional.empty() : e.accountId();
    return new AuthEvent(type, subject, e.tenant(), e.remoteAddress(), e.at()).withMethod(method);
  }

  /** Builds {@link Accounts}. */
  public static final class Builder {
    private final AccountStore store;
    private final Mailer mailer;
    private final URI publicBaseUrl;
    private PasswordHasher hasher = PasswordHasher.argon2id();
    private Clock clock = Clock.systemUTC();
    private String resetPath = "/reset-password";
    private String forgotPasswordPath = "/forgot-password";
    private MailTexts texts = MailTexts.english();
    private String loginPath = "/login";
    private String defaultTenant = "";
    private Optional<Set<String>> openRegistration = Optional.empty();
    private Set<String> defaultPermissions = Set.of();
    private LoginLimits limits = LoginLimits.defaults();
    private Duration resetTtl = Duration.ofMinutes(30);
    private Duration inviteTtl = Duration.ofDays(7);
    private Duration deviceLifetime = Duration.ofDays(90);
    private int resetsPerHour = 3;
    private AuditEvent.Listener audit = e -> {};
    private @Nullable AuthEventListener events;
    private boolean externalLinking;
    private boolean externalRegistration = true;
    private @Nullable Executor background;

    private Builder(AccountStore store, Mailer mailer, URI publicBaseUrl) {
      if (store == null || mailer == null || publicBaseUrl == null) {
        throw new IllegalArgumentException("store, mailer and publicBaseUrl are required");
      }
      String scheme = publicBaseUrl.getScheme();
      Checks.require(
          ("https".equals(scheme) || "http".equals(scheme))
              && publicBaseUrl.getHost() != null
              && publicBaseUrl.getRawQuery() == null
              && publicBaseUrl.getRawFragment() == null,
          "publicBaseUrl must be an absolute http(s) URL without query, e.g. https://app.example.com");
      this.store = store;
      this.mailer = mailer;
      this.publicBaseUrl = publicBaseUrl;
    }

    /** How passwords are hashed (default {@link PasswordHasher#argon2id()}). */
    public Builder hasher(PasswordHasher hasher) {
      this.hasher = Checks.notNull(hasher, "hasher");
      return this;
    }

    /** The clock of links, counters and audit events (tests move it). */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** The page a reset or invitation link opens, a path inside the application (default {@code /reset-password}). */
    public Builder resetPath(String path) {
      this.resetPath = Redirects.localPath(path, "resetPath");
      return this;
    }

    /** The page to ask for a reset link, shown in mails (default {@code /forgot-password}). */
    public Builder forgotPasswordPath(String path) {
      this.forgotPasswordPath = Redirects.localPath(path, "forgotPasswordPath");
      return this;
    }

    /** Where users sign in: the success answers' {@code redirectTo} and the link in mails (default {@code /login}). */
    public Builder loginPath(String path) {
      this.loginPath = Redirects.localPath(path, "loginPath");
      return this;
    }

    /** What the mails say (default {@link MailTexts#english()}). */
    public Builder mailTexts(MailTexts texts) {
      this.texts = Checks.notNull(texts, "texts");
      return this;
    }

    /** {@code ""} (no tenant) or a tenant id. */
    private static boolean isTenant(String tenant) {
      return tenant.isEmpty() || TenantResolver.TENANT_ID.matcher(tenant).matches();
    }

    /** The tenant of new accounts and of sign-ins that name none (default {@code ""}: single tenant). */
    public Builder defaultTenant(String tenant) {
      Checks.require(isTenant(tenant), "defaultTenant: '%s' is not a tenant id", tenant);
      this.defaultTenant = tenant;
      return this;
    }

    /** The permissions a newly registered account gets (default none). */
    public Builder defaultPermissions(Set<String> permissions) {
      Permissions.of(List.copyOf(permissions)); // validates
      this.defaultPermissions = permissions;
      return this;
    }

    /**
     * The tenants anyone may join by registering (and by social sign-up); default: only the {@linkplain #defaultTenant
     * default tenant}. Everyone else joins by {@linkplain Accounts#invite invitation}. An empty set closes registration.
     */
    public Builder openRegistration(Set<String> tenants) {
      tenants.forEach(
          t -> Checks.require(isTenant(t), "openRegistration: '%s' is not a tenant id", t));
      this.openRegistration = Optional.of(Set.copyOf(tenants));
      return this;
    }

    /** When a client must wait, and for how long ({@link LoginLimits#defaults()}). */
    public Builder limits(LoginLimits limits) {
      this.limits = Checks.notNull(limits, "limits");
      return this;
    }

    /**
     * How long a browser that signed in is recognized (default 90 days): its own failure counter, untouched by guesses
     * from elsewhere. One row per browser and account, purged when it expires.
     */
    public Builder deviceLifetime(Duration lifetime) {
      Checks.require(
          lifetime.compareTo(Duration.ofDays(1)) >= 0
              && lifetime.compareTo(Duration.ofDays(400)) <= 0,
          "deviceLifetime must be from 1 day to 400 days");
      this.deviceLifetime = lifetime;
      return this;
    }

    /** How long an invitation's link works (default 7 days). */
    public Builder inviteTtl(Duration ttl) {
      Checks.require(
          !ttl.isNegative() && !ttl.isZero() && ttl.compareTo(Duration.ofDays(30)) <= 0,
          "inviteTtl must be from 1 s to 30 days");
      this.inviteTtl = ttl;
      return this;
    }

    /**
     * Whether a social identity whose verified email matches an existing account is linked to it (default
     * {@code false}: the person signs in with the password, which proves the account is theirs). Turn it on
     * only for providers you trust to verify email addresses.
     */
    public Builder externalLinking(boolean allow) {
      this.externalLinking = allow;
      return this;
    }

    /** Whether a social identity with a verified email and no account gets a new one (default {@code true}). */
    public Builder externalRegistration(boolean allow) {
      this.externalRegistration = allow;
      return this;
    }

    /**
     * Hears this battery's detailed audit events (by default nobody). The audit trail is the {@link AuthEvent}s every
     * event also becomes ({@link #events}): {@code auth-audit} writes them as JSON lines, an {@code AuthEventStore}
     * keeps them; {@link AuditEvent.Listener#log()} writes these as text lines instead.
     */
    public Builder audit(AuditEvent.Listener listener) {
      this.audit = Checks.notNull(listener, "listener");
      return this;
    }

    /**
     * Who hears of sign-ins, refusals, lockouts, password changes and registrations as {@link AuthEvent}s; by default
     * the {@link AuthEventListener}s registered with {@code ServiceLoader} (with {@code auth-cdi}: CDI events).
     */
    public Builder events(AuthEventListener listener) {
      this.events = listener;
      return this;
    }

    /**
     * Where mail, audit events and the work for a known address run, off the request thread (default one thread with a
     * bounded queue); tests may pass {@code Runnable::run}.
     */
    public Builder background(Executor executor) {
      this.background = Checks.notNull(executor, "executor");
      return this;
    }

    public Accounts build() {
      return new Accounts(this);
    }
  }
}
