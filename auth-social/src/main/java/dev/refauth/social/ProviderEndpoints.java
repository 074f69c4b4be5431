package dev.refauth.social;

import java.net.URI;
import java.util.Optional;

/** Where a provider's protocol endpoints are: given, GitHub's, or discovered. */
record ProviderEndpoints(
    URI authorization,
    URI token,
    Optional<URI> jwks,
    Optional<URI> endSession,
    boolean issuerInResponse) {

  ProviderEndpoints(URI authorization, URI token, Optional<URI> jwks) {
    this(authorization, token, jwks, Optional.empty(), false);
  }
}
