package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.spi.AuthEventListener;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Sign-outs reach the listeners; a listener that throws keeps neither the others nor the sign-out from working. */
final class AuthEventsTest {
  /**
   * Registered first, before a class that does not exist: neither can be made (a library of another version put first
   * by a container fails the same way), and neither keeps the others from being found.
   */
  public static final class Unmakeable implements AuthEventListener {
    public Unmakeable() {
      throw new NoSuchMethodError("a library of another version");
    }

    @Override
    public void onEvent(AuthEvent event) {}
  }

  /** Registered with ServiceLoader in the test resources, after those. */
  public static final class Throwing implements AuthEventListener {
    @Override
    public void onEvent(AuthEvent event) {
      throw new IllegalStateException("a broken listener");
    }
  }

  /** Registered second. */
  public static final class Recording implements AuthEventListener {
    static final List<AuthEvent> HEARD = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(AuthEvent event) {
      HEARD.add(event);
    }
  }

  /** Knows the bearer token "ada". */
  private static final AuthProvider ADA =
      new AuthProvider() {
        @Override
        public AuthActionResponse login(AuthParams params, AuthRequest request) {
          return AuthActionResponse.failure(AuthError.invalidCredentials());
        }

        @Override
        public AuthActionResponse logout(AuthParams params, AuthRequest request) {
          return AuthActionResponse.success("/login");
        }

        @Override
        public CheckResponse check(AuthRequest request) {
          return request.bearerToken().filter("ada"::equals).isPresent()
              ? CheckResponse.authenticated(
                  Authentication.of(
                      Identity.builder("ada-id").tenant("acme").build(), Permissions.none()))
              : CheckResponse.unauthenticated("/login");
        }

        @Override
        public OnErrorResponse onError(AuthError error, AuthRequest request) {
          return OnErrorResponse.of(error);
        }
      };

  @Test
  void discoveredListeners_eachGetTheEvent_evenAfterOneThrows() {
    Recording.HEARD.clear();
    AuthEventListener all = AuthEventListener.discovered(getClass().getClassLoader());
    AuthEvent e =
        new AuthEvent(AuthEvent.Type.SIGNED_IN, Optional.of("a"), "", "10.0.0.1", Instant.now());
    all.onEvent(e);
    assertThat(Recording.HEARD).containsExactly(e);
    // control: a loader that sees none drops events quietly
    AuthEventListener.discovered(ClassLoader.getPlatformClassLoader()).onEvent(e);
  }

  @Test
  void logout_isASignOutOfTheCaller_onlyWhenThereIsOne() {
    List<AuthEvent> heard = new CopyOnWriteArrayList<>();
    AuthGuard guard = AuthGuard.builder(ADA).events(heard::add).build();
    guard.logout(
        AuthRequest.builder("POST", "/auth/logout").header("Authorization", "Bearer ada").build(),
        AuthParams.empty());
    assertThat(heard).hasSize(1);
    AuthEvent out = heard.get(0);
    assertThat(out.type()).isEqualTo(AuthEvent.Type.SIGNED_OUT);
    assertThat(out.subject()).contains("ada-id");
    assertThat(out.tenant()).isEqualTo("acme");
    // no caller (no credential, or one the provider does not know): no sign-out
    guard.logout(AuthRequest.builder("POST", "/auth/logout").build(), AuthParams.empty());
    guard.logout(
        AuthRequest.builder("POST", "/auth/logout").header("Authorization", "Bearer eve").build(),
        AuthParams.empty());
    assertThat(heard).hasSize(1);
  }

  @Test
  void aRefusalDecidedForAnAuthenticatedCaller_carriesItsRequestsId() {
    List<AuthEvent> heard = new CopyOnWriteArrayList<>();
    AuthGuard guard = AuthGuard.builder(ADA).events(heard::add).build();
    AuthRequest call =
        AuthRequest.builder("GET", "/api/admin")
            .header("Authorization", "Bearer ada")
            .header("X-Request-Id", "req-0001-denied")
            .build();
    Authentication ada = guard.authenticate(call).orElseThrow();
    assertThat(guard.authorize(call, Requirement.authenticated(), ada).proceeds())
        .as("the control")
        .isTrue();
    assertThat(heard).isEmpty();
    assertThat(
            guard
                .authorize(call, Requirement.permissions(Requirement.Logical.ALL, "admin"), ada)
                .proceeds())
        .isFalse();
    assertThat(heard)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(AuthEvent.Type.ACCESS_DENIED);
              assertThat(e.requestId()).isEqualTo("req-0001-denied");
            });
  }
}
