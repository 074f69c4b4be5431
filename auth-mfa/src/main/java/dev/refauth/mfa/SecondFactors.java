package dev.refauth.mfa;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.SecondFactor;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * An account's second factor, end to end over a {@link SecondFactorStore}: enrolment (a new secret, shown once as a
 * URI and a QR code, counting only once a first code confirms it), the check of a code or a recovery code at sign-in
 * (each good once, on every node), new recovery codes, removal. Thread-safe.
 *
 * <h2>As the provider's {@link SecondFactor}</h2>
 * Give it to the token provider ({@code TokenAuthProvider.Builder.secondFactor}): a right password on an account with
 * a confirmed factor then answers a challenge ({@value #PENDING_MINUTES} minutes, {@value #TRIES} tries, kept in the
 * store only as a digest), and the second {@code login} with {@code code} or {@code recoveryCode} completes it, once.
 * Wrong answers count per account across challenges: after {@value #FREE_FAILURES} in a row the account waits a
 * minute, doubling up to {@value #MAX_LOCK_MINUTES} minutes, before any answer is checked; a right one starts the
 * count again. Only someone who knows the password can make wrong answers, so the lock never reaches an owner whose
 * password is safe.
 *
 * <p>The {@code /auth/second-factor} endpoint's {@code action}s, for the signed-in caller:
 * <ul>
 *   <li>{@code status}: {@code enrolled}, {@code methods}, {@code recoveryCodesLeft};
 *   <li>{@code begin-totp}: a new secret ({@code secret}, {@code uri}, {@code qrSvg}), shown once; 409 when a factor
 *       is confirmed already;
 *   <li>{@code confirm-totp} with {@code code}: the factor counts from now; answers the ten {@code recoveryCodes}, once;
 *   <li>{@code new-recovery-codes} and {@code remove}, each with a fresh {@code code} or {@code recoveryCode}: new
 *       codes (the old die), or no second factor any more.
 * </ul>
 */
public final class SecondFactors implements SecondFactor {
  static final int PENDING_MINUTES = 5;
  static final int TRIES = 5;
  static final int FREE_FAILURES = 5;
  static final int MAX_LOCK_MINUTES = 15;

  /** Longer answers are wrong without being read (a recovery code typed with spaces is under 40). */
  private static final int MAX_ANSWER = 64;

  private static final System.Logger AUDIT = System.getLogger("dev.refauth.audit");
  private static final List<String> METHODS = List.of("totp", "recovery");
  private static final List<String> AMR = List.of("pwd", "otp", "mfa");

  /** A step-up's: a code now, over a session (whose first factor is not given again). */
  private static final List<String> STEP_UP_AMR = List.of("otp", "mfa");

  /** What an enrolment shows the user, once: the secret as text, its URI, and that URI as a QR code. */
  public record Enrolment(String secretText, URI uri, String qrSvg) {
    @Override
    public String toString() {
      return "Enrolment[hidden]";
    }
  }

  /** The outcome of confirming an enrolment. */
  public sealed interface Confirmation {
    /** Confirmed: the recovery codes, to show once and never again. */
    record Confirmed(List<String> recoveryCodes) implements Confirmation {
      @Override
      public String toString() {
        return "Confirmed[" + recoveryCodes.size() + " recovery codes]";
      }
    }

    /** The code is wrong (or too old), or there is no enrolment to confirm. */
    record Refused() implements Confirmation {}
  }

  private final SecondFactorStore store;
  private final SecretBox box;
  private final Totp totp;
  private final SecureRandom random;
  private final Clock clock;
  private final AuthEventListener events;
  private final String issuer;

  private SecondFactors(Builder b) {
    this.store = b.store;
    this.box = b.box;
    this.random = b.random;
    this.clock = b.clock;
    this.events = b.events;
    this.totp = Totp.standard(b.clock);
    this.issuer = b.issuer;
  }

  /**
   * A builder over this store and this box (whose key seals the secrets).
   *
   * @param issuer the name authenticator apps show beside the account ({@code Acme})
   */
  public static Builder builder(SecondFactorStore store, SecretBox box, String issuer) {
    return new Builder(store, box, issuer);
  }

  /** Whether the account has a confirmed second factor (and so needs it to sign in). */
  public boolean enabled(String accountId) {
    return store.totp(accountId).filter(SecondFactorStore.TotpEnrolment::confirmed).isPresent();
  }

  /**
   * Starts (or restarts) an enrolment; empty when the account has a confirmed second factor already (remove it first).
   *
   * @param accountLabel what authenticator apps show for the account (its email)
   */
  public Optional<Enrolment> begin(String accountId, String accountLabel) {
    TotpSecret secret = TotpSecret.generate(random);
    if (!store.beginTotp(accountId, box.seal(secret.bytes(), accountId), clock.instant())) {
      return Optional.empty();
    }
    URI uri = secret.otpauthUri(issuer, accountLabel);
    return Optional.of(new Enrolment(secret.base32(), uri, QrCodes.svg(uri.toString())));
  }

  /** Confirms the enrolment with a first code from the authenticator; that code is then used up. */
  public Confirmation confirm(String accountId, String code) {
    Optional<SecondFactorStore.TotpEnrolment> pending =
        store.totp(accountId).filter(e -> !e.confirmed());
    if (pending.isEmpty()) {
      return new Confirmation.Refused();
    }
    Optional<TotpSecret> secret = open(accountId, pending.get());
    OptionalLong step =
        secret.isEmpty() ? OptionalLong.empty() : totp.verify(secret.get(), code, Totp.NONE_USED);
    if (step.isEmpty()) {
      return new Confirmation.Refused();
    }
    List<String> codes = RecoveryCodes.generate(random);
    if (!store.confirmTotp(accountId, step.getAsLong(), digests(codes), clock.instant())) {
      return new Confirmation.Refused(); // confirmed meanwhile by another request
    }
    return new Confirmation.Confirmed(codes);
  }

  /** Whether {@code code} is the account's current TOTP code, not used before; it is used up if so. */
  public boolean verifyCode(String accountId, String code) {
    return check(accountId, code, () -> true) == CodeCheck.RIGHT;
  }

  /**
   * What a sign-in code is to the account: right (and now used up), of a step used already, wrong, or right but its
   * challenge ended by another answer first (nothing used up).
   */
  private enum CodeCheck {
    RIGHT,
    USED,
    WRONG,
    LOST
  }

  private CodeCheck check(String accountId, String code, BooleanSupplier claim) {
    Optional<SecondFactorStore.TotpEnrolment> enrolled =
        store.totp(accountId).filter(SecondFactorStore.TotpEnrolment::confirmed);
    Optional<TotpSecret> secret = enrolled.flatMap(e -> open(accountId, e));
    if (secret.isEmpty()) {
      return CodeCheck.WRONG;
    }
    OptionalLong step = totp.verify(secret.get(), code, enrolled.get().lastUsedStep());
    if (step.isPresent()) {
      if (!claim.getAsBoolean()) {
        return CodeCheck.LOST;
      }
      // the store's compare-and-set decides between two nodes given the same code at once
      return store.useStep(accountId, step.getAsLong()) ? CodeCheck.RIGHT : CodeCheck.USED;
    }
    return totp.verify(secret.get(), code, Totp.NONE_USED).isPresent()
        ? CodeCheck.USED
        : CodeCheck.WRONG;
  }

  /** A recovery code as {@link #check} sees a TOTP code: used up only if it is right and {@code claim} says so. */
  private CodeCheck recoveryCode(String accountId, String code, BooleanSupplier claim) {
    String digest = RecoveryCodes.digest(code);
    if (code.isBlank() || !enabled(accountId) || !store.hasRecoveryCode(accountId, digest)) {
      return CodeCheck.WRONG;
    }
    if (!claim.getAsBoolean()) {
      return CodeCheck.LOST;
    }
    return store.useRecoveryCode(accountId, digest, clock.instant())
        ? CodeCheck.RIGHT
        : CodeCheck.LOST; // used meanwhile by another challenge
  }

  /** Whether {@code code} is one of the account's unused recovery codes; it is used up if so. */
  public boolean useRecoveryCode(String accountId, String code) {
    return code != null
        && !code.isBlank()
        && enabled(accountId)
        && store.useRecoveryCode(accountId, RecoveryCodes.digest(code), clock.instant());
  }

  /** New recovery codes for an account with a second factor (every old one dies); empty without one. */
  public Optional<List<String>> newRecoveryCodes(String accountId) {
    if (!enabled(accountId)) {
      return Optional.empty();
    }
    List<String> codes = RecoveryCodes.generate(random);
    store.replaceRecoveryCodes(accountId, digests(codes), clock.instant());
    return Optional.of(codes);
  }

  /** How many unused recovery codes the account has. */
  public int recoveryCodesLeft(String accountId) {
    return store.recoveryCodesLeft(accountId);
  }

  /** Removes the account's second factor and recovery codes (the caller checked that the owner asks). */
  public void remove(String accountId) {
    store.remove(accountId);
  }

  @Override
  public Optional<Challenge> challenge(Identity identity, boolean remember, AuthRequest request) {
    return pending(identity, remember, false);
  }

  /** A step-up: its wrong answers count against the account's changes, never its sign-in. */
  @Override
  public Optional<Challenge> stepUp(Identity identity, AuthRequest request) {
    return pending(identity, false, true);
  }

  private Optional<Challenge> pending(Identity identity, boolean remember, boolean stepUp) {
    if (!enabled(identity.id())) {
      return Optional.empty();
    }
    String pending = SecureTokens.random(32);
    Duration lifetime = Duration.ofMinutes(PENDING_MINUTES);
    store.createPending(
        IdentityCache.digest(pending),
        new SecondFactorStore.PendingSignIn(
            identity.id(),
            identity.tenant(),
            remember,
            clock.instant().plus(lifetime),
            TRIES,
            stepUp));
    return Optional.of(new Challenge(pending, METHODS, lifetime));
  }

  @Override
  public Outcome answer(
      String pending, AuthParams params, AuthRequest request, Admission admission) {
    String digest = IdentityCache.digest(pending);
    Optional<SecondFactorStore.PendingSignIn> p = store.spendTry(digest, clock.instant());
    if (p.isEmpty()) {
      return Outcome.Refused.INSTANCE;
    }
    String account = p.get().accountId();
    Instant challengedAt = p.get().expires().minus(Duration.ofMinutes(PENDING_MINUTES));
    if (!admission.admits(account, p.get().tenant(), challengedAt)) {
      store.finishPending(digest); // never to be honoured: it ends before any code is looked at
      return Outcome.Refused.INSTANCE;
    }
    // a step-up is reached by whoever holds a session: its guesses count apart from the sign-in's,
    // so that they can never lock the owner out of signing in
    SecondFactorStore.Counter counter =
        p.get().stepUp() ? SecondFactorStore.Counter.CHANGE : SecondFactorStore.Counter.SIGN_IN;
    Optional<Duration> wait = lockedFor(account, counter);
    if (wait.isPresent()) {
      return new Outcome.Throttled(wait.get());
    }
    // the challenge is ended once the answer is known right and before anything is used up: of two
    // answers at once (or on two nodes) one ends it, and the other spends nothing; the admission
    // is asked again there, for an account suspended or a password changed while the answer came
    BooleanSupplier claim =
        () -> {
          boolean admitted = admission.admits(account, p.get().tenant(), challengedAt);
          return store.finishPending(digest) && admitted; // ended either way
        };
    if (!passes(account, p.get().tenant(), params, request, counter, claim)) {
      return Outcome.Refused.INSTANCE;
    }
    if (!p.get().stepUp()) {
      // password and factor together: the owner, whose changes a session's guesses no longer hold,
      // nor the step-ups it asked for before
      store.clearFailures(account, SecondFactorStore.Counter.CHANGE);
      store.finishStepUps(account);
    }
    audit(p.get().stepUp() ? "mfa_step_up" : "mfa_success", account, request);
    return new Outcome.Passed(
        account,
        p.get().tenant(),
        p.get().stepUp() ? STEP_UP_AMR : AMR,
        p.get().remember(),
        challengedAt);
  }

  /** A new TOTP secret, new recovery codes, removal. */
  @Override
  public boolean needsRecentSignIn(String action) {
    return action.equals("begin-totp")
        || action.equals("new-recovery-codes")
        || action.equals("remove");
  }

  @Override
  public boolean enrolled(String subject) {
    return enabled(subject);
  }

  @Override
  public AuthActionResponse manage(Identity caller, AuthParams params, AuthRequest request) {
    String id = caller.id();
    String action = params.string("action").orElse("");
    switch (action) {
      case "status":
        return AuthActionResponse.success()
            .with("enrolled", enabled(id))
            .with("totp", enabled(id))
            .with("methods", enabled(id) ? METHODS : List.of())
            .with("recoveryCodesLeft", recoveryCodesLeft(id));
      case "begin-totp":
        return begin(id, caller.email().orElse(id))
            .map(
                e ->
                    AuthActionResponse.success()
                        .with("secret", e.secretText())
                        .with("uri", e.uri().toString())
                        .with("qrSvg", e.qrSvg()))
            .orElseGet(
                () ->
                    failure(
                        "AlreadyEnrolled",
                        "Remove the second factor before enrolling another",
                        409));
      case "confirm-totp":
        if (confirm(id, params.string("code").orElse("")) instanceof Confirmation.Confirmed c) {
          audit("mfa_enrolled", id, request);
          announce(AuthEvent.Type.SECOND_FACTOR_ADDED, id, caller.tenant(), request);
          return AuthActionResponse.success().with("recoveryCodes", c.recoveryCodes());
        }
        return invalidCode();
      case "new-recovery-codes":
      case "remove":
        return changeWithFreshCheck(action, caller, params, request);
      default:
        return failure("BadRequest", "Unknown action", 400);
    }
  }

  /** A change that needs a fresh code from the owner: new recovery codes, or removal. */
  private AuthActionResponse changeWithFreshCheck(
      String action, Identity caller, AuthParams params, AuthRequest request) {
    String id = caller.id();
    if (!enabled(id)) {
      return failure("NotEnrolled", "There is no second factor", 409);
    }
    Optional<Duration> wait = lockedFor(id, SecondFactorStore.Counter.CHANGE);
    if (wait.isPresent()) {
      return AuthActionResponse.tooManyAttempts(wait.get());
    }
    if (!passes(
        id, caller.tenant(), params, request, SecondFactorStore.Counter.CHANGE, () -> true)) {
      return invalidCode();
    }
    if (action.equals("remove")) {
      remove(id);
      audit("mfa_removed", id, request);
      announce(AuthEvent.Type.SECOND_FACTOR_REMOVED, id, caller.tenant(), request);
      return AuthActionResponse.success();
    }
    List<String> codes = newRecoveryCodes(id).orElseThrow();
    audit("mfa_recovery_codes_renewed", id, request);
    announce(AuthEvent.Type.RECOVERY_CODES_RENEWED, id, caller.tenant(), request);
    return AuthActionResponse.success().with("recoveryCodes", codes);
  }

  /**
   * Whether {@code params} holds a right code or recovery code of the account (exactly one of them), used up if so
   * and if {@code claim} (asked once the answer is known right, before anything is used up) says this call may; a
   * wrong one counts against the account, a right one starts the count again.
   */
  private boolean passes(
      String account,
      Optional<String> tenant,
      AuthParams params,
      AuthRequest request,
      SecondFactorStore.Counter counter,
      BooleanSupplier claim) {
    Optional<String> code = params.get("code").flatMap(SecondFactors::codeText);
    Optional<String> recovery = params.string("recoveryCode");
    boolean shape =
        code.isPresent() != recovery.isPresent()
            && code.orElse("").length() <= MAX_ANSWER
            && recovery.orElse("").length() <= MAX_ANSWER;
    CodeCheck result =
        !shape
            ? CodeCheck.WRONG
            : code.isPresent()
                ? check(account, code.get(), claim)
                : recoveryCode(account, recovery.get(), claim);
    if (result == CodeCheck.LOST) {
      return false; // another answer to the same challenge ended it first: nothing spent here
    }
    if (result == CodeCheck.USED) {
      // the right code, used a moment ago (a second tab, a double click): refused, not counted
      // against the owner
      return false;
    }
    if (result == CodeCheck.WRONG) {
      store.recordFailure(account, counter, clock.instant());
      audit("mfa_fail", account, request);
      return false;
    }
    store.clearFailures(account, counter);
    if (recovery.isPresent()) {
      audit("mfa_recovery_code_used", account, request);
      announce(AuthEvent.Type.RECOVERY_CODE_USED, account, tenant, request);
    }
    return true;
  }

  /** A code as text: a string, or a JSON number of up to six digits (a client that dropped the quotes). */
  private static Optional<String> codeText(Object value) {
    if (value instanceof String s) {
      return Optional.of(s);
    }
    if (value instanceof Integer || value instanceof Long) {
      long n = ((Number) value).longValue();
      return n >= 0 && n <= 999_999 ? Optional.of(String.format("%06d", n)) : Optional.of("x");
    }
    return Optional.of("x"); // present but no code: wrong
  }

  /** How long the account must wait before an answer of this purpose is checked; empty when it need not. */
  private Optional<Duration> lockedFor(String account, SecondFactorStore.Counter counter) {
    SecondFactorStore.Failures f = store.failures(account, counter);
    if (f.count() < FREE_FAILURES) {
      return Optional.empty();
    }
    int over = Math.min(f.count() - FREE_FAILURES, 4); // 1, 2, 4, 8, then 15 minutes
    Duration lock = Duration.ofMinutes(Math.min(1L << over, MAX_LOCK_MINUTES));
    Duration left = Duration.between(clock.instant(), f.last().plus(lock));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  private static AuthActionResponse invalidCode() {
    return failure("InvalidCode", "The code is not valid", 400);
  }

  private static AuthActionResponse failure(String name, String message, int status) {
    return AuthActionResponse.failure(AuthError.of(name, message, status));
  }

  private static void audit(String type, String account, AuthRequest request) {
    AUDIT.log(
        System.Logger.Level.INFO,
        "audit " + type + " account=" + account + " address=" + request.remoteAddress());
  }

  /** Tells the listeners (the accounts battery mails the owner); a listener's failure changes nothing here. */
  private void announce(
      AuthEvent.Type type, String account, Optional<String> tenant, AuthRequest request) {
    events.onEvent(AuthEvent.of(type, account, tenant, request, clock.instant()));
  }

  private Optional<TotpSecret> open(String accountId, SecondFactorStore.TotpEnrolment e) {
    // a secret that does not open (another key, another account's row) counts as no secret: fail
    // closed
    return box.open(e.sealedSecret(), accountId).map(TotpSecret::of);
  }

  private static Set<String> digests(List<String> codes) {
    return codes.stream().map(RecoveryCodes::digest).collect(Collectors.toSet());
  }

  /** Builds {@link SecondFactors}. */
  public static final class Builder {
    private final SecondFactorStore store;
    private final SecretBox box;
    private final String issuer;
    private SecureRandom random = new SecureRandom();
    private Clock clock = Clock.systemUTC();
    private AuthEventListener events = AuthEventListener.none();

    private Builder(SecondFactorStore store, SecretBox box, String issuer) {
      this.store = Objects.requireNonNull(store, "store");
      this.box = Objects.requireNonNull(box, "box");
      if (issuer == null || issuer.isBlank() || issuer.indexOf(':') >= 0) {
        throw new IllegalArgumentException(
            "issuer must be a name without ':' (authenticator apps split on it)");
      }
      this.issuer = issuer.strip();
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Who hears of a factor added or removed, new recovery codes and a recovery code used (default nobody): the
     * accounts battery's {@code ownerNotices()} mails the owner.
     */
    public Builder events(AuthEventListener events) {
      // a listener that throws is logged and dropped: never the caller's change
      this.events = AuthEventListener.all(List.of(Objects.requireNonNull(events, "events")));
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public SecondFactors build() {
      return new SecondFactors(this);
    }
  }
}
