package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.core.adapter.Decision;
import dev.refauth.core.adapter.HttpReply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The step-up: a requirement for a recent second factor, decided by the guard on its clock, answered so that a
 * Refine client can send the person to the second step and retry.
 */
final class StepUpTest {
  private static final Instant SIGNED_IN = Instant.parse("2026-12-02T10:00:00Z");
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Bearer tokens by name: "mfa" signed in with two factors at SIGNED_IN, "pwd" with a password alone. */
  private static final class Provider implements AuthProvider {
    final AtomicInteger logouts = new AtomicInteger();
    final AtomicInteger onErrors = new AtomicInteger();

    @Override
    public AuthActionResponse login(AuthParams params, AuthRequest request) {
      return AuthActionResponse.failure(AuthError.invalidCredentials());
    }

    @Override
    public AuthActionResponse logout(AuthParams params, AuthRequest request) {
      logouts.incrementAndGet();
      return AuthActionResponse.success("/login");
    }

    @Override
    public CheckResponse check(AuthRequest request) {
      Identity enrolled = Identity.builder("ada").attribute("secondFactor", true).build();
      Authentication base =
          Authentication.of(enrolled, Permissions.of("admin")).withAuthenticatedAt(SIGNED_IN);
      return switch (request.bearerToken().orElse("")) {
        case "mfa" -> CheckResponse.authenticated(base.withMethods(List.of("pwd", "otp", "mfa")));
        case "pwd" -> CheckResponse.authenticated(base.withMethods(List.of("pwd")));
        case "untimed" ->
            CheckResponse.authenticated(
                Authentication.of(enrolled, Permissions.of("admin"))
                    .withMethods(List.of("pwd", "otp", "mfa")));
        case "none" ->
            CheckResponse.authenticated(
                Authentication.of(Identity.builder("bob").build(), Permissions.of("admin"))
                    .withAuthenticatedAt(SIGNED_IN)
                    .withMethods(List.of("pwd")));
        case "reader" ->
            CheckResponse.authenticated(
                Authentication.of(Identity.builder("rita").build(), Permissions.of("posts:read"))
                    .withAuthenticatedAt(SIGNED_IN)
                    .withMethods(List.of("pwd")));
        case "acme" ->
            CheckResponse.authenticated(
                Authentication.of(
                        Identity.builder("ada")
                            .tenant("acme")
                            .attribute("secondFactor", true)
                            .build(),
                        Permissions.of("posts:read"))
                    .withAuthenticatedAt(SIGNED_IN)
                    .withMethods(List.of("pwd")));
        default -> CheckResponse.unauthenticated("/login");
      };
    }

    @Override
    public OnErrorResponse onError(AuthError error, AuthRequest request) {
      onErrors.incrementAndGet();
      return OnErrorResponse.of(error);
    }
  }

  private final Provider provider = new Provider();
  private final TestClock clock = new TestClock(SIGNED_IN.plus(Duration.ofMinutes(9)));
  private final AuthGuard guard =
      AuthGuard.builder(provider)
          .identityCache(IdentityCache.builder().clock(clock).build())
          .pathRules(
              PathRules.of(List.of("/*"), List.of(), List.of("/login"))
                  .withSecondFactor(List.of("/api/admin/*"), TEN_MINUTES))
          .build();
  private final Requirement admin =
      Requirement.permissions(Requirement.Logical.ALL, "admin").withSecondFactorWithin(TEN_MINUTES);

  private static AuthRequest api(String token) {
    return AuthRequest.builder("POST", "/api/admin/keys")
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .build();
  }

  @Test
  void aSecondFactorWithinTheTime_passes_pastIt_isAskedToStepUp_andNothingIsEnded()
      throws Exception {
    assertThat(guard.authorize(api("mfa"), admin).proceeds()).as("control: 9 minutes").isTrue();
    clock.set(SIGNED_IN.plus(TEN_MINUTES));
    assertThat(guard.authorize(api("mfa"), admin).proceeds()).as("the edge: exactly 10").isTrue();
    clock.advance(Duration.ofSeconds(1));
    Decision late = guard.authorize(api("mfa"), admin);
    HttpReply reply = late.reply().orElseThrow();
    assertThat(reply.status()).isEqualTo(403);
    Map<String, Object> body = JSON.readValue(reply.json().orElseThrow(), new TypeReference<>() {});
    assertThat(body)
        .containsEntry("redirectTo", "/login/second-factor?stepUp=true")
        .doesNotContainKey("logout");
    assertThat(body.get("error").toString()).contains("StepUpRequired");
    assertThat(reply.headers().get("WWW-Authenticate"))
        .isEqualTo(
            "Bearer error=\"insufficient_user_authentication\", error_description=\"A recent second"
                + " factor is required\", max_age=\"600\"");
    assertThat(provider.logouts).as("the caller stays signed in").hasValue(0);
    assertThat(provider.onErrors).as("a policy answer, not an application error").hasValue(0);
    assertThat(reply.cookies()).as("no cookie cleared").isEmpty();
  }

  @Test
  void aPasswordAlone_orNoSignInTime_neverPasses_howeverRecent() {
    assertThat(guard.authorize(api("mfa"), admin).proceeds()).as("control").isTrue();
    assertThat(guard.authorize(api("pwd"), admin).reply().orElseThrow().status()).isEqualTo(403);
    assertThat(guard.authorize(api("untimed"), admin).reply().orElseThrow().status())
        .isEqualTo(403);
    Requirement plain = Requirement.permissions(Requirement.Logical.ALL, "admin");
    assertThat(guard.authorize(api("pwd"), plain).proceeds())
        .as("without the step-up the password suffices")
        .isTrue();
  }

  @Test
  void aBrowser_goesToTheStepUpPageAndBack_theUnauthenticatedToTheLoginPage() {
    clock.advance(Duration.ofHours(1));
    AuthRequest page =
        AuthRequest.builder("GET", "/api/admin/keys")
            .query("tab=2")
            .header("Authorization", "Bearer mfa")
            .header("Accept", "text/html")
            .build();
    HttpReply reply = guard.authorize(page).reply().orElseThrow();
    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.headers().get("Location"))
        .isEqualTo("/login/second-factor?stepUp=true&to=%2Fapi%2Fadmin%2Fkeys%3Ftab%3D2");
    AuthRequest anonymous =
        AuthRequest.builder("GET", "/api/admin/keys").header("Accept", "text/html").build();
    assertThat(guard.authorize(anonymous).reply().orElseThrow().headers().get("Location"))
        .as("not signed in: the login page, as for any protected path")
        .isEqualTo("/login?to=%2Fapi%2Fadmin%2Fkeys");
  }

  @Test
  void pathRules_askOnlyOnTheirPatterns_publicStillWins() {
    clock.advance(Duration.ofHours(1));
    assertThat(guard.authorize(api("mfa")).reply().orElseThrow().status()).isEqualTo(403);
    AuthRequest other =
        AuthRequest.builder("GET", "/api/posts").header("Authorization", "Bearer mfa").build();
    assertThat(guard.authorize(other).proceeds()).as("control: another path").isTrue();
    PathRules rules =
        PathRules.of(List.of("/*"), List.of("/api/admin/status"), List.of("/login"))
            .withSecondFactor(List.of("/api/admin/*"), TEN_MINUTES);
    assertThat(rules.requirementFor("/api/admin/status")).isEqualTo(Requirement.none());
    assertThat(rules.requirementFor("/api/admin"))
        .isEqualTo(Requirement.authenticated().withSecondFactorWithin(TEN_MINUTES));
  }

  @Test
  void theStepUpPage_isConfigurable_andKeepsTheContextPath() {
    AuthGuard custom =
        AuthGuard.builder(provider)
            .identityCache(IdentityCache.builder().clock(clock).build())
            .stepUpPath("/verify")
            .build();
    clock.advance(Duration.ofHours(1));
    AuthRequest page =
        AuthRequest.builder("GET", "/settings")
            .contextPath("/app")
            .header("Authorization", "Bearer mfa")
            .header("Accept", "text/html")
            .build();
    assertThat(custom.authorize(page, admin).reply().orElseThrow().headers().get("Location"))
        .isEqualTo("/app/verify?stepUp=true&to=%2Fsettings");
  }

  @Test
  void anAccountWithoutASecondFactor_isSentToEnrolment_whenThereIsAPage() throws Exception {
    HttpReply api = guard.authorize(api("none"), admin).reply().orElseThrow();
    assertThat(api.status()).isEqualTo(403);
    assertThat(api.json().orElseThrow())
        .contains("SecondFactorEnrolmentRequired")
        .doesNotContain("redirectTo");
    AuthGuard withPage =
        AuthGuard.builder(provider)
            .identityCache(IdentityCache.builder().clock(clock).build())
            .enrolmentPath("/account/security")
            .build();
    Map<String, Object> body =
        JSON.readValue(
            withPage.authorize(api("none"), admin).reply().orElseThrow().json().orElseThrow(),
            new TypeReference<>() {});
    assertThat(body).containsEntry("redirectTo", "/account/security");
    AuthRequest page =
        AuthRequest.builder("GET", "/keys")
            .header("Authorization", "Bearer none")
            .header("Accept", "text/html")
            .build();
    assertThat(withPage.authorize(page, admin).reply().orElseThrow().headers().get("Location"))
        .isEqualTo("/account/security?to=%2Fkeys");
    assertThat(withPage.authorize(api("mfa"), admin).proceeds()).as("control").isTrue();
  }

  private static AuthRequest get(String path, String token) {
    return AuthRequest.builder("GET", path)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .build();
  }

  @Test
  void aRequiredPolicy_refusesAPasswordAlone_anywhereProtected_butThePagesToComply() {
    AuthGuard required =
        AuthGuard.builder(provider)
            .identityCache(IdentityCache.builder().clock(clock).build())
            .enrolmentPath("/account/security")
            .secondFactorPolicy(SecondFactorPolicy.required())
            .build();
    HttpReply refused = required.authorize(get("/posts", "pwd")).reply().orElseThrow();
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().orElseThrow()).contains("StepUpRequired");
    assertThat(refused.headers().get("WWW-Authenticate"))
        .isEqualTo(
            "Bearer error=\"insufficient_user_authentication\", error_description=\"A second factor"
                + " is required\"");
    assertThat(required.authorize(get("/posts", "none")).reply().orElseThrow().json().orElseThrow())
        .contains("SecondFactorEnrolmentRequired")
        .contains("/account/security");
    clock.advance(Duration.ofDays(1));
    assertThat(required.authorize(get("/posts", "mfa")).proceeds())
        .as("control: a policy asks for a second factor, not a recent one")
        .isTrue();
    assertThat(required.authorize(get("/login/second-factor", "pwd")).proceeds())
        .as("the step-up page")
        .isTrue();
    assertThat(required.authorize(get("/account/security", "none")).proceeds())
        .as("the enrolment page")
        .isTrue();
    assertThat(required.authorize(get("/account/security/x", "none")).proceeds())
        .as("only the page itself")
        .isFalse();
  }

  @Test
  void aPolicyForSomePermissions_coversTheirHoldersOnly_andATenantHasItsOwn() {
    AuthGuard guard =
        AuthGuard.builder(provider)
            .identityCache(IdentityCache.builder().clock(clock).build())
            .tenants(java.util.Set.of("acme"))
            .secondFactorPolicy(SecondFactorPolicy.requiredFor("admin"))
            .secondFactorPolicy("acme", SecondFactorPolicy.required())
            .build();
    assertThat(guard.authorize(get("/posts", "pwd")).reply().orElseThrow().status())
        .as("an admin with a password alone")
        .isEqualTo(403);
    assertThat(guard.authorize(get("/posts", "reader")).proceeds())
        .as("control: a reader is not covered")
        .isTrue();
    assertThat(guard.authorize(get("/posts", "acme")).reply().orElseThrow().status())
        .as("acme requires it of everyone, readers too")
        .isEqualTo(403);
    assertThat(
            AuthGuard.builder(provider)
                .secondFactorPolicy(SecondFactorPolicy.requiredFor("admin"))
                .build()
                .authorize(get("/posts", "acme"))
                .proceeds())
        .as("control: without acme's own policy, its reader passes")
        .isTrue();
    assertThat(SecondFactorPolicy.parse(" admin , billing:* "))
        .isEqualTo(SecondFactorPolicy.requiredFor("admin", "billing:*"));
    assertThatThrownBy(() -> SecondFactorPolicy.parse("sometimes x"))
        .isInstanceOf(IllegalArgumentException.class);
    for (String mistake : List.of("Required", "REQUIRED", "true", "all", "admin, yes")) {
      assertThatThrownBy(() -> SecondFactorPolicy.parse(mistake))
          .as(mistake)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a policy");
    }
    // a part of a permission is covered: billing:* covers billing:refund, as billing:* and *
    SecondFactorPolicy billing = SecondFactorPolicy.parse("billing:*");
    assertThat(billing.covers(Permissions.of("billing:refund"))).isTrue();
    assertThat(billing.covers(Permissions.of("*"))).isTrue();
    assertThat(billing.covers(Permissions.of("billing:*"))).isTrue();
    assertThat(billing.covers(Permissions.of("posts:read", "billingx:read")))
        .as("control")
        .isFalse();
    assertThat(SecondFactorPolicy.parse("users").covers(Permissions.of("users:manage"))).isTrue();
    assertThat(
            SecondFactorPolicy.requiredFor("billing:refund,export")
                .covers(Permissions.of("billing:export,read")))
        .as("an overlap")
        .isTrue();
    assertThat(SecondFactorPolicy.parse("billing").covers(Permissions.of("*:*:read"))).isTrue();
    assertThat(
            SecondFactorPolicy.parse("billing:refund")
                .covers(Permissions.of("billing:export,read")))
        .as("control: nothing shared")
        .isFalse();
    assertThatThrownBy(() -> SecondFactorPolicy.parse(" , "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void misconfiguration_failsFastNamingIt() {
    assertThatThrownBy(() -> Requirement.none().withSecondFactorWithin(TEN_MINUTES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("authenticated");
    assertThatThrownBy(() -> Requirement.authenticated().withSecondFactorWithin(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 second to 1 day");
    assertThatThrownBy(() -> Requirement.authenticated().withSecondFactorWithin(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                PathRules.of(List.of(), List.of(), List.of())
                    .withSecondFactor(List.of("a*"), TEN_MINUTES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a*");
    assertThatThrownBy(() -> AuthGuard.builder(provider).stepUpPath("https://evil.example/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                AuthGuard.builder(provider)
                    .enrolmentPath("/account/security")
                    .pathRules(
                        PathRules.of(List.of("/*"), List.of(), List.of("/login"))
                            .withSecondFactor(List.of("/account/*"), TEN_MINUTES))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/account/security");
    assertThatThrownBy(
            () ->
                AuthGuard.builder(provider)
                    .pathRules(
                        PathRules.of(List.of("/*"), List.of(), List.of("/login"))
                            .withSecondFactor(List.of("/login/*"), TEN_MINUTES))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/login/second-factor");
  }
}
