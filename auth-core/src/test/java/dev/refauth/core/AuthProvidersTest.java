package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AuthProvidersTest {

  /** A minimal provider used to test lookup. */
  public static final class Fixed implements AuthProvider {
    final String tag;

    public Fixed(AuthSettings settings) {
      this.tag = settings.string("tag", "none");
    }

    @Override
    public AuthActionResponse login(AuthParams params, AuthRequest request) {
      return AuthActionResponse.failure(AuthError.invalidCredentials());
    }

    @Override
    public AuthActionResponse logout(AuthParams params, AuthRequest request) {
      return AuthActionResponse.success();
    }

    @Override
    public CheckResponse check(AuthRequest request) {
      return CheckResponse.unauthenticated();
    }

    @Override
    public OnErrorResponse onError(AuthError error, AuthRequest request) {
      return OnErrorResponse.none();
    }
  }

  public static final class FactoryA implements AuthProviderFactory {
    @Override
    public AuthProvider create(AuthSettings settings) {
      return new Fixed(settings.with("tag", "A"));
    }
  }

  public static final class FactoryB implements AuthProviderFactory {
    @Override
    public AuthProvider create(AuthSettings settings) {
      return new Fixed(settings.with("tag", "B"));
    }
  }

  public static final class NotAProvider {}

  @Test
  void byName_providerWithSettingsConstructor() {
    AuthProvider p =
        AuthProviders.load(
            Fixed.class.getName(),
            AuthSettings.of(Map.of("tag", "x")),
            getClass().getClassLoader());
    assertThat(((Fixed) p).tag).isEqualTo("x");
  }

  @Test
  void byName_factory() {
    AuthProvider p =
        AuthProviders.load(
            FactoryA.class.getName(), AuthSettings.empty(), getClass().getClassLoader());
    assertThat(((Fixed) p).tag).isEqualTo("A");
  }

  @Test
  void byName_errorsNameTheClass() {
    assertThatThrownBy(
            () ->
                AuthProviders.load(
                    "com.example.Missing", AuthSettings.empty(), getClass().getClassLoader()))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("com.example.Missing");
    assertThatThrownBy(
            () ->
                AuthProviders.load(
                    NotAProvider.class.getName(),
                    AuthSettings.empty(),
                    getClass().getClassLoader()))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("neither");
  }

  @Test
  void serviceLoader_exactlyOne(@TempDir Path dir) throws Exception {
    try (URLClassLoader loader = withServices(dir, FactoryA.class.getName())) {
      assertThat(((Fixed) AuthProviders.load(AuthSettings.empty(), loader)).tag).isEqualTo("A");
    }
  }

  @Test
  void serviceLoader_noneIsAnError(@TempDir Path dir) throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> AuthProviders.load(AuthSettings.empty(), loader))
          .isInstanceOf(AuthException.class)
          .hasMessageContaining("no AuthProvider configured");
    }
  }

  @Test
  void serviceLoader_severalIsAnErrorNamingThem(@TempDir Path dir) throws Exception {
    try (URLClassLoader loader =
        withServices(dir, FactoryA.class.getName() + "\n" + FactoryB.class.getName())) {
      assertThatThrownBy(() -> AuthProviders.load(AuthSettings.empty(), loader))
          .isInstanceOf(AuthException.class)
          .hasMessageContaining("found 2")
          .hasMessageContaining(FactoryA.class.getName())
          .hasMessageContaining(FactoryB.class.getName());
    }
  }

  private URLClassLoader withServices(Path dir, String lines) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(AuthProviderFactory.class.getName()), lines);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }
}
