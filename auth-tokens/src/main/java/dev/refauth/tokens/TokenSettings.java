package dev.refauth.tokens;

import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.GuardSettings;
import dev.refauth.core.spi.UserDirectory;
import dev.refauth.core.spi.UserDirectoryFactory;
import dev.refauth.tokens.TokenAuthProvider.SessionMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The token provider's settings (the table in {@link TokenAuthProvider}): parsed and checked here, keys loaded or generated. */
final class TokenSettings {
  private static final System.Logger LOG = System.getLogger(TokenAuthProvider.class.getName());
  private static final Set<String> SETTINGS =
      Set.of(
          "users",
          "jwt.jwks",
          "jwt.kid",
          "jwt.generate",
          "jwt.secret",
          "jwt.secretEnv",
          "jwt.issuer",
          "jwt.audience",
          "jwt.profile",
          "accessTtl",
          "clockSkew",
          "refreshTtl",
          "refreshIdle",
          "refreshGrace",
          "sessionTtl",
          "sessionIdle",
          "secureCookies",
          "crossSiteCookies",
          "sessionMode",
          "tenants");
  private static final Set<String> SETTINGS_WITHOUT_USERS =
      SETTINGS.stream().filter(k -> !k.equals("users")).collect(Collectors.toUnmodifiableSet());

  /** {@code jwt.profile}: {@code refauth} (RFC 9068, the default) or {@code microprofile}. */
  private static boolean profile(AuthSettings s) {
    String p = s.string("jwt.profile", "refauth");
    return switch (p) {
      case "refauth" -> false;
      case "microprofile" -> true;
      default -> throw s.bad("jwt.profile", p, "refauth or microprofile");
    };
  }

  private TokenSettings() {}

  static Set<String> namesWithoutUsers() {
    return SETTINGS_WITHOUT_USERS;
  }

  /** The provider of {@code provider=...TokenAuthProvider} in {@code web.xml}: a users file, tokens in memory. */
  static TokenAuthProvider.Builder fromSettings(AuthSettings s) {
    s.require("users");
    UserDirectory users = UserDirectoryFactory.find(TokenSettings.class.getClassLoader()).create(s);
    return builder(users, new InMemoryTokenStore(), s.without("users"));
  }

  static TokenAuthProvider.Builder builder(
      UserDirectory directory, TokenStore store, AuthSettings s) {
    s.requireOnly(SETTINGS_WITHOUT_USERS);
    boolean secure = secureCookies(s);
    SessionMode mode = sessionMode(s);
    boolean crossSite = s.bool("crossSiteCookies", false);
    if (crossSite && !secure) {
      throw new AuthException(
          "settings '"
              + s.fullName("crossSiteCookies")
              + "=true' and '"
              + s.fullName("secureCookies")
              + "=false' contradict each other: SameSite=None cookies must be Secure");
    }
    JwtCodec codec =
        JwtCodec.builder(keysFrom(s))
            .issuer(s.string("jwt.issuer", "refauth"))
            .audience(s.string("jwt.audience", "refauth"))
            .microProfile(profile(s))
            .accessTtl(
                s.duration(
                    "accessTtl", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(1)))
            .clockSkew(
                s.duration(
                    "clockSkew", Duration.ofSeconds(60), Duration.ZERO, Duration.ofMinutes(5)))
            .build();
    return TokenAuthProvider.builder(directory, codec, store)
        .secureCookies(secure)
        .crossSiteCookies(crossSite)
        .sessionMode(mode)
        .refreshTtl(s.duration("refreshTtl", Duration.ofDays(30)))
        .refreshIdle(s.duration("refreshIdle", Duration.ofDays(7)))
        .refreshGrace(s.duration("refreshGrace", Duration.ofSeconds(10)))
        .sessionTtl(s.duration("sessionTtl", Duration.ofHours(12)))
        .sessionIdle(s.duration("sessionIdle", Duration.ofMinutes(30)))
        .loginPath(s.string(AuthSettings.LOGIN_PATH, "/login"))
        .refreshPath(s.string(AuthSettings.API_PATH, "/auth") + "/refresh")
        .tenantNames(GuardSettings.tenants(s));
  }

  /** {@code secureCookies}; by default true, or with a public origin whether it is https; false with an https origin is refused. */
  private static boolean secureCookies(AuthSettings s) {
    Optional<String> origin = s.get(AuthSettings.PUBLIC_ORIGIN);
    boolean https = origin.map(o -> o.regionMatches(true, 0, "https://", 0, 8)).orElse(true);
    boolean secure = s.bool("secureCookies", https);
    if (!secure && origin.isPresent() && https) {
      throw new AuthException(
          "settings 'publicOrigin="
              + origin.get()
              + "' and '"
              + s.fullName("secureCookies")
              + "=false' contradict each other: over https the cookies are Secure");
    }
    return secure;
  }

  private static SessionMode sessionMode(AuthSettings s) {
    String v = s.string("sessionMode", "both");
    return switch (v) {
      case "bearer" -> SessionMode.BEARER;
      case "cookie" -> SessionMode.COOKIE;
      case "both" -> SessionMode.BOTH;
      default -> throw s.bad("sessionMode", v, "bearer, cookie or both");
    };
  }

  private static TokenKeys keysFrom(AuthSettings s) {
    Optional<String> jwks = s.get("jwt.jwks");
    if (jwks.isPresent() && s.get("jwt.secret").isPresent()) {
      throw new AuthException(
          "settings '"
              + s.fullName("jwt.jwks")
              + "' and '"
              + s.fullName("jwt.secret")
              + "' are both set: one signing key");
    }
    if (s.get("jwt.secret").isPresent() && s.get("jwt.secretEnv").isPresent()) {
      throw new AuthException(
          "settings '"
              + s.fullName("jwt.secret")
              + "' and '"
              + s.fullName("jwt.secretEnv")
              + "' are both set: one signing key");
    }
    if (jwks.isPresent()) {
      Path file = Path.of(jwks.get());
      Optional<String> generate = s.get("jwt.generate");
      if (!Files.exists(file) && generate.isPresent()) {
        SigningAlgorithm alg =
            SigningAlgorithm.named(generate.get())
                .orElseThrow(
                    () ->
                        s.bad("jwt.generate", generate.get(), "one of HS256, RS256, ES256, EdDSA"));
        TokenKeys generated = TokenKeys.generate(alg);
        writePrivate(file, generated.privateJwkSetJson().orElseThrow());
        LOG.log(
            System.Logger.Level.WARNING,
            "GENERATED a development signing key in "
                + file.toAbsolutePath()
                + ". Production must configure its own key (provider.jwt.jwks) and keep it secret.");
        return generated;
      }
      Optional<String> kid = s.get("jwt.kid");
      return kid.isPresent()
          ? TokenKeys.fromJwkSetFile(file, kid.get())
          : TokenKeys.fromJwkSetFile(file);
    }
    Optional<String> given = s.get("jwt.secret");
    String env = s.string("jwt.secretEnv", "REFAUTH_JWT_SECRET");
    String secret = given.orElseGet(() -> System.getenv(env));
    secret = secret == null ? null : secret.strip(); // as every other source of settings
    if (secret == null || secret.isEmpty()) {
      throw new AuthException(
          "no signing key: set "
              + s.lookedFor("jwt.jwks")
              + " to a JWK set file, or "
              + s.lookedFor("jwt.secret")
              + " (MicroProfile Config or the environment, never web.xml) or the environment"
              + " variable "
              + env
              + " to an HS256 secret of at least 256 bits");
    }
    return TokenKeys.hs256(secret.getBytes(StandardCharsets.UTF_8));
  }

  private static void writePrivate(Path file, String json) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, json, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // best effort on non-POSIX file systems
      }
    } catch (IOException e) {
      throw new AuthException("cannot write the generated key to " + file, e);
    }
  }
}
