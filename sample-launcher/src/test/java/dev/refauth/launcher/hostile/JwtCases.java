package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.refauth.launcher.hostile.Raw.Request;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** Forged, tampered and malformed access tokens against a protected JAX-RS resource. */
final class JwtCases {
  static final String CATEGORY = "JWT";

  private JwtCases() {}

  static List<Case> all(Target t) throws Exception {
    String uma = t.token(Target.UMA, Target.UMA_PASSWORD);
    String ada = t.token(Target.ADA, Target.ADA_PASSWORD);
    Forge f = new Forge(uma, t.data);
    String adaId = com.nimbusds.jwt.SignedJWT.parse(ada).getJWTClaimsSet().getSubject();
    String headerJson = f.genuine.getHeader().toString();
    long now = System.currentTimeMillis();
    List<Case> cases = new ArrayList<>();

    cases.add(accepted(t, "the genuine token", () -> uma));
    cases.add(
        accepted(
            t,
            "the genuine claims re-signed by the server's key (the forge itself works)",
            () -> f.byServer(f.claims)));
    cases.add(
        accepted(t, "scheme in lower case (RFC 7235: case-insensitive)", () -> uma, "bearer"));
    cases.add(
        accepted(
            t,
            "nbf in the past, signed by the server's key",
            () -> f.byServer(f.claims(c -> c.notBeforeTime(new Date(now - 60_000))))));

    for (String none : List.of("none", "None", "NONE", "nOnE")) {
      cases.add(
          refused(
              t,
              "alg " + none + ", no signature",
              () ->
                  Forge.raw(
                      "{\"alg\":\"" + none + "\",\"typ\":\"at+jwt\",\"kid\":\"" + f.kid + "\"}",
                      f.claims.toString(),
                      "")));
    }
    cases.add(
        refused(
            t,
            "alg none with the genuine signature kept",
            () ->
                Forge.b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}")
                    + "."
                    + f.genuinePayload()
                    + "."
                    + f.genuineSignature()));
    cases.add(
        refused(
            t,
            "HS256 keyed with the server's public JWK (algorithm confusion)",
            () ->
                Forge.sign(
                    f.header(JWSAlgorithm.HS256).build(),
                    f.claims,
                    Forge.hmac(
                        f.serverKey
                            .toPublicJWK()
                            .toJSONString()
                            .getBytes(StandardCharsets.UTF_8)))));
    cases.add(
        refused(
            t,
            "HS256 keyed with the server's public key bytes (X.509)",
            () ->
                Forge.sign(
                    f.header(JWSAlgorithm.HS256).build(),
                    f.claims,
                    Forge.hmac(publicKeyBytes(f.serverKey)))));
    cases.add(
        refused(
            t,
            "HS256 with an empty secret (by hand)",
            () ->
                Forge.hs256ByHand(
                    "{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"" + f.kid + "\"}",
                    f.genuinePayload(),
                    new byte[0])));
    cases.add(
        refused(
            t,
            "HS512, not on the allow-list",
            () ->
                Forge.sign(
                    f.header(JWSAlgorithm.HS512).build(), f.claims, Forge.hmac(random(64)))));
    cases.add(
        refused(
            t,
            "ES256 by the attacker's key under the server's kid",
            () ->
                Forge.sign(
                    f.header(JWSAlgorithm.ES256).build(), f.claims, Forge.ecSigner(f.attackerEc))));
    cases.add(
        refused(
            t,
            "RS256 by the attacker's key under the server's kid",
            () ->
                Forge.sign(
                    f.header(JWSAlgorithm.RS256).build(),
                    f.claims,
                    Forge.rsaSigner(f.attackerRsa))));
    cases.add(
        refused(
            t,
            "PS256, not on the allow-list",
            () ->
                Forge.sign(
                    f.header(JWSAlgorithm.PS256).build(),
                    f.claims,
                    Forge.rsaSigner(f.attackerRsa))));
    cases.add(
        refused(
            t,
            "ES384 on P-384, not on the allow-list",
            () -> {
              ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID(f.kid).generate();
              return Forge.sign(
                  f.header(JWSAlgorithm.ES384).build(), f.claims, Forge.ecSigner(p384));
            }));
    cases.add(
        refused(
            t,
            "embedded jwk header carrying the attacker's key",
            () ->
                Forge.sign(
                    f.header(JWSAlgorithm.ES256).jwk(f.attackerEc.toPublicJWK()).build(),
                    f.claims,
                    Forge.ecSigner(f.attackerEc))));
    cases.add(
        refused(
                t,
                "jku pointing at the attacker's server",
                () ->
                    Forge.sign(
                        f.header(JWSAlgorithm.ES256)
                            .jwkURL(URI.create(t.trapUrl("/jwks.json")))
                            .build(),
                        f.claims,
                        Forge.ecSigner(f.attackerEc)))
            .unchanged(t.outboundFetches()));
    cases.add(
        refused(
                t,
                "x5u pointing at the attacker's server",
                () ->
                    Forge.sign(
                        f.header(JWSAlgorithm.ES256)
                            .x509CertURL(URI.create(t.trapUrl("/cert.pem")))
                            .build(),
                        f.claims,
                        Forge.ecSigner(f.attackerEc)))
            .unchanged(t.outboundFetches()));
    cases.add(
        refused(
            t,
            "kid path traversal, HS256 keyed with an empty file's content",
            () ->
                Forge.hs256ByHand(
                    "{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"../../../../../../dev/null\"}",
                    f.genuinePayload(),
                    new byte[0])));
    cases.add(
        refused(
            t,
            "kid SQL injection",
            () ->
                Forge.sign(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(new JOSEObjectType("at+jwt"))
                        .keyID("x' UNION SELECT 'secret'--")
                        .build(),
                    f.claims,
                    Forge.hmac(
                        "secretsecretsecretsecretsecretsecret".getBytes(StandardCharsets.UTF_8)))));
    cases.add(
        refused(
            t,
            "kid of no key, signed by the attacker",
            () ->
                Forge.sign(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("at+jwt"))
                        .keyID("no-such-key")
                        .build(),
                    f.claims,
                    Forge.ecSigner(f.attackerEc))));
    cases.add(
        refused(
            t,
            "payload swapped for another user's subject, genuine signature",
            () ->
                f.genuineHeader()
                    + "."
                    + Forge.b64(f.claims(c -> c.subject(adaId)).toString())
                    + "."
                    + f.genuineSignature()));
    cases.add(
        refused(
            t,
            "payload given permissions, genuine signature",
            () ->
                f.genuineHeader()
                    + "."
                    + Forge.b64(
                        f.claims(c -> c.claim("permissions", List.of("admin", "*"))).toString())
                    + "."
                    + f.genuineSignature()));
    cases.add(
        refused(
            t,
            "ECDSA signature of zeros (CVE-2022-21449)",
            () ->
                f.genuineHeader()
                    + "."
                    + f.genuinePayload()
                    + "."
                    + Base64URL.encode(new byte[64])));
    cases.add(
        refused(
            t,
            "another token's signature",
            () ->
                f.genuineHeader()
                    + "."
                    + f.genuinePayload()
                    + "."
                    + ada.substring(ada.lastIndexOf('.') + 1)));
    cases.add(
        refused(t, "signature stripped", () -> f.genuineHeader() + "." + f.genuinePayload() + "."));
    cases.add(
        refused(
            t,
            "exp 5 minutes ago (beyond the clock skew), server's key",
            () -> f.byServer(f.claims(c -> c.expirationTime(new Date(now - 300_000))))));
    cases.add(
        refused(
            t,
            "nbf in 10 minutes, server's key",
            () -> f.byServer(f.claims(c -> c.notBeforeTime(new Date(now + 600_000))))));
    cases.add(
        refused(
            t, "no exp, server's key", () -> f.byServer(f.claims(c -> c.expirationTime(null)))));
    cases.add(refused(t, "no jti, server's key", () -> f.byServer(f.claims(c -> c.jwtID(null)))));
    cases.add(
        refused(
            t,
            "another issuer, server's key",
            () -> f.byServer(f.claims(c -> c.issuer("https://evil.example")))));
    cases.add(
        refused(
            t,
            "another audience, server's key",
            () -> f.byServer(f.claims(c -> c.audience("other-api")))));
    cases.add(
        refused(
            t,
            "no audience, server's key",
            () -> f.byServer(f.claims(c -> c.audience((String) null)))));
    cases.add(
        refused(
            t,
            "typ JWT instead of at+jwt (an ID token's type), server's key",
            () ->
                f.byServer(
                    f.header(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), f.claims)));
    cases.add(
        refused(
            t,
            "no typ, server's key",
            () ->
                f.byServer(
                    new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(f.kid).build(), f.claims)));
    cases.add(
        refused(
            t,
            "a subject that does not exist, server's key",
            () -> f.byServer(f.claims(c -> c.subject("no-such-user")))));
    cases.add(
        refused(
            t,
            "acme user's token claiming tenant globex, server's key",
            () -> f.byServer(f.claims(c -> c.claim("tid", "globex")))));
    cases.add(
        refused(
            t,
            "a critical header the server does not know, server's key",
            () ->
                f.byServer(
                    f.header(JWSAlgorithm.ES256)
                        .criticalParams(Set.of("exp"))
                        .customParam("exp", 1)
                        .build(),
                    f.claims)));
    for (String junk :
        List.of(
            "abc",
            "a.b",
            "a.b.c.d",
            "..",
            "...",
            "e30.e30.e30",
            "bm90IGpzb24.e30.AAAA",
            "eyJhbGciOiJFUzI1NiJ9..AAAA")) {
      cases.add(refused(t, "malformed: " + junk, () -> junk));
    }
    cases.add(
        refused(
            t,
            "a 4 KB kid",
            () ->
                Forge.sign(
                    f.header(JWSAlgorithm.ES256).keyID("k".repeat(4000)).build(),
                    f.claims,
                    Forge.ecSigner(f.attackerEc))));
    cases.add(
        Case.attack(
                CATEGORY,
                "a 20 KB token (over the header limit)",
                () ->
                    t.send(
                        Raw.get("/api/posts")
                            .json()
                            .bearer("eyJ" + "A".repeat(20_000) + ".e30.AAAA")))
            .status(400, 401, 431)
            .expect(JwtCases::noData));
    cases.add(
        Case.attack(
                CATEGORY,
                "two Authorization headers, the genuine one second",
                () ->
                    t.send(
                        Raw.get("/api/posts")
                            .json()
                            .header("Authorization", "Bearer x.y.z")
                            .bearer(uma)))
            .status(401)
            .expect(JwtCases::noData));
    cases.add(
        Case.attack(
                CATEGORY,
                "Basic credentials instead of a bearer token",
                () ->
                    t.send(
                        Raw.get("/api/posts")
                            .json()
                            .header(
                                "Authorization",
                                "Basic " + Forge.b64(Target.UMA + ":" + Target.UMA_PASSWORD))))
            .status(401)
            .expect(JwtCases::noData));
    cases.add(
        Case.attack(
                CATEGORY,
                "the genuine token in the query string (access_token)",
                () -> t.send(Raw.get("/api/posts?access_token=" + uma).json()))
            .status(401)
            .expect(JwtCases::noData));
    cases.add(
        Case.attack(
                CATEGORY,
                "the genuine token as a cookie named like the header",
                () -> t.send(Raw.get("/api/posts").json().cookie("Authorization=Bearer%20" + uma)))
            .status(401)
            .expect(JwtCases::noData));
    return cases;
  }

  private static Case accepted(Target t, String name, Forgery token) {
    return accepted(t, name, token, "Bearer");
  }

  private static Case accepted(Target t, String name, Forgery token, String scheme) {
    return Case.control(CATEGORY, name, () -> t.send(request(scheme, token.make())))
        .status(200)
        .expect(r -> assertThat(r.body()).contains(Target.ACME_POST));
  }

  private static Case refused(Target t, String name, Forgery token) {
    return Case.attack(CATEGORY, name, () -> t.send(request("Bearer", token.make())))
        .status(401)
        .expect(
            r ->
                assertThat(r.header("WWW-Authenticate"))
                    .as("challenge")
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer")))
        .expect(JwtCases::noData);
  }

  private static Request request(String scheme, String token) {
    return Raw.get("/api/posts").json().header("Authorization", scheme + " " + token);
  }

  static void noData(Raw.Reply r) {
    assertThat(r.body()).as("no protected data").doesNotContain(Target.ACME_POST);
  }

  private static byte[] publicKeyBytes(ECKey key) {
    try {
      return key.toECPublicKey().getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** Makes the token a case sends, when the case runs (forging may throw). */
  interface Forgery {
    String make() throws Exception;
  }
}
