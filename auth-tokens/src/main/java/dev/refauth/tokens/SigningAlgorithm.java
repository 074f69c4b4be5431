package dev.refauth.tokens;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Optional;

/** The algorithms refauth signs and verifies tokens with. */
public enum SigningAlgorithm {
  /** HMAC with SHA-256: one shared secret signs and verifies (this service only). */
  HS256(JWSAlgorithm.HS256),
  /** RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys. */
  RS256(JWSAlgorithm.RS256),
  /** ECDSA on P-256 with SHA-256. */
  ES256(JWSAlgorithm.ES256),
  /** Ed25519; needs {@code com.google.crypto.tink:tink} on the class path. */
  EdDSA(JWSAlgorithm.EdDSA);

  private final JWSAlgorithm jws;

  SigningAlgorithm(JWSAlgorithm jws) {
    this.jws = jws;
  }

  /** By its JOSE name ({@code ES256}); empty for any other. */
  public static Optional<SigningAlgorithm> named(String name) {
    for (SigningAlgorithm a : values()) {
      if (a.name().equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  JWSAlgorithm jws() {
    return jws;
  }

  static Optional<SigningAlgorithm> of(JWSAlgorithm jws) {
    return named(jws.getName());
  }
}
