package dev.refauth.social;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.Permissions;
import dev.refauth.core.internal.Redirects;
import dev.refauth.core.spi.ExternalLogin;
import dev.refauth.core.spi.IdentityCacheAware;
import dev.refauth.core.spi.SessionIssuer;
import dev.refauth.core.spi.TokenRefresher;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Social login in front of any provider that can issue sessions ({@link SessionIssuer}, as the token battery's
 * provider does). {@code login({providerName})} and {@code GET /auth/{providerName}} redirect to the provider;
 * its callback ({@link ExternalLogin}) checks the answer ({@link SocialLogin}) and has the session issuer sign in
 * the account its directory links to the person. Everything else is the inner provider's, unchanged.
 *
 * <p>The callback answers like a password login: the session and refresh cookies, then a redirect into the
 * application. The access token travels in the redirect URL ({@code ?token=}) only with {@code tokenInUrl}: URLs
 * leak through history, logs and referrers, so keep it off unless a client cannot use cookies.
 */
public final class SocialLoginProvider
    implements AuthProvider, ExternalLogin, TokenRefresher, IdentityCacheAware {
  private final AuthProvider inner;
  private final SessionIssuer issuer;
  private final Optional<SocialLogin> social;
  private final boolean tokenInUrl;
  private final Optional<URI> postLogoutRedirect;
  private static final System.Logger AUDIT = System.getLogger("dev.refauth.audit");

  private SocialLoginProvider(Builder b) {
    this.inner = b.inner;
    this.issuer = (SessionIssuer) b.inner;
    this.social = b.social;
    this.tokenInUrl = b.tokenInUrl;
    this.postLogoutRedirect = b.postLogoutRedirect;
  }

  /**
   * @param inner the provider that signs people in: it must implement {@link SessionIssuer}
   * @throws IllegalArgumentException if it does not
   */
  public static Builder builder(AuthProvider inner) {
    return new Builder(inner);
  }

  /** The configured social providers, in order (empty without social login): for "Sign in with ..." buttons. */
  public List<SocialProvider> providers() {
    return social.map(SocialLogin::providers).orElse(List.of());
  }

  /** The provider behind this one. */
  public AuthProvider inner() {
    return inner;
  }

  @Override
  public AuthActionResponse login(AuthParams params, AuthRequest request) {
    Optional<String> name = params.providerName();
    if (name.isEmpty()) {
      return inner.login(params, request);
    }
    return social
        .map(s -> s.start(name.get(), params.string("to"), request))
        .orElseGet(() -> AuthActionResponse.unsupported("login with providerName"));
  }

  @Override
  public AuthActionResponse callback(String providerName, AuthParams query, AuthRequest request) {
    if (social.isEmpty()) {
      return AuthActionResponse.unsupported("login with providerName");
    }
    SocialLogin login = social.get();
    SocialLogin.Outcome outcome = login.finish(providerName, query, request);
    if (outcome instanceof SocialLogin.Refused refused) {
      // the attempt cookie stays: a forged callback must not break this browser's genuine attempts
      return AuthActionResponse.failure(refused.error());
    }
    SocialLogin.SignedIn in = (SocialLogin.SignedIn) outcome;
    AuthRequest forTenant = in.tenant().map(request::withTenant).orElse(request);
    Optional<AuthActionResponse> signedIn =
        in.upstream().isPresent()
            ? issuer.signInExternal(
                in.identity(),
                forTenant,
                in.upstream().get().seal(upstreamKey(), in.identity().provider()))
            : issuer.signInExternal(in.identity(), forTenant);
    if (signedIn.isEmpty()) {
      String provider =
          login.provider(providerName).map(SocialProvider::displayName).orElse(providerName);
      return AuthActionResponse.failure(
              AuthError.of(
                  "SocialLoginError",
                  "We could not sign you in with "
                      + provider
                      + ". If you already have an account, sign in with your password.",
                  401))
          .withCookie(login.clearAttemptCookie());
    }
    if (!signedIn.get().isSuccess()) {
      // a step still to take (the account's second factor): its page, then the deep link
      AuthActionResponse step = signedIn.get();
      Optional<String> next = step.redirectTo().flatMap(Redirects::safe);
      Optional<String> to = in.to().flatMap(Redirects::safe);
      if (next.isPresent() && to.isPresent()) {
        step =
            step.withRedirectTo(
                next.get()
                    + (next.get().contains("?") ? "&" : "?")
                    + "to="
                    // slashes as they are: a redirect target refuses encoded ones
                    + URLEncoder.encode(to.get(), StandardCharsets.UTF_8).replace("%2F", "/"));
      }
      return step.withCookie(login.clearAttemptCookie());
    }
    String target = in.to().flatMap(Redirects::safe).orElse("/");
    Optional<Object> token = tokenInUrl ? signedIn.get().data("accessToken") : Optional.empty();
    if (token.isPresent()) {
      target += (target.contains("?") ? "&" : "?") + "token=" + token.get();
    }
    return signedIn.get().withRedirectTo(target).withCookie(login.clearAttemptCookie());
  }

  /**
   * The inner provider's sign-out; for a login that a sign-in at a provider with {@code logoutAtProvider} began, its
   * {@code redirectTo} is then that provider's end-session URL, which ends the person's session there and returns the
   * browser to the login page ({@link #postLogoutRedirect}).
   */
  @Override
  public AuthActionResponse logout(AuthParams params, AuthRequest request) {
    // asked before the login ends: afterwards nothing says how it began
    Optional<String> via = social.isPresent() ? issuer.externalProvider(request) : Optional.empty();
    AuthActionResponse out = inner.logout(params, request);
    if (!out.isSuccess() || via.isEmpty() || postLogoutRedirect.isEmpty()) {
      return out;
    }
    return social
        .flatMap(s -> s.provider(via.get()))
        .flatMap(p -> p.endSessionUrl(postLogoutRedirect.get()))
        .map(url -> out.withExitTo(url))
        .orElse(out);
  }

  /**
   * The access token of the caller's identity provider, for the application's calls to the provider's APIs on the
   * person's behalf: for a login that a sign-in at a provider with {@code keepTokens} began, its kept access token while
   * it serves for 5 seconds more, else a fresh one from the kept refresh token (kept in its place). Empty for any other
   * login, when the provider refuses the refresh (the person signed out there, say), or when the kept tokens cannot be
   * read (the signing key changed). Never send it to the browser.
   */
  public Optional<String> upstreamAccessToken(AuthRequest request) {
    Optional<SocialProvider> provider = signedInWith(request);
    if (social.isEmpty() || provider.isEmpty() || !provider.get().keepsTokens()) {
      return Optional.empty();
    }
    String name = provider.get().name();
    Optional<UpstreamTokens> kept =
        issuer
            .keptWithLogin(request)
            .flatMap(box -> UpstreamTokens.unseal(box, upstreamKey(), name));
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    Clock clock = social.get().clock();
    if (kept.get().freshAt(clock.instant(), 5)) {
      return Optional.of(kept.get().accessToken());
    }
    if (kept.get().refreshToken().isEmpty()) {
      return Optional.empty();
    }
    try {
      UpstreamTokens fresh = provider.get().refresh(kept.get().refreshToken().get(), clock);
      issuer.keepWithLogin(request, fresh.seal(upstreamKey(), name));
      return Optional.of(fresh.accessToken());
    } catch (SocialLoginException e) {
      AUDIT.log(
          System.Logger.Level.WARNING,
          "audit upstream_refresh_failed provider=" + name + " reason=" + e.getMessage());
      return Optional.empty();
    }
  }

  /** The provider whose sign-in began the caller's login; empty for any other login. */
  public Optional<SocialProvider> signedInWith(AuthRequest request) {
    return social.flatMap(s -> issuer.externalProvider(request).flatMap(s::provider));
  }

  private byte[] upstreamKey() {
    return issuer.derivedSecret("refauth upstream tokens");
  }

  /**
   * A provider's server ending sessions (OpenID Connect Back-Channel Logout 1.0): a valid logout token, never seen
   * before, ends the logins its sign-ins began, by the provider's session id or, without one, by the person; 400 for
   * anything else, changing nothing.
   */
  @Override
  public AuthActionResponse backChannelLogout(
      String providerName, AuthParams form, AuthRequest request) {
    AuthActionResponse refused =
        AuthActionResponse.failure(
            AuthError.of("invalid_request", "The logout token is not valid", 400));
    if (social.isEmpty()) {
      return AuthActionResponse.unsupported("back-channel logout");
    }
    Optional<SocialLogin.LoggedOut> out =
        form.string("logout_token").flatMap(t -> social.get().logoutToken(providerName, t));
    if (out.isEmpty()) {
      return refused;
    }
    SocialLogin.LoggedOut o = out.get();
    if (!issuer.claimOnce(
        "backchannel-logout\u0000" + o.issuer() + "\u0000" + o.jwtId(), o.replayUntil())) {
      AUDIT.log(
          System.Logger.Level.WARNING,
          "audit backchannel_logout_replayed provider=" + providerName);
      return refused;
    }
    if (!issuer.endExternalSessions(o.issuer(), o.sessionId(), o.subject())) {
      return AuthActionResponse.unsupported("back-channel logout");
    }
    AUDIT.log(
        System.Logger.Level.INFO,
        "audit backchannel_logout provider="
            + providerName
            + (o.sessionId().isPresent() ? " by=session" : " by=subject"));
    return AuthActionResponse.success();
  }

  @Override
  public CheckResponse check(AuthRequest request) {
    return inner.check(request);
  }

  @Override
  public OnErrorResponse onError(AuthError error, AuthRequest request) {
    return inner.onError(error, request);
  }

  @Override
  public AuthActionResponse register(AuthParams params, AuthRequest request) {
    return inner.register(params, request);
  }

  @Override
  public AuthActionResponse forgotPassword(AuthParams params, AuthRequest request) {
    return inner.forgotPassword(params, request);
  }

  @Override
  public AuthActionResponse updatePassword(AuthParams params, AuthRequest request) {
    return inner.updatePassword(params, request);
  }

  @Override
  public Optional<Permissions> getPermissions(AuthRequest request) {
    return inner.getPermissions(request);
  }

  @Override
  public Optional<Identity> getIdentity(AuthRequest request) {
    return inner.getIdentity(request);
  }

  @Override
  public Optional<String> credential(AuthRequest request) {
    return inner.credential(request);
  }

  @Override
  public AuthActionResponse refresh(AuthRequest request) {
    return inner instanceof TokenRefresher refresher
        ? refresher.refresh(request)
        : AuthActionResponse.unsupported("refresh");
  }

  @Override
  public void useIdentityCache(IdentityCache cache) {
    if (inner instanceof IdentityCacheAware aware) {
      aware.useIdentityCache(cache);
    }
  }

  @Override
  public void close() {
    inner.close();
  }

  /** This provider, or what the provider it wraps answers. */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : inner.unwrap(type);
  }

  /** Builds a {@link SocialLoginProvider}. */
  public static final class Builder {
    private final AuthProvider inner;
    private Optional<SocialLogin> social = Optional.empty();
    private boolean tokenInUrl;
    private Optional<URI> postLogoutRedirect = Optional.empty();

    private Builder(AuthProvider inner) {
      Objects.requireNonNull(inner, "inner");
      if (!(inner instanceof SessionIssuer)) {
        throw new IllegalArgumentException(
            "social login needs a provider that issues sessions (a SessionIssuer, such as "
                + "the token battery's provider), not "
                + inner.getClass().getName());
      }
      this.inner = inner;
    }

    /** Social login with these providers. */
    public Builder socialLogin(SocialLogin social) {
      this.social = Optional.of(Objects.requireNonNull(social, "social"));
      return this;
    }

    /**
     * Social login from the provider's settings: the {@code social.*} keys ({@link SocialSettings}), with
     * {@code social.callbackBase} following from {@code <publicOrigin><contextPath><apiPath>} when a public origin is set
     * (a {@code social.callbackBase} that disagrees fails, naming the keys). Attempt cookies are secure when the
     * session issuer's are, and each attempt's secrets are derived from its key.
     *
     * @param settings the provider's settings; only {@code social.*}, {@code publicOrigin}, {@code contextPath} and {@code
     *     apiPath} are read
     * @param attempts where sign-in attempts wait (with several nodes, a shared store)
     * @throws AuthException naming a missing, unknown or bad setting
     */
    public Builder settings(AuthSettings settings, LoginAttemptStore attempts, Clock clock) {
      AuthSettings s = settings.subset("social.");
      Optional<String> origin = settings.get(AuthSettings.PUBLIC_ORIGIN);
      if (origin.isPresent() && s.get("providers").isPresent()) {
        String derived =
            origin.get().replaceAll("/+$", "")
                + settings.string(AuthSettings.CONTEXT_PATH, "")
                + settings.string(AuthSettings.API_PATH, "/auth");
        Optional<String> given = s.get("callbackBase").map(b -> b.replaceAll("/+$", ""));
        if (given.isPresent() && !given.get().equals(derived)) {
          throw new AuthException(
              "setting 'social.callbackBase="
                  + given.get()
                  + "' disagrees with '"
                  + AuthSettings.PUBLIC_ORIGIN
                  + "', the context path and '"
                  + AuthSettings.API_PATH
                  + "' ("
                  + derived
                  + "): leave it out, it follows from them");
        }
        s = s.with("callbackBase", derived);
        postLogoutRedirect(
            URI.create(
                origin.get().replaceAll("/+$", "")
                    + settings.string(AuthSettings.CONTEXT_PATH, "")
                    + settings.string(AuthSettings.LOGIN_PATH, "/login")));
      }
      SessionIssuer issuer = (SessionIssuer) inner;
      this.tokenInUrl = s.bool("tokenInUrl", false);
      this.social =
          SocialSettings.read(
              s,
              attempts,
              issuer.secureCookies(),
              clock,
              issuer.derivedSecret("refauth social sign-in attempt"));
      return this;
    }

    /**
     * Where a provider with {@code logoutAtProvider} returns the browser after ending its session: the login page's
     * public URL, registered with the provider as a post-logout redirect URI (from settings: {@code
     * <publicOrigin><contextPath><loginPath>}).
     */
    public Builder postLogoutRedirect(URI url) {
      this.postLogoutRedirect = Optional.of(Objects.requireNonNull(url, "url"));
      return this;
    }

    /**
     * Opt-in: append {@code ?token=<access token>} to the redirect after a social sign-in, for clients that
     * read it from the URL (the Refine OAuth example). Off by default.
     */
    public Builder tokenInUrl(boolean enabled) {
      this.tokenInUrl = enabled;
      return this;
    }

    public SocialLoginProvider build() {
      return new SocialLoginProvider(this);
    }
  }
}
