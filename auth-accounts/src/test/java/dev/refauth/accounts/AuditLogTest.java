package dev.refauth.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The default audit listener writes one line per event, and no field can forge a line or another field. */
final class AuditLogTest {

  @Test
  void everyFieldIsEscaped_oneLinePerEvent() {
    List<String> lines = new CopyOnWriteArrayList<>();
    Logger jul = Logger.getLogger("dev.refauth.audit");
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            lines.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(capture);
    try {
      AuditEvent.Listener log = AuditEvent.Listener.log();
      log.onEvent(
          new AuditEvent(
              AuditEvent.Type.LOGIN_FAILURE,
              Optional.of("a-1"),
              "acme",
              "198.51.100.7",
              Instant.EPOCH));
      log.onEvent(
          new AuditEvent(
              AuditEvent.Type.LOGIN_FAILURE,
              Optional.of("x\r\naudit LOGIN_SUCCESS account=admin"),
              "acme\nINFO forged",
              "10.0.0.1 tenant=globex\u2028\u0000\\",
              Instant.EPOCH));
    } finally {
      jul.removeHandler(capture);
    }
    assertThat(lines.get(0))
        .as("control")
        .isEqualTo("audit LOGIN_FAILURE account=a-1 tenant=acme address=198.51.100.7");
    String forged = lines.get(1);
    assertThat(forged)
        .doesNotContain("\r", "\n", "\u2028", "\u0000", " tenant=globex", " account=admin")
        .isEqualTo(
            "audit LOGIN_FAILURE account=x\\u000d\\u000aaudit_LOGIN_SUCCESS_account=admin tenant=acme\\u000aINFO_forged"
                + " address=10.0.0.1_tenant=globex\\u2028\\u0000\\u005c");
    assertThat(forged.split(" ")).as("exactly the four fields").hasSize(5);
  }
}
