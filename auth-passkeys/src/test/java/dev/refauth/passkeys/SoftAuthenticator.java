package dev.refauth.passkeys;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

/**
 * A software authenticator for the tests: one P-256 passkey, whose answers the test can bend (another origin, another
 * relying party, an old challenge, a lower counter, no user verification) to see each refused. Built on webauthn4j's
 * data classes for the CBOR, and on the JDK for the key and the signatures.
 */
final class SoftAuthenticator {
  private static final ObjectConverter CONVERTER = new ObjectConverter();
  private static final byte UP = AuthenticatorData.BIT_UP;
  private static final byte UV = AuthenticatorData.BIT_UV;

  final byte[] credentialId = new byte[16];
  private final KeyPair key;
  final String userHandle;
  long counter;

  SoftAuthenticator(String userHandle) throws Exception {
    new SecureRandom().nextBytes(credentialId);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    this.key = g.generateKeyPair();
    this.userHandle = userHandle;
  }

  String id() {
    return b64(credentialId);
  }

  /** {@code navigator.credentials.create()}'s answer, as {@code toJSON()} gives it, for these options. */
  String register(Map<String, Object> options, String origin) throws Exception {
    String rpId = (String) ((Map<?, ?>) options.get("rp")).get("id");
    String clientData = clientData("webauthn.create", (String) options.get("challenge"), origin);
    AttestedCredentialData attested =
        new AttestedCredentialData(
            AAGUID.ZERO,
            credentialId,
            EC2COSEKey.create((ECPublicKey) key.getPublic(), COSEAlgorithmIdentifier.ES256));
    AuthenticatorData<
            com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput>
        data =
            new AuthenticatorData<>(
                sha256(rpId), (byte) (UP | UV | AuthenticatorData.BIT_AT), counter, attested);
    byte[] attestation =
        new AttestationObjectConverter(CONVERTER)
            .convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
    return "{\"id\":\""
        + id()
        + "\",\"rawId\":\""
        + id()
        + "\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\""
        + b64(clientData.getBytes(StandardCharsets.UTF_8))
        + "\",\"attestationObject\":\""
        + b64(attestation)
        + "\",\"transports\":[\"internal\"]},\"clientExtensionResults\":{},"
        + "\"authenticatorAttachment\":\"platform\"}";
  }

  /** {@code navigator.credentials.get()}'s answer, as {@code toJSON()} gives it, with what a test bends. */
  String assertion(String challenge, String rpId, String origin, boolean userVerified)
      throws Exception {
    counter++;
    byte[] authData =
        new AuthenticatorDataConverter(CONVERTER)
            .convert(
                new AuthenticatorData<>(
                    sha256(rpId), userVerified ? (byte) (UP | UV) : UP, counter));
    String clientData = clientData("webauthn.get", challenge, origin);
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key.getPrivate());
    s.update(authData);
    s.update(
        MessageDigest.getInstance("SHA-256").digest(clientData.getBytes(StandardCharsets.UTF_8)));
    return "{\"id\":\""
        + id()
        + "\",\"rawId\":\""
        + id()
        + "\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\""
        + b64(clientData.getBytes(StandardCharsets.UTF_8))
        + "\",\"authenticatorData\":\""
        + b64(authData)
        + "\",\"signature\":\""
        + b64(s.sign())
        + "\",\"userHandle\":\""
        + b64(userHandle.getBytes(StandardCharsets.UTF_8))
        + "\"},\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\"}";
  }

  private static String clientData(String type, String challenge, String origin) {
    return "{\"type\":\""
        + type
        + "\",\"challenge\":\""
        + challenge
        + "\",\"origin\":\""
        + origin
        + "\",\"crossOrigin\":false}";
  }

  private static byte[] sha256(String s) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
