package dev.refauth.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import dev.refauth.tokens.JwtCodec.Verification;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The verifying half of a {@link JwtCodec}: the rules of its class javadoc, on nimbus' processor for remote keys
 * and on verifiers built once for local keys. Thread-safe.
 */
final class JwtVerifier {
  static final int MAX_TOKEN_LENGTH = 8192;

  private final TokenKeys keys;
  private final String issuer;
  private final String audience;
  private final Clock clock;
  private final Duration clockSkew;
  private final Duration maxLifetime;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final DefaultJOSEObjectTypeVerifier<SecurityContext> typeVerifier;

  JwtVerifier(
      TokenKeys keys,
      String issuer,
      String audience,
      Clock clock,
      Duration clockSkew,
      Duration maxLifetime,
      boolean microProfile) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
    this.clockSkew = clockSkew;
    this.maxLifetime = maxLifetime;
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    this.typeVerifier =
        microProfile
            ? new DefaultJOSEObjectTypeVerifier<>(JwtCodec.ACCESS_TOKEN, JwtCodec.MP_JWT)
            : new DefaultJOSEObjectTypeVerifier<>(JwtCodec.ACCESS_TOKEN);
    p.setJWSTypeVerifier(typeVerifier);
    // a mutable set on purpose: nimbus before 10.8 calls contains(null) on it, which Set.of answers
    // with an NPE (Payara 6 ships nimbus 10.5 and its copy wins over the WAR's)
    p.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            new HashSet<>(keys.jwsAlgorithms()), keys.verificationKeys()));
    // the claim rules are refauth's own (the same as nimbus' DefaultJWTClaimsVerifier with these
    // settings, on long millis instead of a Date and set operations per token); nimbus' parser
    // still does the typing of claims
    JWTClaimsSetVerifier<SecurityContext> claims = (set, context) -> verifyClaims(set);
    p.setJWTClaimsSetVerifier(claims);
    this.processor = p;
  }

  /** See {@link JwtCodec#check}. */
  Verification check(String token) {
    if (token == null || !wellFormed(token)) {
      return Verification.INVALID;
    }
    try {
      JWTClaimsSet c =
          !keys.localVerifiers().isEmpty() || keys.jwsAlgorithms().contains(JWSAlgorithm.EdDSA)
              ? processWithVerifiers(token)
              : processor.process(token, null);
      return new Verification.Verified(claims(c));
    } catch (ExpiredToken expired) {
      return new Verification.Expired(claims(expired.claims));
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException bad) {
      return new Verification.Invalid(TokenResults.of(bad));
    }
  }

  private static VerifiedJwt claims(JWTClaimsSet c) {
    Object tid = c.getClaim("tid");
    Object sid = c.getClaim("sid");
    Object authTime = c.getClaim("auth_time");
    return new VerifiedJwt(
        c.getSubject(),
        c.getJWTID(),
        Optional.ofNullable(tid instanceof String s ? s : null),
        Optional.ofNullable(sid instanceof String s ? s : null),
        c.getIssueTime().toInstant(),
        c.getExpirationTime().toInstant(),
        authTime instanceof Number n
            ? Optional.of(Instant.ofEpochSecond(n.longValue()))
            : Optional.empty(),
        amr(c.getClaim("amr")));
  }

  /** The {@code amr} claim's strings; none when it is absent or not an array of strings. */
  private static List<String> amr(@Nullable Object claim) {
    if (!(claim instanceof List<?> values)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      if (!(v instanceof String s) || s.isBlank()) {
        return List.of();
      }
      out.add(s);
    }
    return out;
  }

  /** An authentic token past its time, with the claims that were checked. */
  private static final class ExpiredToken extends ExpiredJWTException {
    private static final long serialVersionUID = 1L;
    private final transient JWTClaimsSet claims;

    ExpiredToken(JWTClaimsSet claims) {
      super("expired JWT");
      this.claims = claims;
    }
  }

  /**
   * Whether the signature is spelled the one way RFC 7515 allows: base64url, no padding, the unused low bits zero. The
   * signature covers the header and payload as spelled, but not its own spelling, so a lenient decoder would let one
   * token be sent in several forms (each its own cache entry, each a different string to a log or a denylist).
   */
  static boolean canonicalSignature(String token) {
    String signature = token.substring(token.lastIndexOf('.') + 1);
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(signature);
  }

  /**
   * Whether a token is worth parsing: at most {@value #MAX_TOKEN_LENGTH} characters, three parts, and its signature in
   * the one spelling RFC 7515 allows ({@link #canonicalSignature}). The same rule for refauth's own tokens and other
   * issuers'.
   */
  static boolean wellFormed(String token) {
    return token.length() <= MAX_TOKEN_LENGTH && dots(token) == 2 && canonicalSignature(token);
  }

  private static int dots(String token) {
    int n = 0;
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) == '.') {
        n++;
      }
    }
    return n;
  }

  /**
   * nimbus' processor rules (algorithm on the allow-list, {@code typ}, then the claims verifier), for the keys
   * its processor is not used for: local keys, and remote EdDSA keys (the processor cannot turn an Ed25519 JWK
   * into a Java key). Critical headers are refused by the verifiers.
   */
  private JWTClaimsSet processWithVerifiers(String token)
      throws ParseException, JOSEException, BadJOSEException {
    SignedJWT jwt = SignedJWT.parse(token);
    JWSHeader header = jwt.getHeader();
    if (!keys.jwsAlgorithms().contains(header.getAlgorithm())) {
      throw new BadJOSEException("algorithm not allowed");
    }
    typeVerifier.verify(header.getType(), null);
    List<JWSVerifier> candidates = candidates(header);
    if (candidates.isEmpty()) {
      throw new BadJOSEException("Signed JWT rejected: no matching key(s) found");
    }
    for (JWSVerifier v : candidates) {
      if (jwt.verify(v)) {
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        verifyClaims(claims);
        return claims;
      }
    }
    throw new BadJOSEException("no key verifies the signature");
  }

  /**
   * An access token's claims: {@code iss} equal to the issuer, {@code aud} containing the audience, {@code sub},
   * {@code jti}, {@code iat} and {@code exp} present, {@code exp} not passed and {@code nbf} (if any) reached, both
   * within the clock skew. The same rules and boundaries as nimbus' {@code DefaultJWTClaimsVerifier} (expired
   * when {@code exp + skew <= now}, early when {@code nbf - skew >= now}); written out because that verifier's
   * {@code Date}s and claim-name set operations were the cold path's largest cost after nimbus' own parsing.
   */
  private void verifyClaims(JWTClaimsSet c) throws BadJWTException {
    List<String> aud = c.getAudience();
    if (issuer.equals(c.getIssuer()) && (aud == null || !aud.contains(audience))) {
      throw new BadJWTException("JWT audience rejected");
    }
    if (!issuer.equals(c.getIssuer())
        || c.getSubject() == null
        || c.getJWTID() == null
        || c.getIssueTime() == null
        || c.getExpirationTime() == null) {
      throw new BadJWTException("JWT claims missing or not accepted");
    }
    long now = clock.millis();
    long skew = clockSkew.toMillis();
    if (c.getExpirationTime().getTime() + skew <= now) {
      throw new ExpiredToken(c);
    }
    Date nbf = c.getNotBeforeTime();
    if (nbf != null && nbf.getTime() - skew >= now) {
      throw new BadJWTException("JWT before use time");
    }
    long iat = c.getIssueTime().getTime();
    if (iat - skew > now) {
      throw new BadJWTException("JWT issued in the future");
    }
    if (c.getExpirationTime().getTime() - iat > maxLifetime.toMillis()) {
      throw new BadJWTException("JWT lives longer than allowed");
    }
  }

  /**
   * The verifiers to try, chosen by the header's {@code kid} only (never by {@code jku}, {@code x5u} or
   * {@code jwk}): the local keys' verifiers, built once (converting a JWK to a Java key per token was what made
   * verification slow); or, for remote keys, the matching Ed25519 keys of the JWKS (EdDSA tokens only).
   */
  private List<JWSVerifier> candidates(JWSHeader header) throws JOSEException {
    if (!keys.localVerifiers().isEmpty()) {
      String kid = header.getKeyID();
      List<JWSVerifier> local = new ArrayList<>(1);
      for (TokenKeys.LocalVerifier v : keys.localVerifiers()) {
        if (kid == null || kid.equals(v.kid())) {
          local.add(v.verifier());
        }
      }
      return local;
    }
    List<JWSVerifier> remote = new ArrayList<>();
    if (JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
      for (var jwk :
          keys.verificationKeys().get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null)) {
        if (jwk instanceof OctetKeyPair okp) {
          remote.add(new Ed25519Verifier(okp.toPublicJWK()));
        }
      }
    }
    return remote;
  }
}
