package dev.refauth.accounts;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Notification;
import dev.refauth.core.Permissions;
import dev.refauth.core.TenantResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * How people get an account in {@link Accounts}: by registering themselves into a tenant open to it, or by an
 * administrator's invitation.
 */
final class Registration {
  private final AccountsContext context;
  private final String defaultTenant;
  private final Set<String> openRegistration;
  private final Set<String> defaultPermissions;
  private final Duration inviteTtl;

  Registration(
      AccountsContext context,
      String defaultTenant,
      Set<String> openRegistration,
      Set<String> defaultPermissions,
      Duration inviteTtl) {
    this.context = context;
    this.defaultTenant = defaultTenant;
    this.openRegistration = Set.copyOf(openRegistration);
    this.defaultPermissions = Set.copyOf(defaultPermissions);
    this.inviteTtl = inviteTtl;
  }

  /** {@link Accounts#register}. */
  AuthActionResponse register(AuthParams params, AuthRequest request) {
    AccountStore store = context.store();
    Background background = context.background();
    MailTexts texts = context.texts();
    Instant now = context.clock().instant();
    String tenant =
        request
            .tenant()
            .orElse(defaultTenant); // from the request's resolution, never from the body
    String address = request.remoteAddress();
    if (!openRegistration.contains(tenant)) {
      context.emit(AuditEvent.Type.REGISTER_REFUSED, Optional.empty(), tenant, address, now);
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
    Optional<String> typed = params.string("name").map(String::strip).filter(n -> !n.isEmpty());
    if (typed.isPresent() && !displayable(typed.get())) {
      return AuthActionResponse.failure(
          AuthError.of(
              "RegisterError",
              "Enter a name of at most 100 characters, without control characters.",
              400));
    }
    String name = typed.orElse(email.get());
    Account account =
        new Account(
            UUID.randomUUID().toString(),
            tenant,
            email.get(),
            name,
            Optional.empty(),
            context.hasher().hash(password),
            Account.Status.ACTIVE,
            defaultPermissions,
            now,
            now);
    boolean created = store.create(account);
    background.run(
        () -> { // the rest, for a new or an existing address alike, off the request thread
          if (created) {
            context.emit(
                AuditEvent.Type.REGISTERED, Optional.of(account.id()), tenant, address, now);
            background.send(
                AccountsContext.mail(
                    email.get(), texts.welcome(context.link(context.loginPath()))));
            return;
          }
          context.emit(
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
                AccountsContext.mail(
                    email.get(),
                    texts.registrationAttempt(
                        context.link(context.loginPath()),
                        context.link(context.forgotPasswordPath()))));
          }
        });
    return AuthActionResponse.success(context.loginPath())
        .withSuccessNotification(
            Notification.of("Check your inbox", "We sent a message to " + email.get() + "."));
  }

  /** {@link Accounts#invite}. */
  Accounts.Invitation invite(
      String email, Set<String> permissions, String tenant, String clientAddress) {
    Optional<String> normalized = EmailAddresses.normalize(email);
    if (normalized.isEmpty()) {
      return new Accounts.Invitation.Invalid("Enter a valid email address.");
    }
    if (tenant == null
        || !(tenant.isEmpty() || TenantResolver.TENANT_ID.matcher(tenant).matches())) {
      return new Accounts.Invitation.Invalid("Not a tenant id.");
    }
    try {
      Permissions.of(List.copyOf(permissions));
    } catch (IllegalArgumentException e) {
      return new Accounts.Invitation.Invalid("Not a permission: " + e.getMessage());
    }
    Instant now = context.clock().instant();
    Account account =
        new Account(
            UUID.randomUUID().toString(),
            tenant,
            normalized.get(),
            normalized.get(),
            Optional.empty(),
            AccountsContext.NO_PASSWORD,
            Account.Status.ACTIVE,
            permissions,
            now,
            now);
    if (!context.store().create(account)) {
      return Accounts.Invitation.Taken.INSTANCE;
    }
    String link = context.newPasswordLink(account.id(), now.plus(inviteTtl));
    context.emit(AuditEvent.Type.INVITED, Optional.of(account.id()), tenant, clientAddress, now);
    context
        .background()
        .mail(AccountsContext.mail(account.email(), context.texts().invitation(link, inviteTtl)));
    return new Accounts.Invitation.Sent(account);
  }

  /**
   * A name others will read (the administrators' list, the dashboard): at most 100 characters, whole ones, none of
   * them a control or format character (NUL, line breaks, right-to-left overrides, zero-width joiners), which would
   * let one name pass for another.
   */
  static boolean displayable(String name) {
    return name.length() <= 100
        && name.codePoints()
            .map(Character::getType)
            .noneMatch(
                t -> t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE);
  }
}
