package dev.refauth.social;

import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Social login from settings (in {@code web.xml}: {@code provider.social.*}).
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code providers}</td><td>none</td><td>names of the providers, e.g. {@code google, github, corp}</td></tr>
 *   <tr><td>{@code callbackBase}</td><td>required with providers</td><td>public URL of the auth API, e.g.
 *       {@code https://app.example.com/auth}; redirect URIs are {@code callbackBase/{name}/callback}</td></tr>
 *   <tr><td>{@code {name}.type}</td><td>{@code google}, {@code github} by name; else {@code oidc}</td><td>{@code google}, {@code github} or {@code oidc}</td></tr>
 *   <tr><td>{@code {name}.issuer}</td><td>required for {@code oidc}</td><td>the OpenID provider's issuer URL (discovery)</td></tr>
 *   <tr><td>{@code {name}.clientId}</td><td>required</td><td>the client registered with the provider</td></tr>
 *   <tr><td>{@code {name}.clientSecretEnv}</td><td>{@code REFAUTH_{NAME}_CLIENT_SECRET}</td><td>environment variable with the client secret</td></tr>
 *   <tr><td>{@code {name}.clientSecret}</td><td></td><td>the secret itself (development only; prefer the environment)</td></tr>
 *   <tr><td>{@code {name}.displayName}, {@code {name}.scopes}</td><td>by type</td><td>the button's text; requested scopes</td></tr>
 *   <tr><td>{@code {name}.logoutAtProvider}</td><td>{@code false}</td><td>signing out also ends the session at this
 *       OpenID provider (RP-initiated logout; register {@code <publicOrigin><contextPath><loginPath>} as its post-logout
 *       redirect URI)</td></tr>
 *   <tr><td>{@code {name}.keepTokens}</td><td>{@code false}</td><td>keep the person's tokens at this OpenID provider,
 *       sealed, for the application's calls to its APIs ({@link SocialLoginProvider#upstreamAccessToken}); never sent
 *       to the browser</td></tr>
 *   <tr><td>{@code attemptTtl}</td><td>{@code 10m}</td><td>how long a started sign-in may take</td></tr>
 *   <tr><td>{@code tokenInUrl}</td><td>{@code false}</td><td>opt-in {@code ?token=} on the redirect after sign-in (read by {@link SocialLoginProvider})</td></tr>
 * </table>
 */
public final class SocialSettings {
  private static final Set<String> PER_PROVIDER =
      Set.of(
          "type",
          "issuer",
          "clientId",
          "clientSecretEnv",
          "clientSecret",
          "displayName",
          "scopes",
          "logoutAtProvider",
          "keepTokens");

  private SocialSettings() {}

  /**
   * Social login as {@code settings} (already without the {@code social.} prefix) describe it; empty when no
   * providers are named. {@code secret} derives each attempt's nonce and PKCE verifier (see
   * {@link SocialLogin.Builder#secret}).
   *
   * @throws AuthException naming a missing, unknown or bad setting
   */
  public static Optional<SocialLogin> read(
      AuthSettings settings,
      LoginAttemptStore attempts,
      boolean secureCookies,
      Clock clock,
      byte[] secret) {
    List<String> names = settings.list("providers");
    Set<String> known =
        new HashSet<>(Set.of("providers", "callbackBase", "attemptTtl", "tokenInUrl"));
    for (String name : names) {
      PER_PROVIDER.forEach(k -> known.add(name + "." + k));
    }
    settings.requireOnly(known);
    if (names.isEmpty()) {
      return Optional.empty();
    }
    String base = settings.require("callbackBase");
    URI callbackBase;
    try {
      callbackBase = URI.create(base);
    } catch (IllegalArgumentException e) {
      throw settings.bad(
          "callbackBase", base, "an absolute URL such as https://app.example.com/auth");
    }
    SocialLogin.Builder b =
        SocialLogin.builder(callbackBase, attempts)
            .secureCookies(secureCookies)
            .clock(clock)
            .secret(secret)
            .attemptTtl(settings.duration("attemptTtl", Duration.ofMinutes(10)));
    for (String name : names) {
      b.provider(provider(settings.subset(name + "."), name));
    }
    return Optional.of(b.build());
  }

  private static SocialProvider provider(AuthSettings s, String name) {
    if (!SocialProvider.NAME.matcher(name).matches()) {
      throw new AuthException(
          "a social provider name must match " + SocialProvider.NAME + ": " + name);
    }
    String type = s.string("type", name.equals("google") || name.equals("github") ? name : "oidc");
    SocialProvider.Builder b =
        switch (type) {
          case "google" -> SocialProvider.google().name(name);
          case "github" -> SocialProvider.github().name(name);
          case "oidc" -> SocialProvider.oidc(name, s.require("issuer"));
          default -> throw s.bad("type", type, "google, github or oidc");
        };
    String envName =
        s.string(
            "clientSecretEnv",
            "REFAUTH_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_CLIENT_SECRET");
    String secret = s.get("clientSecret").orElseGet(() -> System.getenv(envName));
    if (secret == null || secret.isEmpty()) {
      throw new AuthException(
          "no client secret for social provider '"
              + name
              + "': set the environment variable "
              + envName);
    }
    b.client(s.require("clientId"), secret);
    s.get("displayName").ifPresent(b::displayName);
    b.logoutAtProvider(s.bool("logoutAtProvider", false));
    b.keepTokens(s.bool("keepTokens", false));
    List<String> scopes = s.list("scopes");
    if (!scopes.isEmpty()) {
      b.scopes(scopes.toArray(String[]::new));
    }
    return b.build();
  }
}
