package dev.refauth.accounts;

import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.Permissions;
import dev.refauth.core.internal.SecureTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the flows of {@link Accounts} share: the store, the hasher and the clock, the mails and the links in them, the
 * audit trail and the work off the request thread.
 *
 * @param publicBaseUrl the application's public URL: links are built from it, never from request headers
 * @param loginPath where users sign in (the success answers' {@code redirectTo}, a link in mails)
 * @param forgotPasswordPath the page to ask for a reset link (a link in mails)
 * @param resetPath the page a reset or invitation link opens
 */
record AccountsContext(
    AccountStore store,
    PasswordHasher hasher,
    Clock clock,
    MailTexts texts,
    Background background,
    AuditEvent.Listener audit,
    URI publicBaseUrl,
    String loginPath,
    String forgotPasswordPath,
    String resetPath) {

  /** The password hash of an account created by social sign-in or invitation: matches no password. */
  static final String NO_PASSWORD = "!none";

  /** An absolute link to a page of the application: the public base URL (with any context path) and the path. */
  String link(String path) {
    return publicBaseUrl.toString().replaceAll("/+$", "") + path;
  }

  /** A single-use link to the reset page, valid until {@code expiresAt}; only the token's hash is stored. */
  String newPasswordLink(String accountId, Instant expiresAt) {
    String token = SecureTokens.random(32);
    store.createResetToken(IdentityCache.digest(token), accountId, expiresAt);
    return link(resetPath) + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** Who an account is: its identity (with its tenant, if it has one) and its permissions, sorted. */
  static Authentication authentication(Account a) {
    Identity.Builder id = Identity.builder(a.id()).name(a.displayName()).email(a.email());
    a.avatar().ifPresent(id::avatar);
    if (!a.tenant().isEmpty()) {
      id.tenant(a.tenant());
    }
    return Authentication.of(
        id.build(),
        Permissions.of(List.copyOf(new TreeSet<>(a.permissions())))); // sorted: a stable order
  }

  static Mailer.Mail mail(String to, MailTexts.Text text) {
    return new Mailer.Mail(to, text.subject(), text.body());
  }

  void emit(
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
}
