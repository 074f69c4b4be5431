package dev.refauth.mfa;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An account's second factor, end to end over a {@link SecondFactorStore}: enrolment (a new secret, shown once as a
 * URI and a QR code, counting only once a first code confirms it), the check of a code or a recovery code at sign-in
 * (each good once, on every node), new recovery codes, removal. Results are values; the caller throttles wrong codes
 * with the account's login throttle and decides who may remove a factor (a fresh password or second-factor check).
 * Thread-safe.
 */
public final class SecondFactors {
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
  private final String issuer;

  private SecondFactors(Builder b) {
    this.store = b.store;
    this.box = b.box;
    this.random = b.random;
    this.clock = b.clock;
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
    Optional<SecondFactorStore.TotpEnrolment> enrolled =
        store.totp(accountId).filter(SecondFactorStore.TotpEnrolment::confirmed);
    if (enrolled.isEmpty()) {
      return false;
    }
    Optional<TotpSecret> secret = open(accountId, enrolled.get());
    if (secret.isEmpty()) {
      return false;
    }
    OptionalLong step = totp.verify(secret.get(), code, enrolled.get().lastUsedStep());
    // the store's compare-and-set decides between two nodes given the same code at once
    return step.isPresent() && store.useStep(accountId, step.getAsLong());
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

    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public SecondFactors build() {
      return new SecondFactors(this);
    }
  }
}
