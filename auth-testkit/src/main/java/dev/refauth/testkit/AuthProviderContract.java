package dev.refauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Authentication;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.Identity;
import dev.refauth.core.OnErrorResponse;
import dev.refauth.core.Permissions;
import dev.refauth.core.ResponseCookie;
import dev.refauth.core.internal.AuthJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AuthProvider} must honour, as a JUnit 5 suite to extend:
 *
 * <pre>{@code
 * final class MyProviderContractTest extends AuthProviderContract {
 *   protected AuthProvider provider() { return new MyProvider(...); }
 *   protected AuthParams validLogin() { return AuthParams.of(Map.of("email", "a@b.c", "password", "pw")); }
 * }
 * }</pre>
 *
 * <p>What it proves: login success and failure have Refine's shapes; a wrong password and an unknown
 * user get the same answer; check is unauthenticated without a credential, with a forged one and after
 * logout, and authenticated (with an identity) after login; onError asks for logout on 401 and not on
 * a 500; the optional methods answer well-formed values (never an exception, never null) whether or
 * not they are supported; every response can be written as JSON.
 *
 * <p>A login response's credential is presented the way a Refine client would: the {@code accessToken}
 * (or {@code token}) as a bearer token, and cookies set by the response sent back. Override
 * {@link #requestAfterLogin} when a provider works otherwise.
 */
public abstract class AuthProviderContract {
  private AuthProvider provider;

  /** A fresh provider for each test. */
  protected abstract AuthProvider provider();

  /** Parameters of a login that succeeds. */
  protected abstract AuthParams validLogin();

  /** Parameters of a login with the right user and a wrong password. */
  protected AuthParams wrongPassword() {
    return validLogin().with("password", validLogin().password().orElse("") + "-wrong");
  }

  /** Parameters of a login for a user that does not exist. */
  protected AuthParams unknownUser() {
    return validLogin().with("email", "nobody-" + System.nanoTime() + "@example.invalid");
  }

  /** A request with no credential. */
  protected AuthRequest anonymousRequest() {
    return AuthRequest.builder("GET", "/").remoteAddress("127.0.0.1").secure(true).build();
  }

  /** A request that presents the credential a successful login gave. */
  protected AuthRequest requestAfterLogin(AuthActionResponse login) {
    AuthRequest.Builder b = AuthRequest.builder("GET", "/").remoteAddress("127.0.0.1").secure(true);
    Optional<Object> token = login.data("accessToken").or(() -> login.data("token"));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    for (ResponseCookie c : login.effects().cookies()) {
      if (!c.value().isEmpty()) {
        b.cookie(c.name(), c.value());
      }
    }
    return b.build();
  }

  /** A request with a credential of the right form that this provider never issued. */
  protected AuthRequest forgedRequest(AuthActionResponse login) {
    AuthRequest genuine = requestAfterLogin(login);
    AuthRequest.Builder b = AuthRequest.builder("GET", "/").remoteAddress("127.0.0.1").secure(true);
    genuine.bearerToken().ifPresent(t -> b.header("Authorization", "Bearer " + tamper(t)));
    for (ResponseCookie c : login.effects().cookies()) {
      genuine.cookie(c.name()).ifPresent(v -> b.cookie(c.name(), tamper(v)));
    }
    return b.build();
  }

  @BeforeEach
  final void createProvider() {
    provider = provider();
    assertNotNull(provider, "provider() returned null");
  }

  /** The provider under test in this test. */
  protected final AuthProvider subject() {
    return provider;
  }

  @Test
  void login_success_hasRefineShape() {
    AuthActionResponse r = provider.login(validLogin(), anonymousRequest());
    assertNotNull(r);
    assertTrue(r.isSuccess(), "valid login must succeed: " + r);
    assertTrue(r.error().isEmpty(), "a success carries no error");
    r.redirectTo()
        .ifPresent(
            to ->
                assertTrue(
                    to.startsWith("/") && !to.startsWith("//"),
                    "redirectTo must be a local path: " + to));
    assertTrue(AuthJson.toJson(r).startsWith("{\"success\":true"), "JSON starts with success");
  }

  @Test
  void login_wrongPassword_isGenericFailure() {
    AuthActionResponse wrong = provider.login(wrongPassword(), anonymousRequest());
    assertFailureWithoutCredential(wrong);
  }

  @Test
  void login_unknownUser_answersLikeWrongPassword() {
    AuthActionResponse wrong = provider.login(wrongPassword(), anonymousRequest());
    AuthActionResponse unknown = provider.login(unknownUser(), anonymousRequest());
    assertFailureWithoutCredential(unknown);
    assertEquals(
        AuthJson.toJson(wrong),
        AuthJson.toJson(unknown),
        "unknown user and wrong password must answer the same");
  }

  @Test
  void login_missingOrOddParams_isFailureNotException() {
    assertFailureWithoutCredential(provider.login(AuthParams.empty(), anonymousRequest()));
    assertFailureWithoutCredential(
        provider.login(AuthParams.of(Map.of("email", 42, "password", true)), anonymousRequest()));
    assertFailureWithoutCredential(
        provider.login(validLogin().with("password", ""), anonymousRequest()));
  }

  @Test
  void check_anonymous_isUnauthenticated() {
    CheckResponse r = provider.check(anonymousRequest());
    assertNotNull(r);
    assertFalse(r.isAuthenticated());
    assertTrue(r.authentication().isEmpty());
    r.redirectTo()
        .ifPresent(
            to ->
                assertTrue(
                    to.startsWith("/") && !to.startsWith("//"), "redirectTo must be a local path"));
  }

  @Test
  void check_afterLogin_isAuthenticatedWithIdentity() {
    AuthRequest request = requestAfterLogin(successfulLogin());
    CheckResponse r = provider.check(request);
    assertTrue(r.isAuthenticated(), "check with the login's credential must be authenticated");
    Optional<Identity> identity =
        r.authentication().map(a -> a.identity()).or(() -> provider.getIdentity(request));
    assertTrue(
        identity.isPresent(),
        "an authenticated check must carry an Authentication, or getIdentity must answer");
    assertFalse(identity.get().id().isBlank());
  }

  @Test
  void check_forgedCredential_isUnauthenticated() {
    AuthActionResponse login = successfulLogin();
    assertTrue(provider.check(requestAfterLogin(login)).isAuthenticated(), "positive control");
    assertFalse(
        provider.check(forgedRequest(login)).isAuthenticated(),
        "a tampered credential must not pass");
  }

  @Test
  void check_afterLogout_isUnauthenticated() {
    AuthRequest request = requestAfterLogin(successfulLogin());
    assertTrue(provider.check(request).isAuthenticated(), "positive control");
    AuthActionResponse out = provider.logout(AuthParams.empty(), request);
    assertNotNull(out);
    assertTrue(out.isSuccess(), "logout succeeds");
    assertFalse(
        provider.check(request).isAuthenticated(), "the same credential must fail after logout");
    assertTrue(provider.getIdentity(request).isEmpty(), "no identity after logout");
  }

  @Test
  void logout_anonymous_isWellFormed() {
    AuthActionResponse out = provider.logout(AuthParams.empty(), anonymousRequest());
    assertNotNull(out);
    assertTrue(
        out.isSuccess() || out.error().map(e -> !e.name().isBlank()).orElse(false),
        "logging out nobody succeeds, or fails with a named error");
    assertTrue(
        AuthJson.toJson(out).contains("\"success\":" + out.isSuccess()),
        "the JSON carries the outcome");
  }

  @Test
  void onError_401_asksForLogout() {
    OnErrorResponse r = provider.onError(AuthError.unauthorized(), anonymousRequest());
    assertNotNull(r);
    assertTrue(r.isLogout(), "a 401 must ask for logout");
    r.redirectTo().ifPresent(to -> assertTrue(to.startsWith("/") && !to.startsWith("//")));
  }

  @Test
  void onError_serverError_doesNotLogOut() {
    OnErrorResponse r =
        provider.onError(
            AuthError.of("ServerError", "boom", 500), requestAfterLogin(successfulLogin()));
    assertNotNull(r);
    assertFalse(r.isLogout(), "a 500 is not an authentication problem");
  }

  @Test
  void onError_withoutStatus_isWellFormed() {
    OnErrorResponse r = provider.onError(AuthError.of("TypeError", "x"), anonymousRequest());
    assertNotNull(r);
    assertFalse(
        r.isLogout(),
        "an error without a status (a client-side TypeError) is not an authentication problem");
  }

  @Test
  void optionalActions_answerWellFormed() {
    for (BiFunction<AuthParams, AuthRequest, AuthActionResponse> m :
        List.<BiFunction<AuthParams, AuthRequest, AuthActionResponse>>of(
            provider::register, provider::forgotPassword, provider::updatePassword)) {
      AuthActionResponse r = m.apply(AuthParams.empty(), anonymousRequest());
      assertNotNull(r, "optional methods never answer null");
      if (!r.isSuccess()) {
        AuthError e = r.error().orElseThrow(() -> new AssertionError("a failure carries an error"));
        assertFalse(e.name().isBlank());
        assertFalse(e.message().isBlank());
      }
      AuthJson.toJson(r);
    }
  }

  @Test
  void identityAndPermissions_anonymous_areEmpty() {
    assertTrue(provider.getIdentity(anonymousRequest()).isEmpty());
    assertTrue(provider.getPermissions(anonymousRequest()).isEmpty());
  }

  @Test
  void identityAndPermissions_afterLogin_matchCheck() {
    AuthRequest request = requestAfterLogin(successfulLogin());
    CheckResponse check = provider.check(request);
    assertTrue(
        check.isAuthenticated(), "positive control: the login's credential is authenticated");
    Authentication a =
        check
            .authentication()
            .orElseThrow(() -> new AssertionError("an authenticated check carries who it is"));
    // both are optional methods: a provider that implements one must agree with its own check
    Optional<Identity> identity = provider.getIdentity(request);
    identity.ifPresent(
        i -> assertEquals(a.identity().id(), i.id(), "getIdentity agrees with check"));
    Optional<Permissions> permissions = provider.getPermissions(request);
    permissions.ifPresent(
        p -> assertEquals(a.permissions(), p, "getPermissions agrees with check"));
  }

  @Test
  void credential_isStableForOneLogin() {
    AuthRequest request = requestAfterLogin(successfulLogin());
    assertEquals(provider.credential(request), provider.credential(request));
    assertTrue(
        provider.credential(anonymousRequest()).isEmpty(),
        "an anonymous request has no credential");
  }

  /** A login that must succeed; fails the test otherwise. */
  protected final AuthActionResponse successfulLogin() {
    AuthActionResponse login = provider.login(validLogin(), anonymousRequest());
    assertTrue(login.isSuccess(), "valid login must succeed: " + login);
    return login;
  }

  private static void assertFailureWithoutCredential(AuthActionResponse r) {
    assertNotNull(r, "login never answers null");
    assertFalse(r.isSuccess(), "must fail");
    AuthError e = r.error().orElseThrow(() -> new AssertionError("a failure carries an error"));
    assertFalse(e.name().isBlank());
    assertFalse(e.message().isBlank());
    assertTrue(
        r.data("accessToken").isEmpty() && r.data("token").isEmpty(), "a failure carries no token");
    assertTrue(
        r.effects().cookies().stream().allMatch(c -> c.value().isEmpty()),
        "a failure sets no credential cookie");
  }

  /**
   * Changes one character in the middle: the last base64url character of a token may carry only padding
   * bits, so changing it need not change the decoded bytes; a middle one always does.
   */
  private static String tamper(String value) {
    if (value.isEmpty()) {
      return "x";
    }
    int i = value.length() / 2;
    char c = value.charAt(i);
    return value.substring(0, i) + (c == 'A' ? 'B' : 'A') + value.substring(i + 1);
  }
}
