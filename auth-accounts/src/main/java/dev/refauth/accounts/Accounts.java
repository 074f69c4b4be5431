package dev.refauth.accounts;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.Notification;
import dev.refauth.core.Permissions;
import dev.refauth.core.TenantResolver;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.Redirects;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.core.spi.ExternalAccounts;
import dev.refauth.core.spi.ExternalIdentity;
import dev.refauth.core.spi.SelfService;
import dev.refauth.core.spi.UserDirectory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
public final class Accounts implements UserDirectory, ExternalAccounts, SelfService, AutoCloseable {

  private final AccountStore store;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final URI publicBaseUrl;
  private final String resetPath;
  private final String forgotPasswordPath;
  private final MailTexts texts;
  private final String loginPath;
  private final String defaultTenant;
  private final Set<String> openRegistration;
  private final Set<String> defaultPermissions;
  private final LoginThrottle throttle;
  private final Duration resetTtl;
  private final Duration inviteTtl;
  private final Duration deviceLifetime;
  private final int resetsPerHour;
  private final AuditEvent.Listener audit;
  private final ExternalLinks externalLinks;
  private final Background background;

  /** Browsers remembered per account: a client that keeps no cookie (a script) replaces the oldest, it adds no rows. */
  static final int DEVICES_PER_ACCOUNT = 20;

  /** The password hash of an account created by social sign-in: matches no password. */
  static final String NO_PASSWORD = "!none";

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
    this.store = b.store;
    this.hasher = b.hasher;
    this.clock = b.clock;
    this.publicBaseUrl = b.publicBaseUrl;
    this.resetPath = b.resetPath;
    this.forgotPasswordPath = b.forgotPasswordPath;
    this.texts = b.texts;
    this.loginPath = b.loginPath;
    this.defaultTenant = b.defaultTenant;
    this.openRegistration = Set.copyOf(b.openRegistration.orElse(Set.of(b.defaultTenant)));
    this.defaultPermissions = Set.copyOf(b.defaultPermissions);
    this.throttle = new LoginThrottle(b.store, b.limits);
    this.resetTtl = b.resetTtl;
    this.inviteTtl = b.inviteTtl;
    this.deviceLifetime = b.deviceLifetime;
    this.resetsPerHour = b.resetsPerHour;
    this.audit = b.audit;
    this.externalLinks =
        new ExternalLinks(
            store,
            clock,
            this::emit,
            b.externalLinking,
            b.externalRegistration ? openRegistration : Set.of(),
            defaultPermissions);
    this.background = new Background(Optional.ofNullable(b.background), b.mailer);
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
    Instant now = clock.instant();
    String t = request.tenant().orElse(defaultTenant);
    Optional<String> email = EmailAddresses.normalize(login);
    if (password == null || password.isEmpty() || password.length() > PasswordPolicy.MAX_LENGTH) {
      return SignIn.Refused.INSTANCE;
    }
    String address = request.remoteAddress();
    LoginThrottle.Attempt counters = counters(t, email.orElse("?"), request, now);
    Optional<Duration> wait = counters.waitAt(now);
    // not checked, not counted, the same for every account: nothing to learn, nothing to extend
    if (wait.isPresent()) {
      emit(AuditEvent.Type.LOGIN_THROTTLED, Optional.empty(), t, address, now);
      return new SignIn.Throttled(wait.get());
    }
    Optional<Account> account = email.flatMap(e -> store.findByEmail(t, e));
    boolean ok;
    if (account.isEmpty()) {
      hasher.verifyDummy(password);
      ok = false;
    } else {
      String hash = account.get().passwordHash();
      if (PasswordHasher.isHash(hash)) {
        ok = hasher.verify(password, hash) && account.get().status() == Account.Status.ACTIVE;
      } else {
        hasher.verifyDummy(
            password); // a social-only account has no password: same cost, same answer
        ok = false;
      }
    }
    if (!ok) {
      boolean locked = counters.failed(now);
      emit(AuditEvent.Type.LOGIN_FAILURE, account.map(Account::id), t, address, now);
      if (locked) {
        emit(AuditEvent.Type.LOCKOUT, account.map(Account::id), t, address, now);
      }
      return SignIn.Refused.INSTANCE;
    }
    Account acc = account.get();
    counters.succeeded();
    if (hasher.needsRehash(acc.passwordHash())) {
      store.rehashPassword(acc.id(), hasher.hash(password), now);
    }
    emit(AuditEvent.Type.LOGIN_SUCCESS, Optional.of(acc.id()), t, address, now);
    if (counters.knownDevice()) {
      return new SignIn.Success(toAuthentication(acc));
    }
    String device =
        SecureTokens.random(32); // from now on this browser is told apart from everyone else
    store.rememberDevice(
        IdentityCache.digest(device), acc.id(), now.plus(deviceLifetime), DEVICES_PER_ACCOUNT);
    return new SignIn.Success(
        toAuthentication(acc), Optional.of(new SignIn.Device(device, deviceLifetime)));
  }

  /**
   * The counters of a sign-in: a browser that signed in to this account before ({@link UserDirectory#DEVICE_COOKIE})
   * has its own; everyone else shares the account's, the address and account pair's and the address's. The device is
   * looked up whenever a cookie is sent, known account or not, so that the lookup tells nothing.
   */
  private LoginThrottle.Attempt counters(
      String tenant, String email, AuthRequest request, Instant now) {
    Optional<String> device =
        request
            .singleCookie("__Host-" + DEVICE_COOKIE)
            .or(() -> request.singleCookie(DEVICE_COOKIE))
            .filter(v -> v.length() <= 100)
            .map(IdentityCache::digest);
    boolean known =
        device
            .flatMap(d -> store.deviceAccount(d, now))
            .flatMap(store::findById)
            .filter(a -> a.tenant().equals(tenant) && a.email().equals(email))
            .isPresent();
    return known
        ? throttle.knownDevice(tenant, email, device.get())
        : throttle.attempt(tenant, email, request.remoteAddress());
  }

  @Override
  public Optional<Authentication> find(String subject, String tenant) {
    return store
        .findById(subject)
        .filter(a -> a.status() == Account.Status.ACTIVE)
        .filter(a -> tenant.isEmpty() || a.tenant().equals(tenant))
        .map(Accounts::toAuthentication);
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
  public AuthActionResponse register(AuthParams params, AuthRequest request) {
    Instant now = clock.instant();
    String tenant =
        request
            .tenant()
            .orElse(defaultTenant); // from the request's resolution, never from the body
    String address = request.remoteAddress();
    if (!openRegistration.contains(tenant)) {
      emit(AuditEvent.Type.REGISTER_REFUSED, Optional.empty(), tenant, address, now);
      return AuthActionResponse.failure(
          AuthError.of(
              "RegisterError",
              "Accounts here are by invitation. Ask an administrator of your organisation to invite you.",
              403));
    }
    Optional<String> email = params.email().flatMap(EmailAddresses::normalize);
    if (email.isEmpty()) {
      return AuthActionResponse.failure(
          AuthError.of("RegisterError", "Enter a valid email address.", 400));
    }
    String password = params.password().orElse("");
    Optional<String> problem = PasswordPolicy.problem(password);
    if (problem.isPresent()) {
      return AuthActionResponse.failure(AuthError.of("RegisterError", problem.get(), 400));
    }
    String name =
        params
            .string("name")
            .map(String::strip)
            .filter(n -> !n.isEmpty() && n.length() <= 100)
            .orElse(email.get());
    Account account =
        new Account(
            UUID.randomUUID().toString(),
            tenant,
            email.get(),
            name,
            Optional.empty(),
            hasher.hash(password),
            Account.Status.ACTIVE,
            defaultPermissions,
            now,
            now);
    boolean created = store.create(account);
    background.run(
        () -> { // the rest, for a new or an existing address alike, off the request thread
          if (created) {
            emit(AuditEvent.Type.REGISTERED, Optional.of(account.id()), tenant, address, now);
            background.send(mail(email.get(), texts.welcome(link(loginPath))));
            return;
          }
          emit(
              AuditEvent.Type.REGISTER_EXISTING,
              store.findByEmail(tenant, email.get()).map(Account::id),
              tenant,
              address,
              now);
          if (LoginThrottle.allow(
              store,
              LoginThrottle.key("mail-taken", tenant, email.get()),
              1,
              Duration.ofHours(1),
              now)) {
            background.send(
                mail(
                    email.get(),
                    texts.registrationAttempt(link(loginPath), link(forgotPasswordPath))));
          }
        });
    return AuthActionResponse.success(loginPath)
        .withSuccessNotification(
            Notification.of("Check your inbox", "We sent a message to " + email.get() + "."));
  }

  /** Refine's {@code forgotPassword}: always the same answer, in the same time (the work for a known account runs in the background). */
  public AuthActionResponse forgotPassword(AuthParams params, AuthRequest request) {
    AuthActionResponse same =
        AuthActionResponse.success(loginPath)
            .withSuccessNotification(
                Notification.of(
                    "Check your inbox",
                    "If an account exists for this address, we sent a link to reset the password."));
    Optional<String> email = params.email().flatMap(EmailAddresses::normalize);
    Optional<String> tenant = request.tenant().or(params::tenantId);
    if (email.isEmpty()
        || tenant.filter(t -> !TenantResolver.TENANT_ID.matcher(t).matches()).isPresent()) {
      return same;
    }
    Instant now = clock.instant();
    String t = tenant.orElse(defaultTenant);
    String address = request.remoteAddress();
    background.run(() -> sendResetLink(t, email.get(), address, now));
    return same;
  }

  /**
   * The background half of forgot-password. Known and unknown addresses cost the same here too (a counter per address,
   * then a lookup while under it): background work competes with request threads for the CPU, so a difference would
   * show in the answers' timing.
   */
  private void sendResetLink(String tenant, String email, String address, Instant now) {
    if (!LoginThrottle.allow(
        store,
        LoginThrottle.key("reset", tenant, email),
        resetsPerHour,
        Duration.ofHours(1),
        now)) {
      return;
    }
    Optional<Account> account =
        store.findByEmail(tenant, email).filter(a -> a.status() == Account.Status.ACTIVE);
    if (account.isEmpty()) {
      return;
    }
    Account a = account.get();
    String link = newPasswordLink(a.id(), now.plus(resetTtl));
    emit(AuditEvent.Type.RESET_REQUESTED, Optional.of(a.id()), a.tenant(), address, now);
    background.send(mail(a.email(), texts.resetLink(link, resetTtl)));
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
    Optional<String> normalized = EmailAddresses.normalize(email);
    if (normalized.isEmpty()) {
      return new Invitation.Invalid("Enter a valid email address.");
    }
    if (tenant == null
        || !(tenant.isEmpty() || TenantResolver.TENANT_ID.matcher(tenant).matches())) {
      return new Invitation.Invalid("Not a tenant id.");
    }
    try {
      Permissions.of(List.copyOf(permissions));
    } catch (IllegalArgumentException e) {
      return new Invitation.Invalid("Not a permission: " + e.getMessage());
    }
    Instant now = clock.instant();
    Account account =
        new Account(
            UUID.randomUUID().toString(),
            tenant,
            normalized.get(),
            normalized.get(),
            Optional.empty(),
            NO_PASSWORD,
            Account.Status.ACTIVE,
            permissions,
            now,
            now);
    if (!store.create(account)) {
      return Invitation.Taken.INSTANCE;
    }
    String link = newPasswordLink(account.id(), now.plus(inviteTtl));
    emit(AuditEvent.Type.INVITED, Optional.of(account.id()), tenant, clientAddress, now);
    background.mail(mail(account.email(), texts.invitation(link, inviteTtl)));
    return new Invitation.Sent(account);
  }

  /**
   * Refine's {@code updatePassword} with {@code token} from a reset or invitation link (without one: 401).
   * {@code confirmPassword}, when sent, must equal {@code password}.
   */
  @Override
  public PasswordChange resetPassword(AuthParams params, AuthRequest request) {
    String password = params.password().orElse("");
    Optional<PasswordChange> refused = refusal(params, password);
    if (refused.isPresent()) {
      return refused.get();
    }
    Instant now = clock.instant();
    String address = request.remoteAddress();
    Optional<String> token = params.token();
    if (token.isEmpty()) {
      return failed("Sign in, or use the link we mailed you.", 401);
    }
    String hash = IdentityCache.digest(token.get());
    Optional<Account> account =
        token
            .filter(v -> v.length() <= 200)
            .flatMap(v -> store.resetTokenAccount(hash, now))
            .flatMap(store::findById)
            .filter(
                a -> a.status() == Account.Status.ACTIVE) // a disabled account's link does nothing
            .filter(
                a ->
                    request
                        .tenant()
                        .map(a.tenant()::equals)
                        .orElse(true)) // a reset token of tenant A never works for B
            .filter(
                a ->
                    store
                        .consumeResetToken(hash, now)
                        .equals(Optional.of(a.id()))); // checked first, then used once
    if (account.isEmpty()) {
      return failed("This reset link is invalid or has expired. Ask for a new one.", 400);
    }
    throttle
        .attempt(account.get().tenant(), account.get().email(), address)
        .succeeded(); // the owner proved the mailbox: the lock ends
    return changed(account.get(), password, address, now);
  }

  /**
   * Refine's {@code updatePassword} with {@code currentPassword}, {@code caller} signed in. {@code confirmPassword},
   * when sent, must equal {@code password}.
   */
  @Override
  public PasswordChange changePassword(
      AuthParams params, AuthRequest request, Authentication caller) {
    String password = params.password().orElse("");
    Optional<PasswordChange> refused = refusal(params, password);
    if (refused.isPresent()) {
      return refused.get();
    }
    Instant now = clock.instant();
    String address = request.remoteAddress();
    Optional<Account> found = store.findById(caller.identity().id());
    if (found.isEmpty()) {
      return failed("Sign in, or use the link we mailed you.", 401);
    }
    Account account = found.get();
    LoginThrottle.Attempt counters = counters(account.tenant(), account.email(), request, now);
    Optional<Duration> wait = counters.waitAt(now);
    if (wait.isPresent()) {
      emit(
          AuditEvent.Type.LOGIN_THROTTLED,
          Optional.of(account.id()),
          account.tenant(),
          address,
          now);
      return new PasswordChange(AuthActionResponse.tooManyAttempts(wait.get()), Optional.empty());
    }
    String currentPassword = params.string("currentPassword").orElse("");
    if (!hasher.verify(
        currentPassword,
        account.passwordHash())) { // a guess at the password, like a failed sign-in
      boolean locked = counters.failed(now);
      emit(
          AuditEvent.Type.PASSWORD_CHANGE_FAILURE,
          Optional.of(account.id()),
          account.tenant(),
          address,
          now);
      if (locked) {
        emit(AuditEvent.Type.LOCKOUT, Optional.of(account.id()), account.tenant(), address, now);
      }
      return failed("The current password is not correct.", 400);
    }
    return changed(account, password, address, now);
  }

  /** The refusal of a new password: {@code confirmPassword}, when sent, must equal it, and it must pass the policy. */
  private static Optional<PasswordChange> refusal(AuthParams params, String password) {
    if (params.string("confirmPassword").filter(c -> !c.equals(password)).isPresent()) {
      return Optional.of(failed("The passwords do not match.", 400));
    }
    return PasswordPolicy.problem(password).map(problem -> failed(problem, 400));
  }

  private PasswordChange changed(Account a, String password, String address, Instant now) {
    store.updatePasswordHash(a.id(), hasher.hash(password), now);
    emit(AuditEvent.Type.PASSWORD_CHANGED, Optional.of(a.id()), a.tenant(), address, now);
    background.mail(mail(a.email(), texts.passwordChanged(link(forgotPasswordPath))));
    return new PasswordChange(
        AuthActionResponse.success(loginPath)
            .withSuccessNotification(
                Notification.of("Password changed", "Sign in with your new password.")),
        Optional.of(a.id()));
  }

  /** The store, for administration (permissions, status). */
  public AccountStore store() {
    return store;
  }

  private static PasswordChange failed(String message, int status) {
    return new PasswordChange(
        AuthActionResponse.failure(AuthError.of("UpdatePasswordError", message, status)),
        Optional.empty());
  }

  static Authentication toAuthentication(Account a) {
    Identity.Builder id = Identity.builder(a.id()).name(a.displayName()).email(a.email());
    a.avatar().ifPresent(id::avatar);
    if (!a.tenant().isEmpty()) {
      id.tenant(a.tenant());
    }
    return Authentication.of(
        id.build(),
        Permissions.of(
            List.copyOf(new java.util.TreeSet<>(a.permissions())))); // sorted: a stable order
  }

  /** A single-use link to the reset page, valid until {@code expiresAt}; only the token's hash is stored. */
  private String newPasswordLink(String accountId, Instant expiresAt) {
    String token = SecureTokens.random(32);
    store.createResetToken(IdentityCache.digest(token), accountId, expiresAt);
    return link(resetPath) + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** An absolute link to a page of the application: the public base URL (with any context path) and the path. */
  private String link(String path) {
    return publicBaseUrl.toString().replaceAll("/+$", "") + path;
  }

  private static Mailer.Mail mail(String to, MailTexts.Text text) {
    return new Mailer.Mail(to, text.subject(), text.body());
  }

  private void emit(
      AuditEvent.Type type,
      Optional<String> accountId,
      String tenant,
      String address,
      Instant now) {
    try {
      audit.onEvent(new AuditEvent(type, accountId, tenant, address, now));
    } catch (RuntimeException ignored) {
      // an audit listener must not break sign-in
    }
  }

  /**
   * Stops the background thread this instance started (mails already queued are sent first, for up to 5 seconds); an
   * executor the application gave ({@link Builder#background}) is the application's to stop.
   */
  @Override
  public void close() {
    background.close();
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
    private AuditEvent.Listener audit = AuditEvent.Listener.log();
    private boolean externalLinking;
    private boolean externalRegistration = true;
    private @Nullable Executor background;

    private Builder(AccountStore store, Mailer mailer, URI publicBaseUrl) {
      if (store == null || mailer == null || publicBaseUrl == null) {
        throw new IllegalArgumentException("store, mailer and publicBaseUrl are required");
      }
      String scheme = publicBaseUrl.getScheme();
      if (!("https".equals(scheme) || "http".equals(scheme))
          || publicBaseUrl.getHost() == null
          || publicBaseUrl.getRawQuery() != null
          || publicBaseUrl.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "publicBaseUrl must be an absolute http(s) URL without query, e.g. https://app.example.com");
      }
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
      this.resetPath = localPath(path, "resetPath");
      return this;
    }

    /** The page to ask for a reset link, shown in mails (default {@code /forgot-password}). */
    public Builder forgotPasswordPath(String path) {
      this.forgotPasswordPath = localPath(path, "forgotPasswordPath");
      return this;
    }

    /** Where users sign in: the success answers' {@code redirectTo} and the link in mails (default {@code /login}). */
    public Builder loginPath(String path) {
      this.loginPath = localPath(path, "loginPath");
      return this;
    }

    /** What the mails say (default {@link MailTexts#english()}). */
    public Builder mailTexts(MailTexts texts) {
      this.texts = Checks.notNull(texts, "texts");
      return this;
    }

    private static String localPath(String path, String name) {
      Checks.require(
          path != null && Redirects.safe(path).isPresent(),
          "%s '%s' must be a local path such as /login",
          name,
          path);
      return path;
    }

    /** The tenant of new accounts and of sign-ins that name none (default {@code ""}: single tenant). */
    public Builder defaultTenant(String tenant) {
      if (!tenant.isEmpty() && !TenantResolver.TENANT_ID.matcher(tenant).matches()) {
        throw new IllegalArgumentException("defaultTenant: '" + tenant + "' is not a tenant id");
      }
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
      for (String t : tenants) {
        if (!t.isEmpty() && !TenantResolver.TENANT_ID.matcher(t).matches()) {
          throw new IllegalArgumentException("openRegistration: '" + t + "' is not a tenant id");
        }
      }
      this.openRegistration = Optional.of(Set.copyOf(tenants));
      return this;
    }

    /** When a client must wait, and for how long ({@link LoginLimits#defaults()}). */
    public Builder limits(LoginLimits limits) {
      this.limits = java.util.Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * How long a browser that signed in is recognized (default 90 days): its own failure counter, untouched by guesses
     * from elsewhere. One row per browser and account, purged when it expires.
     */
    public Builder deviceLifetime(Duration lifetime) {
      if (lifetime.compareTo(Duration.ofDays(1)) < 0
          || lifetime.compareTo(Duration.ofDays(400)) > 0) {
        throw new IllegalArgumentException("deviceLifetime must be from 1 day to 400 days");
      }
      this.deviceLifetime = lifetime;
      return this;
    }

    /** How long an invitation's link works (default 7 days). */
    public Builder inviteTtl(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(30)) > 0) {
        throw new IllegalArgumentException("inviteTtl must be from 1 s to 30 days");
      }
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

    public Builder audit(AuditEvent.Listener listener) {
      this.audit = listener;
      return this;
    }

    /**
     * Where mail, audit events and the work for a known address run, off the request thread (default one thread with a
     * bounded queue); tests may pass {@code Runnable::run}.
     */
    public Builder background(Executor executor) {
      this.background = java.util.Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Accounts build() {
      return new Accounts(this);
    }
  }
}
