package dev.refauth.accounts;

import dev.refauth.core.Authentication;
import dev.refauth.core.spi.ExternalIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who a person a social login provider vouched for is here: the account linked to {@code (tenant, issuer, subject)};
 * else, with a verified email only, a new account (in a tenant open to registration) or, when the application allows
 * it, the existing account of that email. Never a link or an account on an unverified email.
 */
final class ExternalLinks {
  private final AccountStore store;
  private final Clock clock;
  private final AccountsContext context;
  private final boolean linkByEmail;
  private final Set<String> registrationTenants;
  private final Set<String> defaultPermissions;

  ExternalLinks(
      AccountsContext context,
      boolean linkByEmail,
      Set<String> registrationTenants,
      Set<String> defaultPermissions) {
    this.store = context.store();
    this.clock = context.clock();
    this.context = context;
    this.linkByEmail = linkByEmail;
    this.registrationTenants = Set.copyOf(registrationTenants);
    this.defaultPermissions = Set.copyOf(defaultPermissions);
  }

  Optional<Authentication> signIn(ExternalIdentity ext, String tenant, String address) {
    Instant now = clock.instant();
    Optional<String> linkedId = store.findExternal(tenant, ext.issuer(), ext.subject());
    if (linkedId.isPresent()) {
      Optional<Account> linked =
          store
              .findById(linkedId.get())
              .filter(a -> a.status() == Account.Status.ACTIVE && a.tenant().equals(tenant));
      context.emit(
          linked.isPresent() ? AuditEvent.Type.SOCIAL_LOGIN : AuditEvent.Type.SOCIAL_REFUSED,
          linkedId,
          tenant,
          address,
          now);
      return linked.map(AccountsContext::authentication);
    }
    Optional<String> email = ext.verifiedEmail().flatMap(EmailAddresses::normalize);
    if (email.isEmpty()) {
      context.emit(AuditEvent.Type.SOCIAL_REFUSED, Optional.empty(), tenant, address, now);
      return Optional.empty();
    }
    Optional<Account> existing = store.findByEmail(tenant, email.get());
    if (existing.isEmpty() && registrationTenants.contains(tenant)) {
      Account created =
          new Account(
              UUID.randomUUID().toString(),
              tenant,
              email.get(),
              ext.name()
                  .map(String::strip)
                  .filter(n -> !n.isEmpty() && n.length() <= 100)
                  .orElse(email.get()),
              ext.avatar().filter(a -> a.startsWith("https://") && a.length() <= 1000),
              AccountsContext.NO_PASSWORD,
              Account.Status.ACTIVE,
              defaultPermissions,
              now,
              now);
      if (store.create(created)) {
        return link(ext, tenant, created, AuditEvent.Type.SOCIAL_REGISTERED, address, now);
      }
      existing = store.findByEmail(tenant, email.get()); // created concurrently: treat as existing
    }
    if (existing.isPresent() && linkByEmail && existing.get().status() == Account.Status.ACTIVE) {
      return link(ext, tenant, existing.get(), AuditEvent.Type.SOCIAL_LINKED, address, now);
    }
    context.emit(AuditEvent.Type.SOCIAL_REFUSED, existing.map(Account::id), tenant, address, now);
    return Optional.empty();
  }

  private Optional<Authentication> link(
      ExternalIdentity ext,
      String tenant,
      Account account,
      AuditEvent.Type type,
      String address,
      Instant now) {
    if (!store.linkExternal(tenant, ext.issuer(), ext.subject(), account.id(), now)
        && !store
            .findExternal(tenant, ext.issuer(), ext.subject())
            .equals(Optional.of(account.id()))) {
      return Optional.empty(); // linked concurrently to another account
    }
    context.emit(type, Optional.of(account.id()), tenant, address, now);
    if (type == AuditEvent.Type.SOCIAL_REGISTERED) {
      // made and signed in at once: a sign-in as well, as the second time will be
      context.emit(AuditEvent.Type.SOCIAL_LOGIN, Optional.of(account.id()), tenant, address, now);
    }
    return Optional.of(AccountsContext.authentication(account));
  }
}
