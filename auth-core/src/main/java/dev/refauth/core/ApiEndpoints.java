package dev.refauth.core;

import dev.refauth.core.adapter.AuthEndpoints;
import dev.refauth.core.adapter.Decision;
import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.internal.AuthJson;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.CurrentRequest;
import dev.refauth.core.internal.Redirects;
import dev.refauth.core.spi.ExternalLogin;
import dev.refauth.core.spi.PublishedKeys;
import dev.refauth.core.spi.SecondFactor;
import dev.refauth.core.spi.TokenRefresher;
import dev.refauth.core.spi.UserDirectory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code /auth/*} API over one guard: see {@link AuthEndpoints}. */
final class ApiEndpoints implements AuthEndpoints {
  private final AuthGuard guard;
  private final AuthProvider provider;
  private final int maxBodyBytes;
  private final ApiQueries queries;

  ApiEndpoints(AuthGuard guard, int maxBodyBytes) {
    Checks.require(
        maxBodyBytes >= 256 && maxBodyBytes <= 1 << 20, "maxBodyBytes must be from 256 to 1 MiB");
    this.guard = guard;
    this.provider = guard.provider();
    this.maxBodyBytes = maxBodyBytes;
    this.queries = new ApiQueries(guard);
  }

  @Override
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  @Override
  public int maxBodyBytes(String endpoint) {
    return "/can".equals(endpoint) ? Math.max(maxBodyBytes, MAX_CAN_BATCH * 256) : maxBodyBytes;
  }

  @Override
  public Optional<HttpReply> preflight(AuthRequest request, String endpoint) {
    Decision cors = guard.crossOrigin(request);
    if (cors.reply().isPresent()) {
      return cors.reply();
    }
    return checkShape(request, endpoint).map(r -> r.withEffects(cors.effects()));
  }

  private Optional<HttpReply> checkShape(AuthRequest request, String endpoint) {
    return ApiRequests.checkShape(request, endpoint, maxBodyBytes(endpoint));
  }

  @Override
  public HttpReply handle(AuthRequest unresolved, String endpoint, byte[] body) {
    Checks.notNull(unresolved, "request");
    Checks.notNull(endpoint, "endpoint");
    Checks.notNull(body, "body");
    CurrentRequest c = CurrentRequest.enter(unresolved);
    try {
      Decision cors = guard.crossOrigin(unresolved);
      if (cors.reply().isPresent()) {
        return cors.reply().get();
      }
      return answer(unresolved, endpoint, body).withEffects(cors.effects());
    } finally {
      c.close();
    }
  }

  private HttpReply answer(AuthRequest unresolved, String endpoint, byte[] body) {
    Optional<AuthRequest> resolved = guard.resolve(unresolved);
    if (resolved.isEmpty()) {
      return guard.tenantRefused(unresolved);
    }
    AuthRequest request = resolved.get();
    Optional<HttpReply> early = checkShape(request, endpoint);
    if (early.isPresent()) {
      return early.get();
    }
    if (body.length > maxBodyBytes(endpoint)) {
      return ApiRequests.tooLarge();
    }
    String name = ApiRequests.endpointName(endpoint).orElseThrow();
    try {
      if (name.equals(ApiRequests.BACK_CHANNEL_LOGOUT)) {
        return backChannelLogout(request, endpoint, body);
      }
      if (ApiRequests.takesBody(name)) {
        // /can reads its body itself (a check or an array of checks): only a form's _csrf is taken
        // from it here
        Optional<ApiRequests.Body> read =
            !name.equals("can")
                ? ApiRequests.read(request, body)
                : Optional.of(
                    (ApiRequests.isForm(request)
                            ? ApiRequests.read(request, body)
                            : Optional.<ApiRequests.Body>empty())
                        .orElse(new ApiRequests.Body(AuthParams.empty(), Optional.empty(), false)));
        if (read.isEmpty()) {
          return ApiRequests.error(
              400,
              "BadRequest",
              ApiRequests.isForm(request)
                  ? "Malformed form body"
                  : "The body must be one JSON object");
        }
        AuthParams params = name.equals("can") ? AuthParams.empty() : read.get().params();
        boolean form = read.get().form();
        AuthRequest checked =
            read.get().csrfField().map(c -> request.withFormCsrfToken(c)).orElse(request);
        if (!guard.csrfPasses(checked)) {
          return HttpReply.json(403, AuthJson.toJson(OnErrorResponse.of(Replies.csrfError())));
        }
        if (name.equals("can")) {
          return queries.can(request, body);
        }
        Optional<Object> tenantId = params.get("tenantId");
        if (tenantId.isPresent() && !(tenantId.get() instanceof String t && guard.knowsTenant(t))) {
          // malformed or not one of this application's: never joined implicitly
          return ApiRequests.error(400, "BadRequest", "Unknown tenant");
        }
        if (tenantId.isPresent()
            && request.tenant().isPresent()
            && !tenantId.equals(request.tenant().map(Object.class::cast))) {
          return ApiRequests.error(
              400, "BadRequest", "The body and the request name different tenants");
        }
        // the body's tenant, checked above, names the tenant as the request's would, for every
        // action and provider alike (a registration must not land in the default tenant instead)
        AuthRequest r =
            request.tenant().isEmpty() && tenantId.isPresent()
                ? request.withTenant((String) tenantId.get())
                : request;
        return switch (name) {
          case "login" -> login(r, params, form);
          case "logout" -> logout(r, params, form);
          case "register" -> action(r, provider.register(params, r), form);
          case "forgot-password" -> accepted(action(r, provider.forgotPassword(params, r), form));
          case "update-password" -> updatePassword(r, params, form);
          case "second-factor" -> secondFactor(r, params);
          default -> refresh(r);
        };
      }
      return switch (name) {
        case "check" -> queries.check(request);
        case "me" -> queries.me(request);
        case "permissions" -> queries.permissions(request);
        case "jwks" -> jwks();
        case ApiRequests.DISCOVERY -> discovery(request, endpoint);
        default -> social(request, endpoint);
      };
    } catch (RuntimeException e) {
      return guard.unavailable(e);
    }
  }

  private HttpReply login(AuthRequest request, AuthParams params, boolean form) {
    if (params.providerName().isPresent()) {
      if (params
          .get("callback")
          .isPresent()) { // a provider sends the browser back by GET to /{provider}/callback, only
        return ApiRequests.error(
            400, "BadRequest", "A social sign-in completes at its callback URL");
      }
      Map<String, Object> checked =
          new LinkedHashMap<>(params.asMap()); // "to" is stored now and followed after the provider
      checked.remove("to");
      params.string("to").flatMap(guard::safeRedirect).ifPresent(t -> checked.put("to", t));
      params = AuthParams.of(checked);
    }
    AuthActionResponse r = provider.login(params, request);
    if (params.providerName().isPresent() && r.isSuccess()) {
      // a form posts and follows the redirect; a script gets redirectTo and navigates there itself
      Optional<String> provider = r.redirectTo().filter(ApiEndpoints::isAbsoluteHttp);
      return (form && provider.isPresent()
              ? HttpReply.redirect(provider.get()).withStatus(303)
              : json(r, 200))
          .withEffects(r.effects());
    }
    Optional<String> to = params.string("to").or(() -> request.queryParam("to"));
    if (r.isSuccess()) {
      String target = guard.afterLoginTarget(to, r.redirectTo());
      AuthActionResponse body = r.withRedirectTo(target);
      HttpReply reply = form ? HttpReply.redirect(request.contextPath() + target) : json(body, 200);
      return reply.withStatus(form ? 303 : 200).withEffects(r.effects()).rotatingSession();
    }
    Optional<String> next = r.redirectTo().flatMap(guard::safeRedirect);
    if (form && next.isPresent()) {
      // a step still to take (the second factor's page): the browser goes there, "to" kept for
      // after it
      String sep = next.get().indexOf('?') < 0 ? "?" : "&";
      return HttpReply.redirect(
              request.contextPath()
                  + next.get()
                  + to.flatMap(guard::safeRedirect)
                      .map(t -> sep + "to=" + URLEncoder.encode(t, StandardCharsets.UTF_8))
                      .orElse(""))
          .withStatus(303)
          .withEffects(r.effects());
    }
    if (form) {
      String back =
          guard.loginPath()
              + "?error="
              + URLEncoder.encode(
                  r.error().map(AuthError::name).orElse("LoginError"), StandardCharsets.UTF_8)
              + to.flatMap(guard::safeRedirect)
                  .map(t -> "&to=" + URLEncoder.encode(t, StandardCharsets.UTF_8))
                  .orElse("");
      return (HttpReply.redirect(request.contextPath() + back))
          .withStatus(303)
          .withEffects(r.effects());
    }
    int status =
        r.error()
            .flatMap(
                e -> e.status().isPresent() ? Optional.of(e.status().getAsInt()) : Optional.empty())
            .orElse(401);
    return json(r, status).withEffects(r.effects());
  }

  private HttpReply logout(AuthRequest request, AuthParams params, boolean form) {
    AuthActionResponse r = guard.logout(request, params);
    if (r.isSuccess() && r.exitTo().isPresent()) {
      // out of the application, to where the provider's configuration says (its end-session
      // endpoint)
      String exit = r.exitTo().get().toString();
      return (form ? HttpReply.redirect(exit).withStatus(303) : json(r.withRedirectTo(exit), 200))
          .withEffects(r.effects())
          .endingSession();
    }
    if (form) {
      String target = r.redirectTo().flatMap(guard::safeRedirect).orElse(guard.loginPath());
      return (HttpReply.redirect(request.contextPath() + target))
          .withStatus(303)
          .withEffects(r.effects())
          .endingSession();
    }
    return json(local(r), r.isSuccess() ? 200 : statusOf(r, 400))
        .withEffects(r.effects())
        .endingSession();
  }

  /**
   * The answer with its {@code redirectTo} only when {@link Redirects#safe} accepts it: a Refine client navigates to it,
   * and a provider might have taken it from the request.
   */
  private static AuthActionResponse local(AuthActionResponse r) {
    return r.redirectTo().isPresent() && Redirects.safe(r.redirectTo().get()).isEmpty()
        ? r.withoutRedirectTo()
        : r;
  }

  private HttpReply updatePassword(AuthRequest request, AuthParams params, boolean form) {
    AuthActionResponse r = provider.updatePassword(params, request);
    if (r.isSuccess()) {
      // the user's sessions changed: forget everything cached about them
      guard
          .authenticate(request)
          .ifPresent(a -> guard.cache().invalidateSubject(a.identity().id()));
    }
    return action(request, r, form);
  }

  /**
   * A signed-in caller's second-factor enrolment, handed to the provider's {@link SecondFactor}; a change evicts the
   * caller's cached identity (it tells whether they have one).
   */
  private HttpReply secondFactor(AuthRequest request, AuthParams params) {
    Optional<SecondFactor> factor = provider.unwrap(SecondFactor.class);
    if (factor.isEmpty()) {
      return json(AuthActionResponse.unsupported("second factors"), 501);
    }
    Optional<Authentication> caller = guard.authenticate(request);
    if (caller.isEmpty()) {
      return json(AuthActionResponse.failure(AuthError.unauthorized()), 401);
    }
    String subject = caller.get().identity().id();
    if (factor.get().needsRecentSignIn(params.string("action").orElse(""))
        && !recent(caller.get())) {
      // a stolen older session must neither plant the thief's own factor nor take the owner's away
      return json(
          AuthActionResponse.failure(
                  AuthError.of(
                      "ReauthenticationRequired",
                      "For your security, sign in again to change how you sign in",
                      403))
              .withRedirectTo(guard.loginPath()),
          403);
    }
    if (factor.get().needsRecentSignIn(params.string("action").orElse(""))) {
      // the password again (as for a password change), so that a stolen session, however fresh,
      // can neither plant the thief's own factor nor take the owner's away
      Optional<HttpReply> refused = passwordAgain(caller.get().identity(), params, request);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    AuthActionResponse r = factor.get().manage(caller.get().identity(), params, request);
    if (r.isSuccess()) {
      guard.cache().invalidateSubject(subject);
    }
    return json(local(r), r.isSuccess() ? 200 : statusOf(r, 400)).withEffects(r.effects());
  }

  /**
   * Empty when {@code params}' {@code password} is the caller's (or the caller has none, or the provider knows no
   * passwords); else the refusal: 429 while the directory throttles, 403 {@code PasswordRequired}. A wrong one counts
   * as a failed sign-in.
   */
  private Optional<HttpReply> passwordAgain(
      Identity caller, AuthParams params, AuthRequest request) {
    Optional<UserDirectory> directory = provider.unwrap(UserDirectory.class);
    if (directory.isEmpty() || !directory.get().hasPassword(caller.id())) {
      return Optional.empty();
    }
    UserDirectory.SignIn outcome =
        directory
            .get()
            .attempt(
                caller.email().orElse(caller.id()),
                params.string("password").orElse(""),
                caller.tenant().map(request::withTenant).orElse(request));
    if (outcome instanceof UserDirectory.SignIn.Success ok
        && ok.authentication().identity().id().equals(caller.id())) {
      return Optional.empty();
    }
    AuthActionResponse refused =
        outcome instanceof UserDirectory.SignIn.Throttled wait
            ? AuthActionResponse.tooManyAttempts(wait.retryAfter())
            : AuthActionResponse.failure(
                AuthError.of(
                    "PasswordRequired", "Enter your password to change how you sign in", 403));
    return Optional.of(json(refused, statusOf(refused, 403)).withEffects(refused.effects()));
  }

  /** Whether the caller signed in within {@link SecondFactor#RECENT_SIGN_IN_MINUTES}; unknown is not recent. */
  private static boolean recent(Authentication caller) {
    Instant since = Instant.now().minus(Duration.ofMinutes(SecondFactor.RECENT_SIGN_IN_MINUTES));
    return caller.authenticatedAt().filter(t -> t.isAfter(since)).isPresent();
  }

  private HttpReply action(AuthRequest request, AuthActionResponse r, boolean form) {
    if (form) {
      Optional<String> target = r.redirectTo().flatMap(guard::safeRedirect);
      if (r.isSuccess() && target.isPresent()) {
        return (HttpReply.redirect(request.contextPath() + target.get()))
            .withStatus(303)
            .withEffects(r.effects());
      }
    }
    return json(local(r), r.isSuccess() ? 200 : statusOf(r, 400)).withEffects(r.effects());
  }

  /** forgotPassword answers 202 Accepted: the same for every address, whatever happens next. */
  private static HttpReply accepted(HttpReply reply) {
    return reply.status() == 200 ? reply.withStatus(202) : reply;
  }

  private HttpReply refresh(AuthRequest request) {
    Optional<TokenRefresher> refresher = provider.unwrap(TokenRefresher.class);
    if (refresher.isPresent()) {
      AuthActionResponse r = refresher.get().refresh(request);
      return json(r, r.isSuccess() ? 200 : statusOf(r, 401)).withEffects(r.effects());
    }
    return json(AuthActionResponse.unsupported("refresh"), 501);
  }

  /** The provider's public keys ({@link PublishedKeys}); 404 when it publishes none. */
  private HttpReply jwks() {
    return provider
        .unwrap(PublishedKeys.class)
        .map(
            k ->
                HttpReply.json(200, k.jwkSetJson())
                    .withHeader("Cache-Control", "public, max-age=300"))
        .orElseGet(() -> ApiRequests.error(404, "NotFound", "No such endpoint"));
  }

  /**
   * The discovery document of the published keys: the issuer and the absolute URL of {@code jwks} at the request's
   * public origin (as resolved: behind a trusted proxy, the proxy's). Its location matches an issuer that is the auth
   * API's public URL ({@code jwt.issuer=https://app.example.com/auth}).
   */
  private HttpReply discovery(AuthRequest request, String endpoint) {
    Optional<PublishedKeys> keys = provider.unwrap(PublishedKeys.class);
    if (keys.isEmpty()) {
      return ApiRequests.error(404, "NotFound", "No such endpoint");
    }
    String path = request.path();
    String api =
        path.endsWith(endpoint) ? path.substring(0, path.length() - endpoint.length()) : "";
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", keys.get().issuer());
    doc.put("jwks_uri", request.origin() + request.contextPath() + api + "/jwks");
    doc.put("subject_types_supported", List.of("public"));
    doc.put("id_token_signing_alg_values_supported", keys.get().algorithms());
    return HttpReply.json(200, AuthJson.toJson(doc))
        .withHeader("Cache-Control", "public, max-age=300");
  }

  /**
   * An identity provider's server ending sessions: a form with {@code logout_token}, which proves itself (its
   * signature), so no CSRF rule applies: it carries no ambient credential and changes no cookie. 200 when the token
   * was accepted, 400 otherwise (OIDC Back-Channel Logout 1.0, 2.8); never cached.
   */
  private HttpReply backChannelLogout(AuthRequest request, String endpoint, byte[] body) {
    String providerName = endpoint.substring(1, endpoint.indexOf('/', 1));
    Optional<ApiRequests.Body> read =
        ApiRequests.isForm(request) ? ApiRequests.read(request, body) : Optional.empty();
    if (read.isEmpty()) {
      return ApiRequests.error(400, "BadRequest", "A form with logout_token is required");
    }
    AuthActionResponse r =
        provider
            .unwrap(ExternalLogin.class)
            .map(external -> external.backChannelLogout(providerName, read.get().params(), request))
            .orElseGet(() -> AuthActionResponse.unsupported("back-channel logout"));
    return json(r, r.isSuccess() ? 200 : statusOf(r, 400)).withHeader("Cache-Control", "no-store");
  }

  private HttpReply social(AuthRequest request, String endpoint) {
    String[] parts = endpoint.substring(1).split("/");
    boolean callback = parts.length == 2;
    Map<String, Object> p = new LinkedHashMap<>();
    AuthActionResponse r;
    if (callback) {
      for (String key : List.of("code", "state", "error", "iss")) {
        if (request.queryParams(key).size() > 1) {
          // RFC 6749 3.1: a parameter at most once; which of two would count is an attacker's
          // choice
          return ApiRequests.error(400, "BadRequest", "A parameter of the callback appears twice");
        }
        request.queryParam(key).ifPresent(v -> p.put(key, v));
      }
      r =
          provider
              .unwrap(ExternalLogin.class)
              .map(external -> external.callback(parts[0], AuthParams.of(p), request))
              .orElseGet(() -> AuthActionResponse.unsupported("login with providerName"));
    } else {
      p.put("providerName", parts[0]);
      request.queryParam("to").flatMap(guard::safeRedirect).ifPresent(t -> p.put("to", t));
      r = provider.login(AuthParams.of(p), request);
    }
    if (r.isSuccess()) {
      Optional<String> target =
          callback
              ? Optional.of(
                  request.contextPath() + guard.afterLoginTarget(Optional.empty(), r.redirectTo()))
              : r.redirectTo().filter(ApiEndpoints::isAbsoluteHttp);
      if (target.isPresent()) {
        HttpReply reply = HttpReply.redirect(target.get()).withEffects(r.effects());
        return callback ? reply.rotatingSession() : reply;
      }
    }
    Optional<String> step = r.redirectTo().flatMap(guard::safeRedirect);
    if (callback && !r.isSuccess() && step.isPresent() && guard.isBrowser(request)) {
      // a step still to take (the account's second factor): the browser goes there
      return HttpReply.redirect(request.contextPath() + step.get())
          .withStatus(303)
          .withEffects(r.effects());
    }
    if (callback && !r.isSuccess() && guard.isBrowser(request)) {
      // the provider sent the browser here: the login page with the error, not a JSON body
      String back =
          guard.loginPath()
              + "?error="
              + URLEncoder.encode(
                  r.error().map(AuthError::name).orElse("SocialLoginError"),
                  StandardCharsets.UTF_8);
      return (HttpReply.redirect(request.contextPath() + back))
          .withStatus(303)
          .withEffects(r.effects());
    }
    return json(r, r.isSuccess() ? 200 : statusOf(r, 401)).withEffects(r.effects());
  }

  private static boolean isAbsoluteHttp(String url) {
    return (url.startsWith("https://") || url.startsWith("http://"))
        && url.indexOf('\r') < 0
        && url.indexOf('\n') < 0;
  }

  private static int statusOf(AuthActionResponse r, int fallback) {
    return r.error().map(e -> e.status().orElse(fallback)).orElse(fallback);
  }

  private static HttpReply json(AuthActionResponse r, int status) {
    return HttpReply.json(status, AuthJson.toJson(r));
  }
}
