package dev.refauth.passkeys;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.SecondFactor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Passkeys (WebAuthn), verified by webauthn4j: registration by a signed-in owner, and sign-in with a passkey as the
 * second step after a password, or by the passkey alone (a discoverable credential; the browser offers the account's
 * passkeys without a name typed). As the provider's {@link SecondFactor}; combine it with the TOTP battery's
 * {@code SecondFactors} through {@link SecondFactor#combine} to offer both.
 *
 * <p>Every ceremony's challenge is 256 random bits, kept in the store under the digest of a value only the browser
 * holds (the provider's httpOnly pending cookie, or for a registration a value in the signed-in caller's answer), and
 * taken once: a second answer to it, on any node, finds nothing. The relying party's id and origins come from the
 * deployment's public origin; user verification is required (a PIN or a biometric: a passkey alone is then two
 * factors); an authenticator's counter must move forward (a lower one is a cloned key: refused). No attestation is
 * asked: a passkey is trusted for what its owner registered while signed in, not for its maker.
 *
 * <p>The {@code /auth/second-factor} endpoint's actions, for the signed-in caller: {@code status} ({@code passkeys}:
 * id, name, created, last used), {@code passkey-options} (the creation options to give {@code
 * PublicKeyCredential.parseCreationOptionsFromJSON}, with a {@code ceremony} value to send back),
 * {@code passkey-register} ({@code ceremony}, {@code credential}: the new credential's {@code toJSON()}, {@code
 * name}), {@code passkey-rename} ({@code id}, {@code name}), {@code passkey-remove} ({@code id}).
 */
public final class Passkeys implements SecondFactor {
  /** A ceremony's time: the browser's own prompt gives up sooner. */
  static final Duration CEREMONY = Duration.ofMinutes(5);

  private static final int MAX_NAME = 64;
  private static final int MAX_PASSKEYS = 20;
  private static final List<String> AMR = List.of("hwk", "user", "mfa");
  private static final List<PublicKeyCredentialParameters> ALGORITHMS =
      List.of(
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));
  private static final System.Logger AUDIT = System.getLogger("dev.refauth.audit");

  private final PasskeyStore store;
  private final String rpId;
  private final String rpName;
  private final Set<Origin> origins;
  private final Clock clock;
  private final AuthEventListener events;
  private final ObjectConverter json = new ObjectConverter();
  private final WebAuthnManager webauthn;
  private final AttestedCredentialDataConverter credentials;

  private Passkeys(Builder b) {
    this.store = b.store;
    this.rpId = b.rpId;
    this.rpName = b.rpName;
    this.origins = Set.copyOf(b.origins);
    this.clock = b.clock;
    this.events = b.events;
    this.webauthn = WebAuthnManager.createNonStrictWebAuthnManager(json);
    this.credentials = new AttestedCredentialDataConverter(json);
  }

  /**
   * @param publicOrigin the deployment's public origin ({@code https://app.example.com}): the only origin ceremonies
   *     may come from, and its host the relying party's id
   * @param rpName the name the browser shows for the site ({@code Acme})
   */
  public static Builder builder(PasskeyStore store, URI publicOrigin, String rpName) {
    return new Builder(store, publicOrigin, rpName);
  }

  @Override
  public Optional<Challenge> challenge(Identity identity, boolean remember, AuthRequest request) {
    List<Passkey> own = store.passkeys(identity.id());
    if (own.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        begin(
            PasskeyStore.Kind.SECOND_STEP,
            Optional.of(identity.id()),
            identity.tenant(),
            remember,
            own.stream().map(Passkey::id).toList()));
  }

  @Override
  public Optional<Challenge> challengeAnyone(AuthRequest request) {
    return Optional.of(
        begin(PasskeyStore.Kind.SIGN_IN, Optional.empty(), Optional.empty(), false, List.of()));
  }

  private Challenge begin(
      PasskeyStore.Kind kind,
      Optional<String> account,
      Optional<String> tenant,
      boolean remember,
      List<String> allow) {
    String challenge = SecureTokens.random(32);
    String pending = SecureTokens.random(32);
    store.begin(
        IdentityCache.digest(pending),
        new PasskeyStore.Ceremony(
            kind, account, tenant, challenge, remember, clock.instant().plus(CEREMONY)));
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("challenge", challenge);
    options.put("rpId", rpId);
    options.put("timeout", CEREMONY.toMillis());
    options.put("userVerification", "required");
    if (!allow.isEmpty()) {
      options.put("allowCredentials", descriptors(allow));
    }
    return new Challenge(pending, List.of("passkey"), CEREMONY, Map.of("passkey", options));
  }

  @Override
  public boolean answers(AuthParams params) {
    return params.get("passkey").filter(p -> !(p instanceof Boolean)).isPresent();
  }

  @Override
  public Outcome answer(
      String pending, AuthParams params, AuthRequest request, Admission admission) {
    Optional<PasskeyStore.Ceremony> taken =
        store.take(IdentityCache.digest(pending), clock.instant());
    Optional<String> assertion = params.get("passkey").flatMap(this::asJson);
    if (taken.isEmpty()
        || assertion.isEmpty()
        || taken.get().kind() == PasskeyStore.Kind.REGISTER) {
      return Outcome.Refused.INSTANCE;
    }
    PasskeyStore.Ceremony c = taken.get();
    try {
      AuthenticationData data = webauthn.parseAuthenticationResponseJSON(assertion.get());
      Optional<Passkey> passkey = store.passkey(b64(data.getCredentialId()));
      if (passkey.isEmpty() || !belongs(passkey.get(), c, data)) {
        return refused("passkey_fail", passkey.map(Passkey::accountId), request);
      }
      Passkey p = passkey.get();
      Instant challengedAt = c.expires().minus(CEREMONY);
      if (!admission.admits(p.accountId(), p.tenant(), challengedAt)) {
        return Outcome.Refused.INSTANCE; // never to be honoured: the counter is left as it is
      }
      webauthn.verify(
          data,
          new AuthenticationParameters(
              server(c.challenge()),
              record(p),
              c.kind() == PasskeyStore.Kind.SECOND_STEP
                  ? store.passkeys(p.accountId()).stream().map(k -> unb64(k.id())).toList()
                  : null,
              true,
              true));
      long counter = data.getAuthenticatorData().getSignCount();
      if (!admission.admits(p.accountId(), p.tenant(), challengedAt)) {
        return Outcome.Refused
            .INSTANCE; // suspended, or its password changed, while it was verified
      }
      if (!store.used(p.id(), p.signCount(), counter, clock.instant())) {
        return refused("passkey_fail", Optional.of(p.accountId()), request); // used meanwhile
      }
      audit("passkey_success", Optional.of(p.accountId()), request);
      return new Outcome.Passed(p.accountId(), p.tenant(), AMR, c.remember(), challengedAt);
    } catch (AuthException storeFailure) {
      throw storeFailure; // the store is down: the guard answers 503, as for any sign-in
    } catch (RuntimeException e) {
      // a wrong origin, rp id, challenge, signature or flag, a lower counter, a malformed answer
      // (whatever the
      // library throws for it): one refusal
      return refused("passkey_fail", c.accountId(), request);
    }
  }

  /**
   * Whether the credential may answer this ceremony: the second step's account's own; for a sign-in by passkey alone,
   * one whose user handle is its account (the authenticator's claim and the store's agree).
   */
  private static boolean belongs(Passkey p, PasskeyStore.Ceremony c, AuthenticationData data) {
    if (c.kind() == PasskeyStore.Kind.SECOND_STEP) {
      return c.accountId().equals(Optional.of(p.accountId()));
    }
    byte[] handle = data.getUserHandle();
    return handle != null && p.accountId().equals(new String(handle, StandardCharsets.UTF_8));
  }

  /** A new passkey ({@code passkey-options} starts it), a removal, a new name. */
  @Override
  public boolean needsRecentSignIn(String action) {
    return action.equals("passkey-options")
        || action.equals("passkey-remove")
        || action.equals("passkey-rename");
  }

  @Override
  public boolean enrolled(String subject) {
    return !store.passkeys(subject).isEmpty();
  }

  @Override
  public AuthActionResponse manage(Identity caller, AuthParams params, AuthRequest request) {
    String id = caller.id();
    return switch (params.string("action").orElse("")) {
      case "status" -> AuthActionResponse.success().with("passkeys", listed(id));
      case "passkey-options" -> options(caller);
      case "passkey-register" -> register(caller, params, request);
      case "passkey-rename" ->
          name(params)
              .filter(n -> params.string("id").filter(k -> store.rename(id, k, n)).isPresent())
              .map(n -> AuthActionResponse.success())
              .orElseGet(() -> failure("BadRequest", "No such passkey, or a bad name", 400));
      case "passkey-remove" -> {
        if (params.string("id").filter(k -> store.remove(id, k)).isEmpty()) {
          yield failure("NotFound", "No such passkey", 404);
        }
        audit("passkey_removed", Optional.of(id), request);
        announce(AuthEvent.Type.SECOND_FACTOR_REMOVED, caller, request);
        yield AuthActionResponse.success();
      }
      default -> failure("BadRequest", "Unknown action", 400);
    };
  }

  /** The creation options for the caller's new passkey, and the ceremony's value to send back with it. */
  private AuthActionResponse options(Identity caller) {
    List<Passkey> own = store.passkeys(caller.id());
    if (own.size() >= MAX_PASSKEYS) {
      return failure("TooManyPasskeys", "Remove a passkey before adding another", 409);
    }
    String challenge = SecureTokens.random(32);
    String ceremony = SecureTokens.random(32);
    store.begin(
        IdentityCache.digest(ceremony),
        new PasskeyStore.Ceremony(
            PasskeyStore.Kind.REGISTER,
            Optional.of(caller.id()),
            caller.tenant(),
            challenge,
            false,
            clock.instant().plus(CEREMONY)));
    String label = caller.email().orElse(caller.id());
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("rp", Map.of("id", rpId, "name", rpName));
    options.put(
        "user",
        Map.of(
            "id",
            b64(caller.id().getBytes(StandardCharsets.UTF_8)),
            "name",
            label,
            "displayName",
            caller.name().orElse(label)));
    options.put("challenge", challenge);
    options.put(
        "pubKeyCredParams",
        ALGORITHMS.stream()
            .map(a -> Map.of("type", "public-key", "alg", a.getAlg().getValue()))
            .toList());
    options.put("timeout", CEREMONY.toMillis());
    options.put("excludeCredentials", descriptors(own.stream().map(Passkey::id).toList()));
    options.put(
        "authenticatorSelection",
        Map.of(
            "residentKey", "required", "requireResidentKey", true, "userVerification", "required"));
    options.put("attestation", "none");
    return AuthActionResponse.success().with("ceremony", ceremony).with("publicKey", options);
  }

  private AuthActionResponse register(Identity caller, AuthParams params, AuthRequest request) {
    Optional<String> name = name(params);
    Optional<PasskeyStore.Ceremony> c =
        params
            .string("ceremony")
            .filter(v -> v.length() <= 64)
            .flatMap(v -> store.take(IdentityCache.digest(v), clock.instant()))
            .filter(x -> x.kind() == PasskeyStore.Kind.REGISTER)
            .filter(x -> x.accountId().equals(Optional.of(caller.id())));
    Optional<String> credential = params.get("credential").flatMap(this::asJson);
    if (name.isEmpty() || c.isEmpty() || credential.isEmpty()) {
      return failure("InvalidPasskey", "The passkey could not be registered. Try again.", 400);
    }
    try {
      RegistrationData data =
          webauthn.verifyRegistrationResponseJSON(
              credential.get(),
              new RegistrationParameters(server(c.get().challenge()), ALGORITHMS, true, true));
      AuthenticatorData<?> authenticator =
          Objects.requireNonNull(data.getAttestationObject()).getAuthenticatorData();
      AttestedCredentialData attested =
          Objects.requireNonNull(authenticator.getAttestedCredentialData());
      Passkey p =
          new Passkey(
              b64(attested.getCredentialId()),
              caller.id(),
              caller.tenant(),
              name.get(),
              b64(credentials.convert(attested)),
              authenticator.getSignCount(),
              authenticator.isFlagBE(),
              clock.instant(),
              Optional.empty());
      if (!store.add(p)) {
        return failure("InvalidPasskey", "This passkey is registered already", 409);
      }
      audit("passkey_added", Optional.of(caller.id()), request);
      announce(AuthEvent.Type.SECOND_FACTOR_ADDED, caller, request);
      return AuthActionResponse.success().with("id", p.id());
    } catch (AuthException storeFailure) {
      throw storeFailure;
    } catch (RuntimeException e) {
      audit("passkey_register_fail", Optional.of(caller.id()), request);
      return failure("InvalidPasskey", "The passkey could not be registered. Try again.", 400);
    }
  }

  private List<Map<String, Object>> listed(String accountId) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Passkey p : store.passkeys(accountId)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id());
      m.put("name", p.name());
      m.put("createdAt", p.createdAt().toString());
      p.lastUsedAt().ifPresent(t -> m.put("lastUsedAt", t.toString()));
      out.add(m);
    }
    return out;
  }

  /** A passkey's name: 1 to 64 characters, no control characters, spaces trimmed; "Passkey" when none is given. */
  private static Optional<String> name(AuthParams params) {
    String n = params.string("name").map(String::strip).orElse("Passkey");
    if (n.isEmpty() || n.length() > MAX_NAME) {
      return Optional.empty();
    }
    for (int i = 0; i < n.length(); i++) {
      char ch = n.charAt(i);
      if (Character.isISOControl(ch)
          || Character.isSurrogate(ch)
          || ch == '\u2028'
          || ch == '\u2029') {
        return Optional.empty();
      }
    }
    return Optional.of(n);
  }

  private CredentialRecordImpl record(Passkey p) {
    return new CredentialRecordImpl(
        new NoneAttestationStatement(),
        true,
        p.backupEligible(),
        p.backupEligible(),
        p.signCount(),
        credentials.convert(unb64(p.credentialData())),
        null,
        null,
        null,
        null);
  }

  private ServerProperty server(String challenge) {
    return ServerProperty.builder()
        .origins(origins)
        .rpId(rpId)
        .challenge(new DefaultChallenge(unb64(challenge)))
        .build();
  }

  /** The answer as JSON text: the credential's {@code toJSON()} as an object (or as a string of it); at most 16 KiB. */
  private Optional<String> asJson(Object value) {
    try {
      String text = value instanceof String s ? s : json.getJsonMapper().writeValueAsString(value);
      return text.length() <= 16_384 && text.startsWith("{") ? Optional.of(text) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static List<Map<String, Object>> descriptors(List<String> ids) {
    return ids.stream().map(k -> Map.<String, Object>of("type", "public-key", "id", k)).toList();
  }

  private static AuthActionResponse failure(String name, String message, int status) {
    return AuthActionResponse.failure(AuthError.of(name, message, status));
  }

  private static Outcome refused(String type, Optional<String> account, AuthRequest request) {
    audit(type, account, request);
    return Outcome.Refused.INSTANCE;
  }

  /** Tells the listeners (the accounts battery mails the owner); a listener's failure changes nothing here. */
  private void announce(AuthEvent.Type type, Identity who, AuthRequest request) {
    events.onEvent(AuthEvent.of(type, who.id(), who.tenant(), request, clock.instant()));
  }

  private static void audit(String type, Optional<String> account, AuthRequest request) {
    AUDIT.log(
        System.Logger.Level.INFO,
        "audit "
            + type
            + " account="
            + account.orElse("-")
            + " address="
            + request.remoteAddress());
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] unb64(String text) {
    return Base64.getUrlDecoder().decode(text);
  }

  /** Builds {@link Passkeys}. */
  public static final class Builder {
    private final PasskeyStore store;
    private final String rpId;
    private final String rpName;
    private final Set<Origin> origins;
    private Clock clock = Clock.systemUTC();
    private AuthEventListener events = AuthEventListener.none();

    private Builder(PasskeyStore store, URI publicOrigin, String rpName) {
      this.store = Objects.requireNonNull(store, "store");
      Objects.requireNonNull(publicOrigin, "publicOrigin");
      if (publicOrigin.getHost() == null
          || !(publicOrigin.getScheme().equals("https")
              || (publicOrigin.getScheme().equals("http")
                  && publicOrigin.getHost().equals("localhost")))) {
        throw new IllegalArgumentException(
            "passkeys need an https public origin (or http://localhost for development), not "
                + publicOrigin);
      }
      if (rpName == null || rpName.isBlank()) {
        throw new IllegalArgumentException("rpName must be a name");
      }
      this.rpId = publicOrigin.getHost();
      this.rpName = rpName.strip();
      String origin =
          publicOrigin.getScheme()
              + "://"
              + publicOrigin.getHost()
              + (publicOrigin.getPort() < 0 ? "" : ":" + publicOrigin.getPort());
      this.origins = Set.of(new Origin(origin));
    }

    /**
     * Who hears of a passkey added or removed (default nobody): the accounts battery's {@code ownerNotices()} mails the
     * owner.
     */
    public Builder events(AuthEventListener events) {
      // a listener that throws is logged and dropped: never the caller's change
      this.events = AuthEventListener.all(List.of(Objects.requireNonNull(events, "events")));
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Passkeys build() {
      return new Passkeys(this);
    }
  }
}
