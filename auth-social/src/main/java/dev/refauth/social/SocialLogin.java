package dev.refauth.social;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.core.spi.ExternalIdentity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Social sign-in: the two legs of the authorization-code flow, for the providers configured here.
 *
 * <ol>
 *   <li>{@link #start}: a fresh {@code state} (256 bits) is stored as a {@link LoginAttempt} under its digest (the
 *       {@code nonce} and PKCE verifier are derived from it under a server key, never stored), bound to this browser
 *       by an httpOnly
 *       {@code SameSite=Lax} cookie ({@value #ATTEMPT_COOKIE}, 10 minutes) and to this provider; the answer
 *       redirects to the provider.
 *   <li>{@link #finish}: the attempt is consumed (once, whatever happens next), and must belong to this
 *       browser and this provider; an {@code iss} in the callback (RFC 9207) must be the provider's; then the
 *       code is exchanged with the verifier and the person is verified ({@link SocialProvider}).
 * </ol>
 * Every refusal answers a generic message and logs the reason (never a token, code or secret).
 * Turning the person into a local account, and the account into a session, is the caller's work.
 */
public final class SocialLogin {
  /** The attempt cookie ({@code __Host-} prefixed when cookies are secure). */
  public static final String ATTEMPT_COOKIE = "refauth_oauth";

  private static final System.Logger LOG = System.getLogger(SocialLogin.class.getName());
  private static final int MAX_PARAM = 2048;

  private final Map<String, SocialProvider> providers;
  private final LoginAttemptStore attempts;
  private final URI callbackBase;
  private final Clock clock;
  private final Duration attemptTtl;
  private final boolean secureCookies;
  private final String cookieName;

  /** Derives each attempt's nonce and PKCE verifier from its state. */
  private final byte[] secret;

  /** What a callback came to. */
  public sealed interface Outcome permits SignedIn, Refused {}

  /**
   * The provider vouched for {@code identity}.
   *
   * @param to the local path the sign-in started from, if any (validate before redirecting)
   * @param tenant the tenant the attempt started in, if any
   */
  public record SignedIn(
      ExternalIdentity identity,
      Optional<String> to,
      Optional<String> tenant,
      Optional<UpstreamTokens> upstream)
      implements Outcome {
    /** Shows no token. */
    @Override
    public String toString() {
      return "SignedIn[" + identity.provider() + ", to=" + to + ", tenant=" + tenant + "]";
    }
  }

  /** The clock of this social login. */
  Clock clock() {
    return clock;
  }

  /** The callback was refused; {@code error} is what the user sees. */
  public record Refused(AuthError error) implements Outcome {}

  private SocialLogin(Builder b) {
    this.providers = Map.copyOf(b.providers);
    this.attempts = b.attempts;
    this.callbackBase = b.callbackBase;
    this.clock = b.clock;
    this.attemptTtl = b.attemptTtl;
    this.secureCookies = b.secureCookies;
    this.cookieName = secureCookies ? "__Host-" + ATTEMPT_COOKIE : ATTEMPT_COOKIE;
    this.order = List.copyOf(b.providers.keySet());
    this.secret = b.secret.clone();
  }

  private final List<String> order;

  /**
   * @param callbackBase the public URL of the auth API ({@code https://app.example.com/auth}); each
   *     provider's redirect URI is {@code callbackBase/{name}/callback}, registered with the provider. Never
   *     taken from the request's {@code Host}.
   */
  public static Builder builder(URI callbackBase, LoginAttemptStore attempts) {
    return new Builder(callbackBase, attempts);
  }

  /** The configured providers, in configuration order (for "Sign in with ..." buttons). */
  public List<SocialProvider> providers() {
    return order.stream().map(providers::get).toList();
  }

  public Optional<SocialProvider> provider(String name) {
    return Optional.ofNullable(name).map(providers::get);
  }

  /**
   * A valid logout token of {@code providerName}: what it ends, and until when its {@code jti} must not be seen again.
   */
  record LoggedOut(
      String issuer,
      Optional<String> sessionId,
      Optional<String> subject,
      String jwtId,
      Instant replayUntil) {}

  /** How old a logout token may be: a provider sends it at once, and its {@code jti} is remembered that long. */
  static final Duration LOGOUT_TOKEN_MAX_AGE = Duration.ofMinutes(10);

  /** The logout token checked ({@link SocialProvider#verifyLogoutToken}); empty when it is not valid. */
  Optional<LoggedOut> logoutToken(String providerName, String token) {
    Optional<SocialProvider> p = provider(providerName);
    if (p.isEmpty() || token.isEmpty() || token.length() > 8192) {
      return Optional.empty();
    }
    try {
      var claims = p.get().verifyLogoutToken(token, clock, LOGOUT_TOKEN_MAX_AGE);
      Instant issued = claims.getIssueTime().toInstant();
      return Optional.of(
          new LoggedOut(
              p.get().issuer(),
              Optional.ofNullable(claims.getSessionID()).map(s -> s.getValue()),
              Optional.ofNullable(claims.getSubject()).map(s -> s.getValue()),
              claims.getJWTID().getValue(),
              issued.plus(LOGOUT_TOKEN_MAX_AGE).plusSeconds(120)));
    } catch (SocialLoginException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "audit backchannel_logout_refused provider={0} reason={1}",
          providerName,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** The redirect URI registered for {@code provider}. */
  public URI redirectUri(SocialProvider provider) {
    return URI.create(
        callbackBase.toString().replaceAll("/+$", "") + "/" + provider.name() + "/callback");
  }

  /**
   * The first leg: success with {@code redirectTo} the provider's authorization URL, and the attempt cookie.
   *
   * @param to where to go after sign-in (a local path; checked again when used)
   */
  public AuthActionResponse start(String providerName, Optional<String> to, AuthRequest request) {
    Optional<SocialProvider> provider = provider(providerName);
    if (provider.isEmpty()) {
      return AuthActionResponse.failure(unknownProvider());
    }
    String browser = browserCookie(request).orElseGet(() -> SecureTokens.random(32));
    String state = SecureTokens.random(32);
    String nonce = SecureTokens.derived(secret, "nonce " + state);
    String verifier = SecureTokens.derived(secret, "pkce " + state);
    Instant now = clock.instant();
    URI url;
    try {
      url = provider.get().authorizationUrl(redirectUri(provider.get()), state, nonce, verifier);
    } catch (SocialLoginException e) {
      return AuthActionResponse.failure(failure(provider.get(), e));
    }
    attempts.save(
        IdentityCache.digest(state),
        new LoginAttempt(
            provider.get().name(),
            IdentityCache.digest(browser),
            to.flatMap(dev.refauth.core.internal.Redirects::safe)
                .filter(t -> t.length() <= MAX_PARAM),
            request.tenant(),
            now.plus(attemptTtl)));
    return AuthActionResponse.success(url.toString())
        .withCookie(
            ResponseCookie.of(cookieName, browser)
                .withPath("/")
                .withSecure(secureCookies)
                .withSameSite(ResponseCookie.SameSite.LAX)
                .withMaxAge(attemptTtl));
  }

  /**
   * The second leg, from the callback's parameters {@code code}, {@code state}, {@code error} and
   * {@code iss}.
   */
  public Outcome finish(String providerName, AuthParams params, AuthRequest request) {
    Optional<SocialProvider> found = provider(providerName);
    if (found.isEmpty()) {
      return new Refused(unknownProvider());
    }
    SocialProvider provider = found.get();
    Optional<String> state = bounded(params.string("state"));
    Optional<LoginAttempt> attempt =
        state.flatMap(s -> attempts.consume(IdentityCache.digest(s), clock.instant()));
    if (params.string("error").isPresent()) {
      LOG.log(
          System.Logger.Level.INFO,
          "social sign-in with {0}: the provider answered an error",
          provider.name());
      return new Refused(
          AuthError.of(
              "SocialLoginError",
              "Sign-in with " + provider.displayName() + " was cancelled.",
              401));
    }
    Optional<String> code = bounded(params.string("code"));
    if (attempt.isEmpty() || code.isEmpty()) {
      return refuse(provider, code.isEmpty() ? "no code" : "unknown, used or expired state");
    }
    LoginAttempt a = attempt.get();
    if (!a.provider().equals(provider.name())) {
      return refuse(provider, "the state belongs to provider " + a.provider());
    }
    if (!browserCookie(request)
        .map(IdentityCache::digest)
        .map(h -> SecureTokens.constantTimeEquals(h, a.browserHash()))
        .orElse(false)) {
      return refuse(provider, "the state belongs to another browser");
    }
    Optional<String> iss = params.string("iss");
    if (iss.isPresent() && !iss.get().equals(provider.issuer())) {
      return refuse(provider, "the callback names another issuer (mix-up)");
    }
    try {
      if (iss.isEmpty() && provider.requiresIssuerInResponse()) {
        return refuse(provider, "the callback lacks the iss its provider sends (RFC 9207)");
      }
    } catch (SocialLoginException e) {
      return new Refused(failure(provider, e));
    }
    if (request.tenant().isPresent()
        && a.tenant().isPresent()
        && !request.tenant().equals(a.tenant())) {
      return refuse(provider, "the callback resolves another tenant than the attempt");
    }
    try {
      ProviderProtocol.Exchanged exchanged =
          provider.exchange(
              code.get(),
              SecureTokens.derived(secret, "nonce " + state.get()),
              SecureTokens.derived(secret, "pkce " + state.get()),
              redirectUri(provider),
              clock);
      return new SignedIn(exchanged.identity(), a.to(), a.tenant(), exchanged.tokens());
    } catch (SocialLoginException e) {
      return new Refused(failure(provider, e));
    }
  }

  /** Clears the attempt cookie (after a callback, whatever its outcome). */
  public ResponseCookie clearAttemptCookie() {
    return ResponseCookie.clear(cookieName)
        .withPath("/")
        .withSecure(secureCookies)
        .withSameSite(ResponseCookie.SameSite.LAX);
  }

  private Optional<String> browserCookie(AuthRequest request) {
    List<String> values = request.cookies(cookieName);
    return values.size() == 1
            && values.get(0).length() == 43
            && values.get(0).matches("[A-Za-z0-9_-]+")
        ? Optional.of(values.get(0))
        : Optional.empty();
  }

  private static Optional<String> bounded(Optional<String> value) {
    return value.filter(v -> !v.isEmpty() && v.length() <= MAX_PARAM);
  }

  /** Text that may come from a provider's answer, as one log line: control characters shown as {@code ?}. */
  private static String oneLine(String text) {
    return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
  }

  private static Refused refuse(SocialProvider provider, String reason) {
    LOG.log(
        System.Logger.Level.INFO,
        "social sign-in with {0} refused: {1}",
        provider.name(),
        oneLine(reason));
    return new Refused(
        AuthError.of(
            "SocialLoginError",
            "This sign-in attempt is invalid or has expired. Please try again.",
            400));
  }

  private static AuthError failure(SocialProvider provider, SocialLoginException e) {
    LOG.log(
        System.Logger.Level.INFO,
        "social sign-in with {0} failed: {1}",
        provider.name(),
        oneLine(String.valueOf(e.getMessage())));
    return e.unavailable()
        ? AuthError.of(
            "SocialLoginError",
            provider.displayName() + " cannot be reached now. Please try again later.",
            503)
        : AuthError.of(
            "SocialLoginError",
            "Sign-in with " + provider.displayName() + " did not succeed. Please try again.",
            401);
  }

  private static AuthError unknownProvider() {
    return AuthError.of("SocialLoginError", "Unknown sign-in provider.", 404);
  }

  /** Builds {@link SocialLogin}. */
  public static final class Builder {
    private final URI callbackBase;
    private final LoginAttemptStore attempts;
    private final Map<String, SocialProvider> providers = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private Duration attemptTtl = Duration.ofMinutes(10);
    private boolean secureCookies = true;
    private byte[] secret = Base64.getUrlDecoder().decode(SecureTokens.random(32));

    private Builder(URI callbackBase, LoginAttemptStore attempts) {
      if (callbackBase == null || attempts == null) {
        throw new AuthException(
            "social login needs its public callback base URL and an attempt store");
      }
      String scheme = callbackBase.getScheme();
      if (!("https".equals(scheme) || "http".equals(scheme))
          || callbackBase.getHost() == null
          || callbackBase.getRawQuery() != null) {
        throw new AuthException(
            "the social callback base must be an absolute http(s) URL such as https://app.example.com/auth: "
                + callbackBase);
      }
      this.callbackBase = callbackBase;
      this.attempts = attempts;
    }

    public Builder provider(SocialProvider provider) {
      if (providers.putIfAbsent(provider.name(), provider) != null) {
        throw new AuthException("two social providers are named '" + provider.name() + "'");
      }
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How long a started sign-in may take (default 10 minutes). */
    public Builder attemptTtl(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(1)) > 0) {
        throw new AuthException("the social attempt lifetime must be from 1 s to 1 h");
      }
      this.attemptTtl = ttl;
      return this;
    }

    /** {@code false} only for plain-http development on localhost. */
    public Builder secureCookies(boolean secure) {
      this.secureCookies = secure;
      return this;
    }

    /**
     * The key each attempt's nonce and PKCE verifier are derived from (at least 256 bits). Every node that may take
     * a callback needs the same one; the default is a random key of this instance, enough for one node.
     * {@link SocialLoginProvider.Builder#settings} passes one derived from the session issuer's signing key.
     */
    public Builder secret(byte[] key) {
      if (key == null || key.length < 32) {
        throw new AuthException("the social login secret must be at least 256 bits");
      }
      this.secret = key.clone();
      return this;
    }

    public SocialLogin build() {
      return new SocialLogin(this);
    }
  }
}
