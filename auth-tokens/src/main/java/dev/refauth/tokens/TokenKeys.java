package dev.refauth.tokens;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.refauth.core.AuthException;
import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.SecureTokens;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The keys of a {@link JwtCodec}: one algorithm from the allow-list (HS256, RS256, ES256 or EdDSA), a
 * signing key when tokens are issued here, and the verification keys. An HMAC key never verifies a
 * public-key algorithm and the other way round, and {@code none} is never accepted.
 *
 * <ul>
 *   <li>{@link #hs256(byte[])}: a shared secret of at least 256 bits; a shorter or well-known weak one is
 *       refused at start-up.
 *   <li>{@link #fromJwkSet(String, String)} / {@link #fromJwkSetFile(Path, String)}: keys from a JWK set
 *       (the private key signs, the public keys of the set verify, so a rotated-out key still verifies).
 *   <li>{@link #remote(URL, Set, Duration)}: verification only, with keys from an identity provider's JWKS
 *       URL: cached, refetched on an unknown {@code kid} at a limited rate, kept while the endpoint is down.
 *   <li>{@link #generate(SigningAlgorithm)}: a fresh key, for development and tests.
 * </ul>
 */
public final class TokenKeys {
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
    this.localVerifiers = verifying.stream().map(JwkSets::verifierOf).toList();
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
    if (JwkSets.isWeak(secret)) {
      throw new AuthException(
          "the HS256 secret is a well-known or low-entropy value; generate a random one "
              + "(e.g. openssl rand -base64 48)");
    }
    OctetSequenceKey key =
        new OctetSequenceKey.Builder(secret).keyID("hs256").algorithm(JWSAlgorithm.HS256).build();
    return local(new JWKSet(key), key);
  }

  /** A fresh key of this algorithm, with a random {@code kid}. */
  public static TokenKeys generate(SigningAlgorithm algorithm) {
    return generate(algorithm.jws());
  }

  private static TokenKeys generate(JWSAlgorithm algorithm) {
    JWK key = JwkSets.generate(algorithm);
    return local(new JWKSet(key), key);
  }

  /**
   * Keys from a JWK set (JSON): {@code signingKid} signs; every key of the set of the same algorithm verifies.
   *
   * @throws AuthException if the set does not parse (never echoing it), or the signing key is missing, not private, or
   *     of an unsupported algorithm
   */
  public static TokenKeys fromJwkSet(String json, String signingKid) {
    JWKSet set = JwkSets.parse(json);
    return local(set, JwkSets.signingKey(set, Checks.notNull(signingKid, "signingKid")));
  }

  /** Keys from a JWK set (JSON) holding exactly one private key, which signs. */
  public static TokenKeys fromJwkSet(String json) {
    JWKSet set = JwkSets.parse(json);
    return local(set, JwkSets.onlyPrivateKey(set));
  }

  /** Keys of a local set: {@code signing} signs, the keys of the set of its type verify. */
  private static TokenKeys local(JWKSet set, JWK signing) {
    JWSAlgorithm algorithm = JwkSets.algorithmOf(signing);
    JWSSigner signer = JwkSets.signer(signing, algorithm);
    List<JWK> verifying = JwkSets.verifying(set, signing);
    return new TokenKeys(
        Set.of(algorithm),
        signer,
        signing,
        new ImmutableJWKSet<>(new JWKSet(verifying)),
        set,
        verifying);
  }

  /**
   * Keys from a JWK set file (JSON) and the {@code kid} of its signing key.
   *
   * @throws AuthException if the file cannot be read or parsed, naming the path (never the keys)
   */
  public static TokenKeys fromJwkSetFile(Path file, String signingKid) {
    JWKSet set = JwkSets.read(file);
    return local(set, JwkSets.signingKey(set, Checks.notNull(signingKid, "signingKid")));
  }

  /** Keys from a JWK set file (JSON) holding exactly one private key, which signs. */
  public static TokenKeys fromJwkSetFile(Path file) {
    JWKSet set = JwkSets.read(file);
    return local(set, JwkSets.onlyPrivateKey(set));
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
    return algorithms.stream().map(SigningAlgorithm::jws).collect(Collectors.toUnmodifiableSet());
  }

  /** The algorithms these keys verify. */
  public Set<SigningAlgorithm> algorithms() {
    return algorithms.stream()
        .map(a -> SigningAlgorithm.of(a).orElseThrow())
        .collect(Collectors.toUnmodifiableSet());
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
}
