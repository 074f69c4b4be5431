package dev.refauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.spi.AuthEventListener;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class JsonAuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AuthEvent event(String subject, String tenant, String address) {
    return new AuthEvent(
        AuthEvent.Type.SIGN_IN_FAILED,
        Optional.of(subject),
        tenant,
        address,
        Instant.parse("2026-12-02T10:15:30.120Z"),
        AuthEvent.Method.PASSWORD,
        "req-12345678");
  }

  @Test
  void anEvent_isOneJsonLine_withTheOwaspName_andNothingElse() throws Exception {
    String line = JsonAuditLog.line(event("acc-1", "acme", "203.0.113.7"));
    assertThat(line).doesNotContain("\n");
    JsonNode n = JSON.readTree(line);
    assertThat(n.get("ts").asText()).isEqualTo("2026-12-02T10:15:30.120Z");
    assertThat(n.get("type").asText()).isEqualTo("authn_login_fail");
    assertThat(n.get("event").asText()).isEqualTo("SIGN_IN_FAILED");
    assertThat(n.get("method").asText()).isEqualTo("password");
    assertThat(n.get("account").asText()).isEqualTo("acc-1");
    assertThat(n.get("tenant").asText()).isEqualTo("acme");
    assertThat(n.get("client").asText()).isEqualTo("203.0.113.7");
    assertThat(n.get("request").asText()).isEqualTo("req-12345678");
    assertThat(n.size()).isEqualTo(8);
  }

  @Test
  void anUnknownAccount_isAbsent_notNull() throws Exception {
    AuthEvent e =
        new AuthEvent(
            AuthEvent.Type.SIGN_IN_FAILED, Optional.empty(), "", "10.0.0.1", Instant.EPOCH);
    JsonNode n = JSON.readTree(JsonAuditLog.line(e));
    assertThat(n.has("account")).isFalse();
    assertThat(n.get("request").asText()).isEmpty(); // no request on this thread
  }

  @Test
  void everyCharacterThatBreaksOrDisguisesALine_isEscaped_inEveryField_andReadsBackExactly()
      throws Exception {
    String[] hostile = {
      "a\r\n{\"type\":\"authn_login_success\"}",
      "b\u0000\u0007\u001b[31m",
      "c\u007f\u0085\u009b",
      "d\u2028e\u2029f",
      "g\u202eevil\u202c\u2066\u2069\u200f",
      "h\\\"quoted\\"
    };
    for (String h : hostile) {
      String line = JsonAuditLog.line(event(h, h, h));
      // nothing below a space, no DEL, no C1, no separators, no bidi controls: only escapes
      assertThat(line.chars())
          .noneMatch(
              c ->
                  c < 0x20
                      || (c >= 0x7f && c <= 0x9f)
                      || c == 0x2028
                      || c == 0x2029
                      || (c >= 0x202a && c <= 0x202e)
                      || (c >= 0x2066 && c <= 0x2069)
                      || c == 0x200f);
      JsonNode n = JSON.readTree(line);
      assertThat(n.get("account").asText()).isEqualTo(h);
      assertThat(n.get("tenant").asText()).isEqualTo(h);
      assertThat(n.get("client").asText()).isEqualTo(h);
      assertThat(n.get("type").asText()).isEqualTo("authn_login_fail");
      assertThat(n.size()).isEqualTo(8);
    }
  }

  @Test
  void isRegisteredWithServiceLoader() {
    assertThat(
            java.util.ServiceLoader.load(AuthEventListener.class).stream()
                .map(p -> p.type().getName()))
        .contains(JsonAuditLog.class.getName());
  }
}
