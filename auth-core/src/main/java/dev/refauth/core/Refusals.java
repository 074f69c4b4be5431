package dev.refauth.core;

import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.internal.AuthJson;
import dev.refauth.core.internal.Redirects;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * What a refused request is answered: a failed check's 401 or login redirect, and an application's error routed
 * through the provider's {@code onError}, which may end the session the request came with (see {@link AuthGuard}).
 */
final class Refusals {
  private static final System.Logger LOG = System.getLogger(AuthGuard.class.getName());

  private final AuthProvider provider;
  private final LoginRedirects redirects;
  private final String loginPath;
  private final boolean redirectOnFail;
  private final Predicate<AuthRequest> browser;
  private final BiFunction<AuthRequest, AuthParams, AuthActionResponse> logout;

  Refusals(
      AuthProvider provider,
      LoginRedirects redirects,
      String loginPath,
      boolean redirectOnFail,
      Predicate<AuthRequest> browser,
      BiFunction<AuthRequest, AuthParams, AuthActionResponse> logout) {
    this.provider = provider;
    this.redirects = redirects;
    this.loginPath = loginPath;
    this.redirectOnFail = redirectOnFail;
    this.browser = browser;
    this.logout = logout;
  }

  /** See {@link AuthGuard#onError}. */
  HttpReply onError(AuthRequest request, AuthError error) {
    OnErrorResponse answer;
    try {
      answer = provider.onError(error, request);
    } catch (RuntimeException e) {
      return Replies.unavailable(provider, e);
    }
    if (answer.isLogout()) {
      Optional<String> credential = provider.credential(request);
      boolean bearer = credential.isPresent() && credential.equals(request.bearerToken());
      ResponseEffects effects =
          bearer ? answer.effects() : answer.effects().and(endSession(request));
      HttpReply reply;
      if (browser.test(request) && redirectOnFail) {
        reply =
            HttpReply.redirect(redirects.loginLocation(request, answer.redirectTo()))
                .withEffects(effects);
      } else {
        AuthError shown = answer.error().orElse(error);
        CheckResponse body =
            CheckResponse.unauthenticated(
                    answer.redirectTo().flatMap(Redirects::safe).orElse(loginPath))
                .withLogout(true)
                .withError(shown);
        reply =
            HttpReply.json(401, AuthJson.toJson(body))
                .withHeader("WWW-Authenticate", Replies.challenge(request, Optional.of(shown)))
                .withEffects(effects);
      }
      return bearer ? reply : reply.endingSession();
    }
    int status = error.status().orElse(500);
    if (browser.test(request)) {
      return HttpReply.status(status).withEffects(answer.effects());
    }
    OnErrorResponse body = answer.error().isPresent() ? answer : answer.withError(error);
    return HttpReply.json(status, AuthJson.toJson(body)).withEffects(answer.effects());
  }

  /** A failed check: the 401 or the login redirect, with the provider's own effects only (see the class javadoc). */
  HttpReply unauthenticated(AuthRequest request, CheckResponse check) {
    ResponseEffects effects = check.effects();
    if (browser.test(request) && redirectOnFail) {
      return HttpReply.redirect(redirects.loginLocation(request, check.redirectTo()))
          .withEffects(effects);
    }
    CheckResponse body = check.redirectTo().isPresent() ? check : check.withRedirectTo(loginPath);
    return HttpReply.json(401, AuthJson.toJson(body))
        .withHeader("WWW-Authenticate", Replies.challenge(request, check.error()))
        .withEffects(effects);
  }

  private ResponseEffects endSession(AuthRequest request) {
    try {
      return logout.apply(request, AuthParams.empty()).effects();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "logout after onError failed: " + e.getClass().getName());
      return ResponseEffects.none();
    }
  }
}
