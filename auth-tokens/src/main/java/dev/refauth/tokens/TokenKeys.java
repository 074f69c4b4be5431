package dev.refauth.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.refauth.core.AuthException;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.SecureTokens;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The keys of a {@link JwtCodec}: one algorithm from the allow-list (HS256, RS256, ES256 or EdDSA), a
 * signing key when tokens are issued here, and the verification keys. An HMAC key never verifies a
 * public-key algorithm and the other way round, and {@code none} is never accepted.
 *
 * <ul>
 *   <li>{@link #hs256(byte[])}: a shared secret of at least 256 bits; a shorter or well-known weak one is
 *       refused at start-up.
 *   <li>{@link #fromJwkSet(JWKSet, String)} / {@link #fromJwkSetFile(Path, String)}: keys from a JWK set
 *       (the private key signs, the public keys of the set verify, so a rotated-out key still verifies).
 *   <li>{@link #remote(URL, Set, Duration)}: verification only, with keys from an identity provider's JWKS
 *       URL: cached, refetched on an unknown {@code kid} at a limited rate, kept while the endpoint is down.
 *   <li>{@link #generate(JWSAlgorithm)}: a fresh key, for development and tests.
 * </ul>
 */
public final class TokenKeys {
  private static final Set<JWSAlgorithm> SUPPORTED =
      Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
  private static final List<String> WEAK_MARKERS =
      List.of(
          "your-256-bit-secret",
          "changeme",
          "change-me",
          "changeit",
          "secretkey",
          "secret-key",
          "secret_key",
          "mysecret",
          "supersecret",
          "jwtsecret",
          "jwt-secret",
          "jwt_secret",
          "password",
          "qwerty",
          "123456",
          "abcdef",
          "example",
          "default");

  private final Set<JWSAlgorithm> algorithms;
  private final @Nullable JWSSigner signer;
  private final @Nullable JWK signingKey;
  private final JWKSource<SecurityContext> verificationKeys;
  private final @Nullable JWKSet localSet;
  private final List<LocalVerifier> localVerifiers;

  /** A local verification key, ready: converting a JWK to a Java key on every token is what made verification slow. */
  record LocalVerifier(String kid, JWSVerifier verifier) {}

  private TokenKeys(
      Set<JWSAlgorithm> algorithms,
      @Nullable JWSSigner signer,
      @Nullable JWK signingKey,
      JWKSource<SecurityContext> verificationKeys,
      @Nullable JWKSet localSet,
      List<JWK> verifying) {
    this.algorithms = Set.copyOf(algorithms);
    this.signer = signer;
    this.signingKey = signingKey;
    this.verificationKeys = verificationKeys;
    this.localSet = localSet;
    this.localVerifiers = verifying.stream().map(TokenKeys::verifierOf).toList();
  }

  private static LocalVerifier verifierOf(JWK key) {
    try {
      JWSVerifier v;
      if (key instanceof OctetSequenceKey oct) {
        v = new MACVerifier(oct);
      } else if (key instanceof RSAKey rsa) {
        v = new RSASSAVerifier(rsa);
      } else if (key instanceof ECKey ec) {
        v = new ECDSAVerifier(ec);
      } else {
        v = new Ed25519Verifier((OctetKeyPair) key);
      }
      return new LocalVerifier(key.getKeyID(), v);
    } catch (JOSEException | RuntimeException | LinkageError e) {
      throw new AuthException(
          "the key '" + key.getKeyID() + "' cannot verify: " + e.getMessage(), e);
    }
  }

  /**
   * HS256 with a shared secret.
   *
   * @throws AuthException if the secret is under 256 bits or well-known weak (never echoing it)
   */
  public static TokenKeys hs256(byte[] secret) {
    if (secret == null || secret.length < 32) {
      throw new AuthException("the HS256 secret must be at least 256 bits (32 bytes)");
    }
    if (isWeak(secret)) {
      throw new AuthException(
          "the HS256 secret is a well-known or low-entropy value; generate a random one "
              + "(e.g. openssl rand -base64 48)");
    }
    OctetSequenceKey key =
        new OctetSequenceKey.Builder(secret).keyID("hs256").algorithm(JWSAlgorithm.HS256).build();
    return fromJwkSet(new JWKSet(key), key.getKeyID());
  }

  /** A fresh key of this algorithm, with a random {@code kid}. */
  public static TokenKeys generate(SigningAlgorithm algorithm) {
    return generate(algorithm.jws());
  }

  private static TokenKeys generate(JWSAlgorithm algorithm) {
    String kid = UUID.randomUUID().toString();
    try {
      JWK key;
      if (JWSAlgorithm.HS256.equals(algorithm)) {
        key = new OctetSequenceKeyGenerator(256).keyID(kid).algorithm(algorithm).generate();
      } else if (JWSAlgorithm.RS256.equals(algorithm)) {
        key =
            new RSAKeyGenerator(2048)
                .keyID(kid)
                .algorithm(algorithm)
                .keyUse(KeyUse.SIGNATURE)
                .generate();
      } else if (JWSAlgorithm.ES256.equals(algorithm)) {
        key =
            new ECKeyGenerator(Curve.P_256)
                .keyID(kid)
                .algorithm(algorithm)
                .keyUse(KeyUse.SIGNATURE)
                .generate();
      } else if (JWSAlgorithm.EdDSA.equals(algorithm)) {
        key =
            new OctetKeyPairGenerator(Curve.Ed25519)
                .keyID(kid)
                .algorithm(algorithm)
                .keyUse(KeyUse.SIGNATURE)
                .generate();
      } else {
        throw new AuthException("algorithm " + algorithm + " is not one of " + SUPPORTED);
      }
      return fromJwkSet(new JWKSet(key), kid);
    } catch (JOSEException e) {
      throw new AuthException("cannot generate a " + algorithm + " key", e);
    }
  }

  /**
   * Keys from a JWK set (JSON): {@code signingKid} signs; every key of the set of the same algorithm verifies.
   *
   * @throws AuthException if the set does not parse (never echoing it), or the signing key is missing, not private, or
   *     of an unsupported algorithm
   */
  public static TokenKeys fromJwkSet(String json, String signingKid) {
    return fromJwkSet(parse(json), Checks.notNull(signingKid, "signingKid"));
  }

  /** Keys from a JWK set (JSON) holding exactly one private key, which signs. */
  public static TokenKeys fromJwkSet(String json) {
    return fromJwkSet(parse(json), null);
  }

  private static JWKSet parse(String json) {
    try {
      return JWKSet.parse(Checks.notNull(json, "json"));
    } catch (ParseException e) {
      throw new AuthException("the JWK set does not parse: " + e.getClass().getSimpleName(), e);
    }
  }

  private static TokenKeys fromJwkSet(JWKSet set, @Nullable String signingKid) {
    List<JWK> privateKeys =
        set.getKeys().stream().filter(k -> k.isPrivate() || k instanceof OctetSequenceKey).toList();
    JWK signing =
        signingKid != null
            ? set.getKeyByKeyId(signingKid)
            : privateKeys.size() == 1 ? privateKeys.get(0) : null;
    if (signing == null) {
      throw new AuthException(
          signingKid != null
              ? "the JWK set has no key '" + signingKid + "'"
              : "the JWK set must hold exactly one private key, or name the signing kid");
    }
    if (signing.getKeyID() == null) {
      throw new AuthException("the signing key needs a kid");
    }
    JWSAlgorithm algorithm = algorithmOf(signing);
    JWSSigner signer;
    try {
      signer =
          switch (algorithm.getName()) {
            case "HS256" -> new MACSigner(signing.toOctetSequenceKey());
            case "RS256" -> new RSASSASigner(signing.toRSAKey());
            case "ES256" -> new ECDSASigner(signing.toECKey());
            default -> new Ed25519Signer(signing.toOctetKeyPair());
          };
    } catch (JOSEException | IllegalStateException | LinkageError e) {
      throw new AuthException(
          "the " + algorithm + " key '" + signing.getKeyID() + "' cannot sign: " + e.getMessage(),
          e);
    }
    List<JWK> verifying =
        set.getKeys().stream()
            .filter(k -> sameFamily(k, signing))
            .map(k -> k instanceof OctetSequenceKey ? k : k.toPublicJWK())
            .toList();
    JWKSet verifySet = new JWKSet(verifying);
    return new TokenKeys(
        Set.of(algorithm), signer, signing, new ImmutableJWKSet<>(verifySet), set, verifying);
  }

  /**
   * Keys from a JWK set file (JSON) and the {@code kid} of its signing key.
   *
   * @throws AuthException if the file cannot be read or parsed, naming the path (never the keys)
   */
  public static TokenKeys fromJwkSetFile(Path file, String signingKid) {
    return fromJwkSet(readSet(file), Checks.notNull(signingKid, "signingKid"));
  }

  /** Keys from a JWK set file (JSON) holding exactly one private key, which signs. */
  public static TokenKeys fromJwkSetFile(Path file) {
    return fromJwkSet(readSet(file), null);
  }

  private static JWKSet readSet(Path file) {
    try {
      return JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | ParseException e) {
      throw new AuthException(
          "cannot read the JWK set file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Verification keys from a remote JWKS URL (tokens issued by another party; this codec cannot issue).
   *
   * @param algorithms the accepted public-key algorithms (never HS256)
   * @param cacheTtl how long fetched keys are used before a refresh
   */
  public static TokenKeys remote(URL jwksUrl, Set<SigningAlgorithm> algorithms, Duration cacheTtl) {
    if (algorithms.isEmpty() || algorithms.contains(SigningAlgorithm.HS256)) {
      throw new AuthException(
          "remote JWKS accepts only public-key algorithms (RS256, ES256, EdDSA), got "
              + algorithms);
    }
    long ttl = cacheTtl.toMillis();
    JWKSource<SecurityContext> source =
        JWKSourceBuilder.<SecurityContext>create(jwksUrl)
            .cache(ttl, Math.min(15_000, ttl))
            .rateLimited(30_000)
            .outageTolerant(Math.max(ttl * 4, Duration.ofHours(1).toMillis()))
            .retrying(true)
            .build();
    return new TokenKeys(jws(algorithms), null, null, source, null, List.of());
  }

  /**
   * Advanced: remote keys from a nimbus key source of your own (one with a test clock or a failover). The one place
   * a nimbus type crosses this API; prefer {@link #remote(URL, Set, Duration)}.
   */
  public static TokenKeys remote(
      JWKSource<SecurityContext> source, Set<SigningAlgorithm> algorithms) {
    return new TokenKeys(jws(algorithms), null, null, source, null, List.of());
  }

  private static Set<JWSAlgorithm> jws(Set<SigningAlgorithm> algorithms) {
    return algorithms.stream()
        .map(SigningAlgorithm::jws)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** The algorithms these keys verify. */
  public Set<SigningAlgorithm> algorithms() {
    return algorithms.stream()
        .map(a -> SigningAlgorithm.of(a).orElseThrow())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  Set<JWSAlgorithm> jwsAlgorithms() {
    return algorithms;
  }

  /** Whether these keys can issue tokens (a signing key is present). */
  public boolean canSign() {
    return signer != null;
  }

  /** The public JWK set to publish (JSON, for other services to verify), never private keys or HMAC secrets. */
  public Optional<String> publicJwkSetJson() {
    if (localSet == null || signingKey instanceof OctetSequenceKey) {
      return Optional.empty();
    }
    return Optional.of(localSet.toPublicJWKSet().toString());
  }

  /** The whole set with private keys, for keeping a generated development key in a file. Handle as a secret. */
  public Optional<String> privateJwkSetJson() {
    return localSet == null ? Optional.empty() : Optional.of(localSet.toString(false));
  }

  /**
   * A secret for one purpose, derived from the signing key (HMAC-SHA256 of the purpose, keyed by the private key's
   * material): the same on every node that shares the key, so that what it derives is recomputed, never stored.
   * Empty for verification-only keys.
   */
  Optional<byte[]> derivedSecret(String purpose) {
    if (signingKey == null) {
      return Optional.empty();
    }
    byte[] material;
    if (signingKey instanceof OctetSequenceKey oct) {
      material = oct.toByteArray();
    } else if (signingKey instanceof RSAKey rsa) {
      material = rsa.getPrivateExponent().decode();
    } else if (signingKey instanceof ECKey ec) {
      material = ec.getD().decode();
    } else {
      material = ((OctetKeyPair) signingKey).getD().decode();
    }
    return Optional.of(SecureTokens.hmac(material, purpose.getBytes(StandardCharsets.UTF_8)));
  }

  /** The signer (only when {@link #canSign()}). */
  JWSSigner signer() {
    if (signer == null) {
      throw new AuthException(
          "these token keys verify only (remote JWKS); they cannot issue tokens");
    }
    return signer;
  }

  Optional<JWK> signingKey() {
    return Optional.ofNullable(signingKey);
  }

  /** The local keys' verifiers, built once; empty for remote keys (those go through nimbus' key selection and cache). */
  List<LocalVerifier> localVerifiers() {
    return localVerifiers;
  }

  JWKSource<SecurityContext> verificationKeys() {
    return verificationKeys;
  }

  private static JWSAlgorithm algorithmOf(JWK key) {
    if (key instanceof OctetSequenceKey) {
      if (key.getAlgorithm() != null && !JWSAlgorithm.HS256.equals(key.getAlgorithm())) {
        throw new AuthException("HMAC key '" + key.getKeyID() + "' must be HS256");
      }
      return JWSAlgorithm.HS256;
    }
    if (key instanceof RSAKey) {
      return JWSAlgorithm.RS256;
    }
    if (key instanceof ECKey ec) {
      if (!Curve.P_256.equals(ec.getCurve())) {
        throw new AuthException("EC key '" + key.getKeyID() + "' must be on P-256 for ES256");
      }
      return JWSAlgorithm.ES256;
    }
    if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return JWSAlgorithm.EdDSA;
    }
    throw new AuthException(
        "key '" + key.getKeyID() + "' is not of a supported type (" + SUPPORTED + ")");
  }

  private static boolean sameFamily(JWK a, JWK b) {
    return a.getClass() == b.getClass();
  }

  static boolean isWeak(byte[] secret) {
    Set<Byte> distinct = new HashSet<>();
    for (byte x : secret) {
      distinct.add(x);
    }
    if (distinct.size() < 10) {
      return true;
    }
    for (int period = 1; period <= 16; period++) {
      boolean repeats = true;
      for (int i = period; i < secret.length && repeats; i++) {
        repeats = secret[i] == secret[i - period];
      }
      if (repeats) {
        return true;
      }
    }
    String text = new String(secret, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    return WEAK_MARKERS.stream().anyMatch(text::contains);
  }
}
