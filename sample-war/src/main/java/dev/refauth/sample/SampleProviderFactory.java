package dev.refauth.sample;

import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthProviderFactory;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.token.TokenAuthProvider;
import java.nio.file.Path;

/**
 * The sample's provider: {@link TokenAuthProvider} with the demo users and a development signing key
 * generated into the data folder on first start (system property {@value #DATA_PROPERTY}, set by the
 * launcher's {@code --data}; default {@code ~/.refauth-sample}). The provider's other settings come from
 * {@code web.xml} as usual.
 */
public final class SampleProviderFactory implements AuthProviderFactory {
  /** Where the sample keeps its data. */
  public static final String DATA_PROPERTY = "refauth.sample.data";

  @Override
  public AuthProvider create(AuthSettings settings) {
    Path data = Path.of(System.getProperty(DATA_PROPERTY, System.getProperty("user.home") + "/.refauth-sample"));
    AuthSettings withKey = settings.get("jwt.jwks").isPresent() ? settings
        : settings.with("jwt.jwks", data.resolve("dev-signing-key.jwks").toString()).with("jwt.generate", "ES256");
    return new TokenAuthProvider(withKey);
  }
}
