package dev.refauth.launcher.hostile;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * Builds hostile tokens: from a genuine one (its claims, its kid), with the attacker's keys, and with the
 * server's own development key read from the data folder, so that claim checks are tested with a valid
 * signature.
 */
final class Forge {
  final SignedJWT genuine;
  final JWTClaimsSet claims;
  final String kid;
  final ECKey serverKey;
  final ECKey attackerEc;
  final RSAKey attackerRsa;

  Forge(String genuineToken, Path data) throws Exception {
    this.genuine = SignedJWT.parse(genuineToken);
    this.claims = genuine.getJWTClaimsSet();
    this.kid = genuine.getHeader().getKeyID();
    this.serverKey =
        (ECKey) JWKSet.load(data.resolve("dev-signing-key.jwks").toFile()).getKeyByKeyId(kid);
    this.attackerEc = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    this.attackerRsa = new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Header and payload as given (JSON), and a signature as given (base64url): for shapes no library would sign. */
  static String raw(String headerJson, String payloadJson, String signature) {
    return b64(headerJson) + "." + b64(payloadJson) + "." + signature;
  }

  String genuineHeader() {
    return genuine.getHeader().getParsedBase64URL().toString();
  }

  String genuinePayload() {
    return genuine.getPayload().toBase64URL().toString();
  }

  String genuineSignature() {
    return genuine.getSignature().toString();
  }

  /** The genuine claims, changed. */
  JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
    return change.apply(new JWTClaimsSet.Builder(claims)).build();
  }

  /** Signed by the server's own key, with the genuine header (ES256, at+jwt, kid). */
  String byServer(JWTClaimsSet c) {
    return sign(new JWSHeader.Builder(genuine.getHeader()).build(), c, ecSigner(serverKey));
  }

  String byServer(JWSHeader header, JWTClaimsSet c) {
    return sign(header, c, ecSigner(serverKey));
  }

  static String sign(JWSHeader header, JWTClaimsSet c, JWSSigner signer) {
    SignedJWT jwt = new SignedJWT(header, c);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  JWSHeader.Builder header(JWSAlgorithm alg) {
    return new JWSHeader.Builder(alg).type(genuine.getHeader().getType()).keyID(kid);
  }

  static JWSSigner ecSigner(ECKey key) {
    try {
      return new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWSSigner rsaSigner(RSAKey key) {
    try {
      return new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWSSigner hmac(byte[] secret) {
    try {
      return new MACSigner(secret);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC by hand, for secrets nimbus refuses to use (shorter than the algorithm asks). */
  static String hs256ByHand(String headerJson, String payloadB64, byte[] secret) throws Exception {
    String signingInput = b64(headerJson) + "." + payloadB64;
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
    return signingInput
        + "."
        + Base64URL.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }
}
