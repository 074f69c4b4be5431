package dev.refauth.accounts;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.Notification;
import dev.refauth.core.spi.SelfService.PasswordChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * New passwords in {@link Accounts}: by a mailed reset token, or signed in by the current password. Either way the new
 * one must pass the {@link PasswordPolicy}, and the account's owner is mailed a notice.
 */
final class PasswordUpdates {
  private final AccountsContext context;
  private final SignIns signIns;
  private final LoginThrottle throttle;

  PasswordUpdates(AccountsContext context, SignIns signIns, LoginThrottle throttle) {
    this.context = context;
    this.signIns = signIns;
    this.throttle = throttle;
  }

  /** {@link Accounts#resetPassword}. */
  PasswordChange reset(AuthParams params, AuthRequest request) {
    String password = params.password().orElse("");
    Optional<PasswordChange> refused = refusal(params, password);
    if (refused.isPresent()) {
      return refused.get();
    }
    AccountStore store = context.store();
    Instant now = context.clock().instant();
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

  /** {@link Accounts#changePassword}. */
  PasswordChange change(AuthParams params, AuthRequest request, Authentication caller) {
    String password = params.password().orElse("");
    Optional<PasswordChange> refused = refusal(params, password);
    if (refused.isPresent()) {
      return refused.get();
    }
    Instant now = context.clock().instant();
    String address = request.remoteAddress();
    Optional<Account> found = context.store().findById(caller.identity().id());
    if (found.isEmpty()) {
      return failed("Sign in, or use the link we mailed you.", 401);
    }
    Account account = found.get();
    LoginThrottle.Attempt counters =
        signIns.counters(account.tenant(), account.email(), request, now);
    Optional<Duration> wait = counters.waitAt(now);
    if (wait.isPresent()) {
      context.emit(
          AuditEvent.Type.LOGIN_THROTTLED,
          Optional.of(account.id()),
          account.tenant(),
          address,
          now);
      return new PasswordChange(AuthActionResponse.tooManyAttempts(wait.get()), Optional.empty());
    }
    String currentPassword = params.string("currentPassword").orElse("");
    if (!context
        .hasher()
        .verify(
            currentPassword,
            account.passwordHash())) { // a guess at the password, like a failed sign-in
      boolean locked = counters.failed(now);
      context.emit(
          AuditEvent.Type.PASSWORD_CHANGE_FAILURE,
          Optional.of(account.id()),
          account.tenant(),
          address,
          now);
      if (locked) {
        context.emit(
            AuditEvent.Type.LOCKOUT, Optional.of(account.id()), account.tenant(), address, now);
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
    context.store().updatePasswordHash(a.id(), context.hasher().hash(password), now);
    context.emit(AuditEvent.Type.PASSWORD_CHANGED, Optional.of(a.id()), a.tenant(), address, now);
    context
        .background()
        .mail(
            AccountsContext.mail(
                a.email(),
                context.texts().passwordChanged(context.link(context.forgotPasswordPath()))));
    return new PasswordChange(
        AuthActionResponse.success(context.loginPath())
            .withSuccessNotification(
                Notification.of("Password changed", "Sign in with your new password.")),
        Optional.of(a.id()));
  }

  private static PasswordChange failed(String message, int status) {
    return new PasswordChange(
        AuthActionResponse.failure(AuthError.of("UpdatePasswordError", message, status)),
        Optional.empty());
  }
}
