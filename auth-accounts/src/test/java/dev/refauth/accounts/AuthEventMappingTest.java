package dev.refauth.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.AuthEvent;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which audit events an application hears as {@link AuthEvent}s, and which stay in the audit log only. */
final class AuthEventMappingTest {
  private static Optional<AuthEvent.Type> heard(AuditEvent.Type type) {
    return Accounts.asAuthEvent(
            new AuditEvent(type, Optional.of("acc"), "acme", "10.0.0.1", Instant.EPOCH))
        .map(AuthEvent::type);
  }

  @Test
  void signInsRefusalsLockoutsPasswordsRegistrations_areHeard_theRestStayInTheLog() {
    assertThat(heard(AuditEvent.Type.LOGIN_SUCCESS)).contains(AuthEvent.Type.SIGNED_IN);
    assertThat(heard(AuditEvent.Type.SOCIAL_LOGIN)).contains(AuthEvent.Type.SIGNED_IN);
    assertThat(heard(AuditEvent.Type.LOGIN_FAILURE)).contains(AuthEvent.Type.SIGN_IN_FAILED);
    assertThat(heard(AuditEvent.Type.LOCKOUT)).contains(AuthEvent.Type.LOCKED_OUT);
    assertThat(heard(AuditEvent.Type.PASSWORD_CHANGED)).contains(AuthEvent.Type.PASSWORD_CHANGED);
    assertThat(heard(AuditEvent.Type.REGISTERED)).contains(AuthEvent.Type.REGISTERED);
    assertThat(heard(AuditEvent.Type.RESET_REQUESTED)).isEmpty();
    assertThat(heard(AuditEvent.Type.REGISTER_EXISTING)).isEmpty(); // would tell who has an account
    AuthEvent e =
        Accounts.asAuthEvent(
                new AuditEvent(
                    AuditEvent.Type.LOGIN_SUCCESS,
                    Optional.of("acc"),
                    "acme",
                    "10.0.0.1",
                    Instant.EPOCH))
            .orElseThrow();
    assertThat(e.subject()).contains("acc");
    assertThat(e.tenant()).isEqualTo("acme");
    assertThat(e.address()).isEqualTo("10.0.0.1");
  }
}
