package dev.refauth.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.refauth.core.AuthException;
import dev.refauth.core.internal.SecureTokens;
import dev.refauth.core.spi.AuthMetrics;
import dev.refauth.core.spi.PublishedKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Issues and verifies access tokens with nimbus-jose-jwt. Strict by default:
 * <ul>
 *   <li>only the algorithms of its {@link TokenKeys} (never {@code none}, never HMAC and public-key mixed);
 *       the headers {@code jku}, {@code x5u} and {@code jwk} never select keys;
 *   <li>{@code typ} must be {@code at+jwt} (RFC 9068), so an ID token, a refresh token or a reset token can
 *       never pass as an access token;
 *   <li>{@code iss} must equal the issuer, {@code aud} contain the audience, and {@code exp}, {@code iat},
 *       {@code sub}, {@code jti} must be present; {@code nbf} is honoured when present; {@code iat} may not lie in the
 *       future (beyond the clock skew), nor {@code exp} more than the maximum lifetime after it: the same rules for
 *       tokens of these keys and of a remote key set;
 *   <li>time comes from an injected {@link Clock}, with a clock skew of 60 s by default;
 *   <li>tokens over 8 KiB or not of three segments are refused before any parsing or crypto.
 * </ul>
 * Results are values: {@link #verify} answers empty for any bad token. Thread-safe.
 */
public final class JwtCodec {
  /** RFC 9068's type of a JWT access token. */
  public static final String ACCESS_TOKEN_TYPE = "at+jwt";

  static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType(ACCESS_TOKEN_TYPE);

  /** The {@code typ} of the MicroProfile JWT profile's tokens. */
  static final JOSEObjectType MP_JWT = JOSEObjectType.JWT;

  private final TokenKeys keys;
  private final String issuer;
  private final String audience;
  private final Clock clock;
  private final Duration accessTtl;
  private final JwtVerifier verifier;
  private final boolean microProfile;
  private final Optional<PublishedKeys> published;

  private JwtCodec(Builder b) {
    this.keys = b.keys;
    this.microProfile = b.microProfile;
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.clock = b.clock;
    this.accessTtl = b.accessTtl;
    this.verifier =
        new JwtVerifier(
            keys,
            issuer,
            audience,
            clock,
            b.clockSkew,
            b.maxLifetime != null ? b.maxLifetime : b.accessTtl,
            b.microProfile);
    this.published = published(); // last: it names the issuer
  }

  public static Builder builder(TokenKeys keys) {
    return new Builder(keys);
  }

  /**
   * Signs a new access token for {@code subject}, without {@code tid} or {@code sid}.
   *
   * @throws AuthException if these keys cannot sign (verification-only keys) or signing fails
   */
  public IssuedToken issue(String subject) {
    return issue(AccessClaims.of(subject));
  }

  /**
   * Signs a new access token with these claims.
   *
   * @throws AuthException if these keys cannot sign (verification-only keys) or signing fails
   */
  public IssuedToken issue(AccessClaims claims) {
    if (!keys.canSign()) {
      throw new AuthException(
          "these token keys verify only (remote JWKS); they cannot issue tokens");
    }
    Instant now = clock.instant();
    Instant exp = now.plus(accessTtl);
    String jti = SecureTokens.random(16);
    JWTClaimsSet.Builder set =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(claims.subject())
            .jwtID(jti)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(exp));
    claims.tenant().ifPresent(tenant -> set.claim("tid", tenant));
    claims.sessionId().ifPresent(sessionId -> set.claim("sid", sessionId));
    claims.authTime().ifPresent(t -> set.claim("auth_time", t.getEpochSecond()));
    if (!claims.amr().isEmpty()) {
      set.claim("amr", claims.amr());
    }
    if (microProfile) {
      set.claim("upn", claims.principal().orElse(claims.subject()));
      set.claim("groups", claims.groups());
    }
    var key = keys.signingKey().orElseThrow();
    JWSAlgorithm algorithm = keys.jwsAlgorithms().iterator().next(); // local keys have exactly one
    JWSHeader header =
        new JWSHeader.Builder(algorithm)
            .type(microProfile ? MP_JWT : ACCESS_TOKEN)
            .keyID(key.getKeyID())
            .build();
    SignedJWT jwt = new SignedJWT(header, set.build());
    try {
      jwt.sign(keys.signer());
    } catch (JOSEException e) {
      throw new AuthException("signing an access token failed", e);
    }
    return new IssuedToken(jwt.serialize(), jti, exp);
  }

  /** The token's claims if every check passes; empty otherwise (never an exception for a bad token). */
  public Optional<VerifiedJwt> verify(String token) {
    return check(token) instanceof Verification.Verified v
        ? Optional.of(v.jwt())
        : Optional.empty();
  }

  /**
   * What a token is: verified, expired (authentic, issuer and audience right, but past {@code exp} and the clock
   * skew: the client should refresh), or invalid (anything else). Never an exception for a bad token.
   */
  public Verification check(String token) {
    return verifier.check(token);
  }

  /** The outcome of {@link #check}. */
  public sealed interface Verification {
    /** Malformed, forged, of another issuer, audience or type, or not valid yet. */
    Verification INVALID = new Invalid(AuthMetrics.TokenResult.INVALID);

    /** Every check passed. */
    record Verified(VerifiedJwt jwt) implements Verification {}

    /**
     * Authentic, of this issuer and audience, but past {@code exp} and the clock skew: no access, but proof enough
     * to log out the session it belongs to.
     */
    record Expired(VerifiedJwt jwt) implements Verification {}

    /** Anything else; {@code reason} as the metrics count it. */
    record Invalid(AuthMetrics.TokenResult reason) implements Verification {}
  }

  /** See {@link TokenKeys#derivedSecret}. */
  Optional<byte[]> derivedSecret(String purpose) {
    return keys.derivedSecret(purpose);
  }

  public Duration accessTtl() {
    return accessTtl;
  }

  public String issuer() {
    return issuer;
  }

  /**
   * What other services verify these tokens with ({@link PublishedKeys}): the issuer and the public keys of the set
   * (the signing key and the others, which still verify); empty for a shared secret or verification-only keys.
   */
  public Optional<PublishedKeys> publishedKeys() {
    return published;
  }

  /** Built once: the key set does not change while the codec lives, and the endpoint serves it on every fetch. */
  private Optional<PublishedKeys> published() {
    if (!keys.canSign()) {
      return Optional.empty();
    }
    List<String> algorithms = keys.algorithms().stream().map(SigningAlgorithm::name).toList();
    return keys.publicJwkSetJson()
        .map(
            json ->
                new PublishedKeys() {
                  @Override
                  public String issuer() {
                    return issuer;
                  }

                  @Override
                  public String jwkSetJson() {
                    return json;
                  }

                  @Override
                  public List<String> algorithms() {
                    return algorithms;
                  }
                });
  }

  /** Whether its tokens follow the MicroProfile JWT profile ({@link Builder#microProfile}). */
  public boolean microProfile() {
    return microProfile;
  }

  public String audience() {
    return audience;
  }

  /** Builds a {@link JwtCodec}. */
  public static final class Builder {
    private final TokenKeys keys;
    private String issuer = "refauth";
    private String audience = "refauth";
    private Clock clock = Clock.systemUTC();
    private Duration clockSkew = Duration.ofSeconds(60);
    private Duration accessTtl = Duration.ofMinutes(5);
    private @Nullable Duration maxLifetime;
    private boolean microProfile;

    private Builder(TokenKeys keys) {
      if (keys == null) {
        throw new IllegalArgumentException("keys must not be null");
      }
      this.keys = keys;
    }

    /** The {@code iss} issued and required (default {@code refauth}). */
    public Builder issuer(String issuer) {
      this.issuer = requireText(issuer, "issuer");
      return this;
    }

    /** The {@code aud} issued and required (default {@code refauth}). */
    public Builder audience(String audience) {
      this.audience = requireText(audience, "audience");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Tolerance for {@code exp} and {@code nbf} (default 60 s, from 0 to 5 min). */
    public Builder clockSkew(Duration skew) {
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("clock skew must be from 0 to 5 minutes");
      }
      this.clockSkew = skew;
      return this;
    }

    /** Access token lifetime (default 5 min, at most 1 h). */
    public Builder accessTtl(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("access token lifetime must be from 1 s to 1 h");
      }
      this.accessTtl = ttl;
      return this;
    }

    /**
     * The longest {@code exp - iat} a token may claim (default: the access token lifetime, which is what this codec
     * issues). For another issuer's tokens (remote keys), its own lifetime: Keycloak's default is 5 minutes, Entra ID's
     * about 75. A token claiming more is refused like any bad token.
     */
    public Builder maxLifetime(Duration lifetime) {
      if (lifetime.isNegative()
          || lifetime.isZero()
          || lifetime.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("the maximum token lifetime must be from 1 s to 1 day");
      }
      this.maxLifetime = lifetime;
      return this;
    }

    /**
     * The MicroProfile JWT profile (setting {@code jwt.profile=microprofile}), so that another service's MP-JWT
     * (Payara, SmallRye JWT, Helidon) accepts these tokens: {@code typ JWT} instead of {@code at+jwt}, {@code upn}
     * (the account's email, else the subject) and {@code groups} (the permissions when the token was issued: they may
     * lag a change by the token's lifetime). Tokens of either type are accepted here then. Default off.
     */
    public Builder microProfile(boolean on) {
      this.microProfile = on;
      return this;
    }

    public JwtCodec build() {
      if (maxLifetime != null && maxLifetime.compareTo(accessTtl) < 0) {
        throw new IllegalArgumentException(
            "the maximum token lifetime cannot be shorter than the access token lifetime");
      }
      return new JwtCodec(this);
    }

    private static String requireText(String s, String name) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return s;
    }
  }
}
