package dev.refauth.tokens;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.refauth.core.spi.AuthMetrics;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The checks of one {@link TrustedIssuer} on nimbus' JWT processor: its keys (fixed, from its JWK set URL, or from
 * its discovery document, fetched when its first token arrives and again at most every 30 s while that fails), its
 * algorithms, {@code typ} rule, audiences, required claims and clock skew. Thread-safe.
 */
final class IssuerVerifier {
  private static final System.Logger LOG = System.getLogger(IssuerVerifier.class.getName());
  private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(30);

  /** What a token's check found. */
  sealed interface Result {}

  /** Authentic and in time. */
  record Valid(JWTClaimsSet claims) implements Result {}

  /** Authentic but past its {@code exp}. */
  record Expired() implements Result {}

  /** Anything else: forged, of another audience, typ or algorithm, malformed; or the keys are unreachable. */
  record Invalid(AuthMetrics.TokenResult reason) implements Result {}

  private final TrustedIssuer issuer;
  private final Clock clock;
  private final AtomicReference<@Nullable DefaultJWTProcessor<SecurityContext>> processor =
      new AtomicReference<>();

  /** When discovery last failed (System.nanoTime), or 0 if it has not. */
  private volatile long lastDiscoveryFailure;

  IssuerVerifier(TrustedIssuer issuer, Clock clock) {
    this.issuer = issuer;
    this.clock = clock;
    if (issuer.jwks().isPresent() || issuer.jwksUri().isPresent()) {
      processor.set(processor(keySource(issuer.jwksUri().orElse(null))));
    }
  }

  TrustedIssuer issuer() {
    return issuer;
  }

  Result check(SignedJWT jwt) {
    DefaultJWTProcessor<SecurityContext> p = processor();
    if (p == null) {
      return new Invalid(AuthMetrics.TokenResult.INVALID);
    }
    try {
      return new Valid(p.process(jwt, null));
    } catch (ExpiredJWTException e) {
      return new Expired();
    } catch (Exception e) {
      // forged, wrong audience, typ or algorithm, unknown key, unreachable keys: all the same to
      // the caller; the reason only for the metrics
      return new Invalid(TokenResults.of(e));
    }
  }

  private @Nullable DefaultJWTProcessor<SecurityContext> processor() {
    DefaultJWTProcessor<SecurityContext> p = processor.get();
    if (p != null) {
      return p;
    }
    synchronized (this) {
      p = processor.get();
      long now = System.nanoTime();
      long failed = lastDiscoveryFailure;
      if (p != null || (failed != 0 && now - failed < DISCOVERY_RETRY.toNanos())) {
        return p;
      }
      try {
        p = processor(keySource(discoverJwksUri()));
        processor.set(p);
        return p;
      } catch (IOException | ParseException | RuntimeException e) {
        lastDiscoveryFailure = now == 0 ? 1 : now;
        LOG.log(
            System.Logger.Level.WARNING,
            "trusted issuer {0}: discovery at {1} failed ({2}); its tokens are refused until it works",
            issuer.name(),
            issuer.issuer(),
            e.getClass().getSimpleName() + " " + e.getMessage());
        return null;
      }
    }
  }

  /** The {@code jwks_uri} of the discovery document, whose {@code issuer} must be the issuer exactly. */
  private URI discoverJwksUri() throws IOException, ParseException {
    String base = issuer.issuer().replaceAll("/+$", "");
    Resource doc =
        new DefaultResourceRetriever(5_000, 5_000, 512 * 1024)
            .retrieveResource(new URL(base + "/.well-known/openid-configuration"));
    Map<String, Object> json = JSONObjectUtils.parse(doc.getContent());
    if (!issuer.issuer().equals(JSONObjectUtils.getString(json, "issuer"))) {
      throw new IllegalStateException("the discovery document names another issuer");
    }
    String jwks = JSONObjectUtils.getString(json, "jwks_uri");
    if (jwks == null) {
      throw new IllegalStateException("the discovery document has no jwks_uri");
    }
    return URI.create(TrustedIssuer.httpsOrLocal(jwks, issuer.name(), "jwks_uri"));
  }

  private JWKSource<SecurityContext> keySource(@Nullable URI jwksUri) {
    Optional<String> fixed = issuer.jwks();
    if (fixed.isPresent()) {
      JWKSet set = JwkSets.parse(fixed.get()).toPublicJWKSet();
      return new ImmutableJWKSet<>(set);
    }
    long ttl = issuer.jwksCacheTtl().toMillis();
    try {
      return JWKSourceBuilder.<SecurityContext>create(
              java.util.Objects.requireNonNull(jwksUri).toURL())
          .cache(ttl, Math.min(15_000, ttl / 2))
          .refreshAheadCache(false)
          // refetch on an unknown kid at most this often: a flood of made-up kids costs one fetch
          .rateLimited(Math.min(30_000, ttl / 2))
          .retrying(true)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys) {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    Set<JOSEObjectType> types = new HashSet<>();
    for (String t : issuer.types()) {
      types.add(t.isEmpty() ? null : new JOSEObjectType(t));
    }
    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(types));
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    issuer.algorithms().forEach(a -> algorithms.add(a.jws()));
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder().issuer(issuer.issuer());
    issuer.requiredClaims().forEach(exact::claim);
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            new HashSet<>(issuer.audiences()),
            exact.build(),
            new HashSet<>(List.of("sub", "exp", "iat")),
            null) {
          @Override
          protected Date currentTime() {
            return new Date(clock.millis());
          }
        };
    claims.setMaxClockSkew((int) issuer.clockSkew().toSeconds());
    p.setJWTClaimsSetVerifier(claims);
    return p;
  }
}
