package dev.refauth.core.spi;

import java.util.List;

/**
 * What another service needs to verify a provider's access tokens itself: the issuer and the public keys. The auth
 * API serves them, found through {@code provider.unwrap(PublishedKeys.class)}: {@code GET <api>/jwks} (the JWK set)
 * and {@code GET <api>/.well-known/openid-configuration} (an OpenID-style discovery document naming the issuer and
 * that set), for SmallRye JWT, Payara's MicroProfile JWT, Helidon or any JWT library. A provider whose tokens are
 * signed with a shared secret publishes nothing.
 */
public interface PublishedKeys {

  /** The {@code iss} of the tokens. */
  String issuer();

  /**
   * The public JWK set, as JSON: the signing key and the keys that still verify (the previous one during a rotation);
   * never a private key or a shared secret.
   */
  String jwkSetJson();

  /** The JWS algorithms of the tokens ({@code ES256}). */
  List<String> algorithms();
}
