package dev.refauth.accounts;

import dev.refauth.core.AuthRequest;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.core.spi.UserDirectory;
import dev.refauth.core.spi.UserDirectory.SignIn;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sign-in by password for {@link Accounts}: an unknown email costs a dummy hash, failures are counted and throttled,
 * an old hash is replaced, and a browser new to the account gets a device token.
 */
final class SignIns {
  /** Browsers remembered per account: a client that keeps no cookie (a script) replaces the oldest, it adds no rows. */
  static final int DEVICES_PER_ACCOUNT = 20;

  private final AccountsContext context;
  private final LoginThrottle throttle;
  private final String defaultTenant;
  private final Duration deviceLifetime;

  SignIns(
      AccountsContext context,
      LoginThrottle throttle,
      String defaultTenant,
      Duration deviceLifetime) {
    this.context = context;
    this.throttle = throttle;
    this.defaultTenant = defaultTenant;
    this.deviceLifetime = deviceLifetime;
  }

  /** {@link UserDirectory#attempt}, in the request's tenant or else the default tenant. */
  SignIn attempt(String login, String password, AuthRequest request) {
    AccountStore store = context.store();
    PasswordHasher hasher = context.hasher();
    Instant now = context.clock().instant();
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
      context.emit(AuditEvent.Type.LOGIN_THROTTLED, Optional.empty(), t, address, now);
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
      context.emit(AuditEvent.Type.LOGIN_FAILURE, account.map(Account::id), t, address, now);
      if (locked) {
        context.emit(AuditEvent.Type.LOCKOUT, account.map(Account::id), t, address, now);
      }
      return SignIn.Refused.INSTANCE;
    }
    Account acc = account.get();
    counters.succeeded();
    if (hasher.needsRehash(acc.passwordHash())) {
      store.rehashPassword(acc.id(), hasher.hash(password), now);
    }
    context.emit(AuditEvent.Type.LOGIN_SUCCESS, Optional.of(acc.id()), t, address, now);
    if (counters.knownDevice()) {
      return new SignIn.Success(AccountsContext.authentication(acc));
    }
    String device =
        SecureTokens.random(32); // from now on this browser is told apart from everyone else
    store.rememberDevice(
        IdentityCache.digest(device), acc.id(), now.plus(deviceLifetime), DEVICES_PER_ACCOUNT);
    return new SignIn.Success(
        AccountsContext.authentication(acc),
        Optional.of(new SignIn.Device(device, deviceLifetime)));
  }

  /**
   * The counters of a sign-in: a browser that signed in to this account before ({@link UserDirectory#DEVICE_COOKIE})
   * has its own; everyone else shares the account's, the address and account pair's and the address's. The device is
   * looked up whenever a cookie is sent, known account or not, so that the lookup tells nothing.
   */
  LoginThrottle.Attempt counters(String tenant, String email, AuthRequest request, Instant now) {
    AccountStore store = context.store();
    Optional<String> device =
        request
            .singleCookie("__Host-" + UserDirectory.DEVICE_COOKIE)
            .or(() -> request.singleCookie(UserDirectory.DEVICE_COOKIE))
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
}
