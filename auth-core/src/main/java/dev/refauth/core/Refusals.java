package dev.refauth.core;

import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.internal.AuthJson;
import dev.refauth.core.internal.Redirects;
import dev.refauth.core.spi.SecondFactor;
import java.lang.System.Logger.Level;
import java.time.Duration;
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
  private final String stepUpPath;
  private final Optional<String> enrolmentPath;
  private final boolean redirectOnFail;
  private final Predicate<AuthRequest> browser;
  private final BiFunction<AuthRequest, AuthParams, AuthActionResponse> logout;

  Refusals(
      AuthProvider provider,
      LoginRedirects redirects,
      String loginPath,
      String stepUpPath,
      Optional<String> enrolmentPath,
      boolean redirectOnFail,
      Predicate<AuthRequest> browser,
      BiFunction<AuthRequest, AuthParams, AuthActionResponse> logout) {
    this.provider = provider;
    this.redirects = redirects;
    this.loginPath = loginPath;
    this.stepUpPath = stepUpPath;
    this.enrolmentPath = enrolmentPath;
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

  /**
   * An authenticated caller without a recent enough second factor: to the step-up page (browser) or 403 {@code
   * StepUpRequired} with RFC 9470's challenge; for an account without a second factor, to the enrolment page or 403
   * {@link SecondFactor#ENROLMENT_REQUIRED}. Nothing is ended.
   */
  HttpReply stepUp(AuthRequest request, Authentication caller, Optional<Duration> within) {
    boolean enrolled =
        Boolean.TRUE.equals(caller.identity().attributes().get(SecondFactor.ENROLLED_ATTRIBUTE));
    Optional<String> page = enrolled ? Optional.of(stepUpPath + "?stepUp=true") : enrolmentPath;
    if (browser.test(request) && redirectOnFail && page.isPresent()) {
      return HttpReply.redirect(redirects.loginLocation(request, page));
    }
    OnErrorResponse body =
        OnErrorResponse.of(
            enrolled
                ? AuthError.of(
                    Requirement.STEP_UP_REQUIRED,
                    "Confirm it is you with your second factor, then try again",
                    403)
                : AuthError.of(
                    SecondFactor.ENROLMENT_REQUIRED,
                    "Add a second factor to your account, then try again",
                    403));
    if (page.isPresent()) {
      body = body.withRedirectTo(page.get());
    }
    HttpReply reply =
        browser.test(request) ? HttpReply.status(403) : HttpReply.json(403, AuthJson.toJson(body));
    return reply.withHeader(
        "WWW-Authenticate",
        within
            .map(
                w ->
                    "Bearer error=\"insufficient_user_authentication\", error_description=\"A"
                        + " recent second factor is required\", max_age=\""
                        + w.toSeconds()
                        + "\"")
            .orElse(
                "Bearer error=\"insufficient_user_authentication\", error_description=\"A second"
                    + " factor is required\""));
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
