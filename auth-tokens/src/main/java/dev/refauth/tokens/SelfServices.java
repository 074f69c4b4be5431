package dev.refauth.tokens;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.spi.SelfService;
import dev.refauth.core.spi.UserDirectory;
import java.util.Optional;

/**
 * The directory's self-service flows when it has them ({@link SelfService}), "not supported" otherwise; a
 * password change then ends every session and token of the account and clears this browser's cookies.
 */
final class SelfServices {
  private final UserDirectory directory;
  private final SessionCookies cookies;
  private final AccessCheck access;
  private final Revocations revocations;

  SelfServices(
      UserDirectory directory,
      SessionCookies cookies,
      AccessCheck access,
      Revocations revocations) {
    this.directory = directory;
    this.cookies = cookies;
    this.access = access;
    this.revocations = revocations;
  }

  AuthActionResponse register(AuthParams params, AuthRequest request) {
    return directory instanceof SelfService self
        ? self.register(params, request)
        : AuthActionResponse.unsupported("register");
  }

  AuthActionResponse forgotPassword(AuthParams params, AuthRequest request) {
    return directory instanceof SelfService self
        ? self.forgotPassword(params, request)
        : AuthActionResponse.unsupported("forgotPassword");
  }

  AuthActionResponse updatePassword(AuthParams params, AuthRequest request) {
    if (!(directory instanceof SelfService self)) {
      return AuthActionResponse.unsupported("updatePassword");
    }
    Optional<Authentication> caller = access.check(request).authentication();
    SelfService.PasswordChange change =
        params.token().isEmpty() && caller.isPresent()
            ? self.changePassword(params, request, caller.get())
            : self.resetPassword(params, request);
    change.accountId().ifPresent(revocations::logoutEverywhere);
    AuthActionResponse r = change.response();
    return r.isSuccess()
        ? r.withCookie(cookies.clearSession()).withCookie(cookies.clearRefresh(request))
        : r;
  }
}
