package dev.refauth.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.AuthEvent;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the battery's audit events become the {@link AuthEvent}s of the trail and the metrics. */
final class AuthEventMappingTest {
  private static AuthEvent heard(AuditEvent.Type type) {
    return Accounts.asAuthEvent(
        new AuditEvent(type, Optional.of("acc"), "acme", "10.0.0.1", Instant.EPOCH));
  }

  @Test
  void everyAuditEvent_isHeard_withItsMethod() {
    assertThat(heard(AuditEvent.Type.LOGIN_SUCCESS).type()).isEqualTo(AuthEvent.Type.SIGNED_IN);
    assertThat(heard(AuditEvent.Type.LOGIN_SUCCESS).method()).isEqualTo(AuthEvent.Method.PASSWORD);
    assertThat(heard(AuditEvent.Type.SOCIAL_LOGIN).type()).isEqualTo(AuthEvent.Type.SIGNED_IN);
    assertThat(heard(AuditEvent.Type.SOCIAL_LOGIN).method()).isEqualTo(AuthEvent.Method.SOCIAL);
    assertThat(heard(AuditEvent.Type.SOCIAL_REFUSED).type())
        .isEqualTo(AuthEvent.Type.SIGN_IN_FAILED);
    assertThat(heard(AuditEvent.Type.SOCIAL_REFUSED).method()).isEqualTo(AuthEvent.Method.SOCIAL);
    assertThat(heard(AuditEvent.Type.LOGIN_FAILURE).type())
        .isEqualTo(AuthEvent.Type.SIGN_IN_FAILED);
    assertThat(heard(AuditEvent.Type.LOCKOUT).type()).isEqualTo(AuthEvent.Type.LOCKED_OUT);
    assertThat(heard(AuditEvent.Type.LOGIN_THROTTLED).type()).isEqualTo(AuthEvent.Type.THROTTLED);
    assertThat(heard(AuditEvent.Type.PASSWORD_CHANGED).type())
        .isEqualTo(AuthEvent.Type.PASSWORD_CHANGED);
    assertThat(heard(AuditEvent.Type.PASSWORD_CHANGE_FAILURE).type())
        .isEqualTo(AuthEvent.Type.PASSWORD_CHANGE_FAILED);
    assertThat(heard(AuditEvent.Type.REGISTERED).type()).isEqualTo(AuthEvent.Type.REGISTERED);
    assertThat(heard(AuditEvent.Type.RESET_REQUESTED).type())
        .isEqualTo(AuthEvent.Type.RESET_REQUESTED);
    assertThat(heard(AuditEvent.Type.INVITED).type()).isEqualTo(AuthEvent.Type.INVITED);
    AuthEvent e = heard(AuditEvent.Type.LOGIN_SUCCESS);
    assertThat(e.subject()).contains("acc");
    assertThat(e.tenant()).isEqualTo("acme");
    assertThat(e.address()).isEqualTo("10.0.0.1");
    assertThat(e.type().vocabulary()).isEqualTo("authn_login_success");
  }

  @Test
  void aRegistrationOfATakenAddress_looksLikeARefusedTenant_andNamesNoAccount() {
    AuthEvent existing = heard(AuditEvent.Type.REGISTER_EXISTING);
    AuthEvent refused = heard(AuditEvent.Type.REGISTER_REFUSED);
    assertThat(existing.type()).isEqualTo(refused.type());
    assertThat(existing.type()).isEqualTo(AuthEvent.Type.REGISTRATION_REFUSED);
    assertThat(existing.subject()).isEmpty();
  }
}
