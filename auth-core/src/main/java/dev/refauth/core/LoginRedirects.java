package dev.refauth.core;

import dev.refauth.core.internal.Redirects;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Where browsers are sent: to the login page with the way back ({@code to}), and after login. */
final class LoginRedirects {
  private final String loginPath;
  private final String homePath;
  private final boolean appendCurrentPathToQuery;

  LoginRedirects(String loginPath, String homePath, boolean appendCurrentPathToQuery) {
    this.loginPath = loginPath;
    this.homePath = homePath;
    this.appendCurrentPathToQuery = appendCurrentPathToQuery;
  }

  /** A valid {@code to} first (as Refine's useLogin), then the provider's {@code redirectTo}, then home. */
  String afterLogin(Optional<String> to, Optional<String> redirectTo) {
    return to.flatMap(Redirects::safe)
        .or(() -> redirectTo.flatMap(Redirects::safe))
        .orElse(homePath);
  }

  /** The login page URL for an unauthenticated browser, with {@code to} by Refine's rules. */
  String loginLocation(AuthRequest request, Optional<String> redirectTo) {
    String target = redirectTo.flatMap(Redirects::safe).orElse(loginPath);
    String base = request.contextPath() + target;
    if (!appendCurrentPathToQuery) {
      return base;
    }
    String to = request.queryParam("to").flatMap(Redirects::safe).orElse(request.pathAndQuery());
    String targetPath = pathOf(target);
    if (to.equals("/") || pathOf(to).equals(targetPath) || Redirects.safe(to).isEmpty()) {
      return base;
    }
    return base
        + (target.contains("?") ? "&" : "?")
        + "to="
        + URLEncoder.encode(to, StandardCharsets.UTF_8);
  }

  private static String pathOf(String target) {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }
}
