package dev.refauth.accounts;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Notification;
import dev.refauth.core.TenantResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The "forgot password" flow of {@link Accounts}: a single-use reset link mailed to an existing account. */
final class ResetLinks {
  private final AccountsContext context;
  private final String defaultTenant;
  private final Duration resetTtl;
  private final int resetsPerHour;

  ResetLinks(AccountsContext context, String defaultTenant, Duration resetTtl, int resetsPerHour) {
    this.context = context;
    this.defaultTenant = defaultTenant;
    this.resetTtl = resetTtl;
    this.resetsPerHour = resetsPerHour;
  }

  /** {@link Accounts#forgotPassword}. */
  AuthActionResponse forgotPassword(AuthParams params, AuthRequest request) {
    AuthActionResponse same =
        AuthActionResponse.success(context.loginPath())
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
    Instant now = context.clock().instant();
    String t = tenant.orElse(defaultTenant);
    String address = request.remoteAddress();
    context.background().run(() -> sendResetLink(t, email.get(), address, now));
    return same;
  }

  /**
   * The background half of forgot-password. Known and unknown addresses cost the same here too (a counter per address,
   * then a lookup while under it): background work competes with request threads for the CPU, so a difference would
   * show in the answers' timing.
   */
  private void sendResetLink(String tenant, String email, String address, Instant now) {
    AccountStore store = context.store();
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
    String link = context.newPasswordLink(a.id(), now.plus(resetTtl));
    context.emit(AuditEvent.Type.RESET_REQUESTED, Optional.of(a.id()), a.tenant(), address, now);
    context
        .background()
        .send(AccountsContext.mail(a.email(), context.texts().resetLink(link, resetTtl)));
  }
}
