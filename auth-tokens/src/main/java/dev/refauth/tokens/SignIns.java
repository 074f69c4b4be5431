package dev.refauth.tokens;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.ExternalAccounts;
import dev.refauth.core.spi.ExternalIdentity;
import dev.refauth.core.spi.SecondFactor;
import dev.refauth.core.spi.UserDirectory;
import dev.refauth.tokens.TokenAuthProvider.SessionMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in, by password (through the directory) or as the person a social provider vouched for, and what a
 * sign-in issues by the {@link SessionMode}: a refresh family with an access token and the refresh cookie, a cookie
 * session, or both.
 */
final class SignIns {
  private static final System.Logger AUDIT = System.getLogger("dev.refauth.audit");

  /** Longer than any factor's challenge lives: a used pending value stays denied at least that long. */
  private static final Duration PENDING_AT_MOST = Duration.ofMinutes(15);

  /** How many step-ups one login may ask for; after them it is refused. */
  private static final int STEP_UPS_PER_LOGIN = 5;

  private final UserDirectory directory;
  private final JwtCodec codec;
  private final TokenStore store;
  private final Clock clock;
  private final SessionCookies cookies;
  private final SessionMode mode;
  private final Duration refreshTtl;
  private final Duration sessionTtl;
  private final Map<String, String> tenantNames;
  private final Optional<SecondFactor> secondFactor;
  private final String secondStepPath;
  private final AuthEventListener events;

  SignIns(ProviderOptions o, SessionCookies cookies) {
    this.directory = o.directory;
    this.codec = o.codec;
    this.store = o.store;
    this.clock = o.clock;
    this.cookies = cookies;
    this.mode = o.mode;
    this.refreshTtl = o.refreshTtl;
    this.sessionTtl = o.sessionTtl;
    this.tenantNames = Map.copyOf(o.tenantNames);
    this.secondFactor = o.secondFactor;
    this.secondStepPath = o.loginPath + "/second-factor";
    this.events = o.events;
  }

  /** A password login: the directory's verdict, and on success a new login (and a remembered-browser cookie). */
  AuthActionResponse login(AuthParams params, AuthRequest request) {
    if (params.providerName().isPresent()) {
      return AuthActionResponse.unsupported(
          "login with providerName"); // the social battery's provider, in front of this one
    }
    AuthRequest forTenant =
        params.tenantId().filter(t -> !t.isBlank()).map(request::withTenant).orElse(request);
    if (params.tenantId().isPresent()
        && request.tenant().isPresent()
        && !params.tenantId().equals(request.tenant())) {
      return AuthActionResponse.failure(
          AuthError.invalidCredentials()); // the body and the request name different tenants
    }
    if (secondFactor.isPresent()
        && Boolean.TRUE.equals(params.get("passkey").orElse(null))
        && params.email().isEmpty()) {
      // a sign-in by passkey alone: the challenge to sign (the second call answers it, as a second
      // step)
      return secondFactor
          .get()
          .challengeAnyone(request)
          .map(this::passkeyChallenge)
          .orElseGet(() -> AuthActionResponse.unsupported("login with a passkey"));
    }
    if (secondFactor.isPresent()
        && SecondFactor.ANSWER_FIELDS.stream().anyMatch(f -> params.get(f).isPresent())) {
      return secondStep(secondFactor.get(), params, request);
    }
    UserDirectory.SignIn outcome =
        directory.attempt(params.email().orElse(""), params.password().orElse(""), forTenant);
    if (outcome instanceof UserDirectory.SignIn.Success ok) {
      Identity identity = ok.authentication().identity();
      Optional<SecondFactor.Challenge> challenge =
          secondFactor.flatMap(f -> f.challenge(identity, params.remember(), request));
      AuthActionResponse r =
          challenge.isPresent()
              ? challenged(challenge.get())
              : signIn(
                  ok.authentication(), request, params.remember(), List.of(), Optional.empty());
      return ok.device().map(d -> r.withCookie(cookies.device(d.token(), d.lifetime()))).orElse(r);
    }
    return outcome instanceof UserDirectory.SignIn.Throttled wait
        ? AuthActionResponse.tooManyAttempts(wait.retryAfter())
        : AuthActionResponse.failure(AuthError.invalidCredentials());
  }

  /**
   * Signs in the account the directory links to {@code identity} ({@link ExternalAccounts}), or answers its second
   * step as a password sign-in would; empty without an account.
   */
  Optional<AuthActionResponse> external(
      ExternalIdentity identity, AuthRequest request, Optional<String> keep) {
    Optional<Authentication> user =
        directory instanceof ExternalAccounts accounts
            ? accounts.signInExternal(identity, request)
            : Optional.empty();
    // the same strength on every path: an account with a second factor gives it after a social
    // sign-in too
    return user.map(
        u ->
            secondFactor
                .flatMap(f -> f.challenge(u.identity(), false, request))
                .map(this::challenged)
                .orElseGet(
                    () ->
                        signIn(
                            u,
                            request,
                            false,
                            List.of(),
                            Optional.of(new External(identity, keep)))));
  }

  /**
   * The step-up: {@code identity}, signed in, gives a second factor again. Its challenge, as after a password (the
   * second step then signs in anew, with a fresh {@code auth_time}); 403 {@link SecondFactor#ENROLMENT_REQUIRED}
   * for an account without one. The request's tenant must be the caller's.
   *
   * <p>A login ({@code family}, its refresh family) may ask for {@value #STEP_UPS_PER_LOGIN} step-ups (counted on
   * every node at once, {@link TokenStore#claim}); after them it is refused with 403 {@code ReauthenticationRequired}
   * and stays signed in otherwise. A stolen session or token gets at most that many challenges' tries at the owner's
   * factor, however long it waits between them; the owner signs in anew, which is a recent second factor too. Only a
   * challenge counts: an account without a second factor is sent to add one, uncounted.
   */
  AuthActionResponse stepUp(Identity identity, Optional<String> family, AuthRequest request) {
    if (secondFactor.isEmpty()) {
      return AuthActionResponse.unsupported("login with stepUp");
    }
    if (request.tenant().isPresent() && !request.tenant().equals(identity.tenant())) {
      return AuthActionResponse.failure(AuthError.forbidden());
    }
    if (secondFactor.get().enrolled(identity.id())
        && family.isPresent()
        && !countStepUp(family.get())) {
      AUDIT.log(
          System.Logger.Level.WARNING,
          "audit step_up_limit account=" + identity.id() + " address=" + request.remoteAddress());
      return AuthActionResponse.failure(
          AuthError.of("ReauthenticationRequired", "Sign in again to confirm it is you", 403));
    }
    return secondFactor
        .get()
        .stepUp(identity, request)
        .map(this::challenged)
        .orElseGet(
            () ->
                AuthActionResponse.failure(
                    AuthError.of(
                        SecondFactor.ENROLMENT_REQUIRED,
                        "Add a second factor to your account first",
                        403)));
  }

  /**
   * Counts one step-up of the login, in the store's deny list (one key claimed per step-up, kept as long as the login
   * can live): false when it has had all it may.
   */
  private boolean countStepUp(String family) {
    Instant now = clock.instant();
    String prefix = "step-up " + IdentityCache.digest(family) + " ";
    for (int i = 0; i < STEP_UPS_PER_LOGIN; i++) {
      if (store.claim(prefix + i, now.plus(refreshTtl), now)) {
        return true;
      }
    }
    return false;
  }

  /** {@code type} of a second step (each factor that passes is a sign-in by its method). */
  private void announce(
      AuthEvent.Type type, Optional<Identity> who, AuthRequest request, AuthEvent.Method method) {
    events.onEvent(
        new AuthEvent(
                type,
                who.map(Identity::id),
                who.flatMap(Identity::tenant).or(request::tenant).orElse(""),
                request.remoteAddress(),
                clock.instant())
            .withMethod(method));
  }

  /** The password was right, and the account has a second factor: no session yet, the second step's page. */
  private AuthActionResponse challenged(SecondFactor.Challenge c) {
    return withData(
        AuthActionResponse.failure(
                AuthError.of(
                    SecondFactor.REQUIRED, "Enter the code from your authenticator app", 401))
            .withRedirectTo(secondStepPath)
            .with("methods", c.methods())
            .withCookie(cookies.pending(c.pending(), c.lifetime())),
        c);
  }

  /** A passkey sign-in's first step: the request options to sign, and the challenge kept in this browser. */
  private AuthActionResponse passkeyChallenge(SecondFactor.Challenge c) {
    return withData(
        AuthActionResponse.failure(
                AuthError.of(SecondFactor.PASSKEY_CHALLENGE, "Sign in with your passkey", 401))
            .withCookie(cookies.pending(c.pending(), c.lifetime())),
        c);
  }

  private static AuthActionResponse withData(AuthActionResponse r, SecondFactor.Challenge c) {
    AuthActionResponse out = r;
    for (Map.Entry<String, Object> e : c.data().entrySet()) {
      out = out.with(e.getKey(), e.getValue());
    }
    return out;
  }

  /**
   * The second step: the answer to the challenge whose value this browser keeps. Without that cookie (another browser,
   * a used or expired challenge) it is refused like a wrong code; it passes once, then the cookie is cleared.
   */
  private AuthActionResponse secondStep(
      SecondFactor factor, AuthParams params, AuthRequest request) {
    Optional<String> pending = cookies.pending(request);
    // a pending value that signed someone in once is dead, whatever parts of it the factors still
    // keep
    Optional<String> used = pending.map(p -> "pending " + IdentityCache.digest(p));
    // the request's tenant must be the account's, the account still one that signs in, and a
    // challenge made before its sessions were all ended (a password change) is dead: asked
    // before any code is spent
    SecondFactor.Admission honoured =
        (subject, tenant, challengedAt) ->
            (request.tenant().isEmpty() || request.tenant().equals(tenant))
                && store.notBefore(subject).map(challengedAt::isAfter).orElse(true);
    SecondFactor.Admission admission =
        (subject, tenant, challengedAt) ->
            honoured.admits(subject, tenant, challengedAt)
                && directory.find(subject, tenant.orElse("")).isPresent();
    SecondFactor.Outcome outcome =
        pending.isEmpty()
                || !factor.answers(params) // an answer of a kind no factor here takes
                || store.isDenied(used.get(), clock.instant())
            ? SecondFactor.Outcome.Refused.INSTANCE
            : factor.answer(pending.get(), params, request, admission);
    AuthEvent.Method method =
        params.get("passkey").isPresent() ? AuthEvent.Method.PASSKEY : AuthEvent.Method.OTP;
    if (outcome instanceof SecondFactor.Outcome.Throttled wait) {
      announce(AuthEvent.Type.THROTTLED, Optional.empty(), request, method);
      return AuthActionResponse.tooManyAttempts(wait.retryAfter());
    }
    if (outcome instanceof SecondFactor.Outcome.Passed passed
        && honoured.admits(passed.subject(), passed.tenant(), passed.challengedAt())) {
      // looked up once more: the account may have been suspended since the factor asked
      Optional<Authentication> user = directory.find(passed.subject(), passed.tenant().orElse(""));
      if (user.isPresent()) {
        store.deny(used.orElseThrow(), clock.instant().plus(PENDING_AT_MOST));
        announce(
            AuthEvent.Type.SIGNED_IN,
            Optional.of(user.get().identity()),
            request,
            passed.amr().contains("hwk") ? AuthEvent.Method.PASSKEY : AuthEvent.Method.OTP);
        return signIn(user.get(), request, passed.remember(), passed.amr(), Optional.empty())
            .withCookie(cookies.clearPending());
      }
    }
    announce(AuthEvent.Type.SIGN_IN_FAILED, Optional.empty(), request, method);
    return AuthActionResponse.failure(
        AuthError.of("InvalidCode", "The code is not valid, or the sign-in expired", 401));
  }

  /**
   * A new login of {@code identity}: refresh family, session, access token; the response carries the cookies. A login
   * that an external sign-in began ({@code external}) is tied to its provider's session and subject, whose logout
   * ends it ({@link #externalKey}).
   */
  private AuthActionResponse signIn(
      Authentication user,
      AuthRequest request,
      boolean remember,
      List<String> amr,
      Optional<External> external) {
    Identity identity = user.identity();
    Instant now = clock.instant();
    String familyId = SecureTokens.random(16);
    String refresh = SecureTokens.random(32);
    store.createFamily(
        new TokenStore.Family(
            familyId, identity.id(), identity.tenant(), now, now.plus(refreshTtl), amr),
        IdentityCache.digest(refresh),
        now);
    external.ifPresent(
        x -> {
          ExternalIdentity e = x.identity();
          store.linkExternal(
              familyId,
              e.provider(),
              externalKey(e.issuer(), "sub", e.subject()),
              e.sessionId().map(sid -> externalKey(e.issuer(), "sid", sid)));
          x.keep().map(k -> sealKept(codec, familyId, k)).ifPresent(k -> keep(store, familyId, k));
        });
    String session = SecureTokens.random(32);
    if (mode.cookies()) {
      store.createSession(
          new TokenStore.Session(
              IdentityCache.digest(session),
              identity.id(),
              identity.tenant(),
              familyId,
              now,
              now.plus(sessionTtl),
              now,
              amr));
    }
    AuthActionResponse r = AuthActionResponse.signedIn();
    if (mode.tokens()) {
      String token =
          codec
              .issue(
                  profiled(
                      new AccessClaims(
                          identity.id(),
                          identity.tenant(),
                          Optional.of(familyId),
                          amr,
                          Optional.of(now)),
                      codec,
                      user))
              .token();
      r = r.withAccessToken(token, codec.accessTtl()).withCookie(cookies.refresh(request, refresh));
    }
    if (mode.cookies()) {
      r = r.withCookie(remember ? cookies.session(session, sessionTtl) : cookies.session(session));
    }
    return identity.tenant().isPresent()
        ? r.with("tenant", tenantJson(identity.tenant().get()))
        : r;
  }

  /** Keeps {@code sealed} with the login when it fits; a provider's outsized tokens are not kept (logged). */
  static boolean keep(TokenStore store, String familyId, String sealed) {
    if (sealed.length() > TokenStore.KEPT_MAX) {
      AUDIT.log(
          System.Logger.Level.WARNING,
          "audit kept_too_large length="
              + sealed.length()
              + ": the provider's tokens are not kept");
      return false;
    }
    store.keep(familyId, sealed);
    return true;
  }

  /** Another battery's state as the login keeps it: sealed under a key derived from the signing key, bound to it. */
  static String sealKept(JwtCodec codec, String familyId, String value) {
    return SecureTokens.seal(keptKey(codec), "refauth kept with login " + familyId, value);
  }

  /** The state {@link #sealKept} sealed for this login; empty under another key or for another login's value. */
  static Optional<String> openKept(JwtCodec codec, String familyId, String box) {
    return SecureTokens.open(keptKey(codec), "refauth kept with login " + familyId, box);
  }

  private static byte[] keptKey(JwtCodec codec) {
    return codec.derivedSecret("refauth kept with login").orElseThrow();
  }

  /** An external sign-in: who the provider vouched for, and the state kept with the login. */
  private record External(ExternalIdentity identity, Optional<String> keep) {}

  /** The claims with the MicroProfile profile's {@code groups} and {@code upn} when the codec has it. */
  static AccessClaims profiled(AccessClaims claims, JwtCodec codec, Authentication user) {
    return codec.microProfile()
        ? claims.withGroups(user.permissions().asStrings(), user.identity().email())
        : claims;
  }

  /** The digest a provider's logout finds a login by: its session id ({@code sid}) or its subject ({@code sub}). */
  static String externalKey(String issuer, String kind, String value) {
    return IdentityCache.digest("external\u0000" + kind + "\u0000" + issuer + "\u0000" + value);
  }

  private Map<String, String> tenantJson(String tenant) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("id", tenant);
    m.put("name", tenantNames.getOrDefault(tenant, tenant));
    return m;
  }
}
