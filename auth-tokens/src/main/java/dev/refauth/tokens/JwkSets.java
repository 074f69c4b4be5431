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
import dev.refauth.core.AuthException;
import dev.refauth.core.internal.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Where {@link TokenKeys} come from and what is checked on the way: JWK sets parsed, read from a file or
 * generated; the signing key picked and its algorithm, signer and verifiers made; weak HMAC secrets refused.
 * Messages name the key or the file, never key material.
 */
final class JwkSets {
  static final Set<JWSAlgorithm> SUPPORTED =
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

  private JwkSets() {}

  static JWKSet parse(String json) {
    try {
      return JWKSet.parse(Checks.notNull(json, "json"));
    } catch (ParseException e) {
      throw new AuthException("the JWK set does not parse: " + e.getClass().getSimpleName(), e);
    }
  }

  static JWKSet read(Path file) {
    try {
      return JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | ParseException e) {
      throw new AuthException(
          "cannot read the JWK set file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** A fresh key of this algorithm, with a random {@code kid}. */
  static JWK generate(JWSAlgorithm algorithm) {
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
      return key;
    } catch (JOSEException e) {
      throw new AuthException("cannot generate a " + algorithm + " key", e);
    }
  }

  /**
   * The key {@code kid} of the set, which signs.
   *
   * @throws AuthException if the set has no such key
   */
  static JWK signingKey(JWKSet set, String kid) {
    JWK key = set.getKeyByKeyId(kid);
    if (key == null) {
      throw new AuthException("the JWK set has no key '" + kid + "'");
    }
    return named(key);
  }

  /**
   * The set's only private key (or HMAC secret), which signs.
   *
   * @throws AuthException if the set holds none or several, or it has no {@code kid}
   */
  static JWK onlyPrivateKey(JWKSet set) {
    List<JWK> privateKeys =
        set.getKeys().stream().filter(k -> k.isPrivate() || k instanceof OctetSequenceKey).toList();
    if (privateKeys.size() != 1) {
      throw new AuthException(
          "the JWK set must hold exactly one private key, or name the signing kid");
    }
    return named(privateKeys.get(0));
  }

  private static JWK named(JWK signing) {
    if (signing.getKeyID() == null) {
      throw new AuthException("the signing key needs a kid");
    }
    return signing;
  }

  static JWSSigner signer(JWK signing, JWSAlgorithm algorithm) {
    try {
      return switch (algorithm.getName()) {
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
  }

  /** The keys of the set of the signing key's type that verify: public keys, or the HMAC secrets. */
  static List<JWK> verifying(JWKSet set, JWK signing) {
    return set.getKeys().stream()
        .filter(k -> k.getClass() == signing.getClass())
        .map(k -> k instanceof OctetSequenceKey ? k : k.toPublicJWK())
        .toList();
  }

  static TokenKeys.LocalVerifier verifierOf(JWK key) {
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
      return new TokenKeys.LocalVerifier(key.getKeyID(), v);
    } catch (JOSEException | RuntimeException | LinkageError e) {
      throw new AuthException(
          "the key '" + key.getKeyID() + "' cannot verify: " + e.getMessage(), e);
    }
  }

  static JWSAlgorithm algorithmOf(JWK key) {
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

  /** A secret of under 10 distinct bytes, repeating with a short period, or holding a well-known word. */
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
