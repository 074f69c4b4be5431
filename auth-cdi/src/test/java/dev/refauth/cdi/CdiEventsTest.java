package dev.refauth.cdi;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.refauth.core.AuthEvent;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without a CDI container (the WAR on Jetty), the listener stays quiet: no exception per event. */
final class CdiEventsTest {
  @Test
  void withoutAContainer_eachEventIsLetGo() {
    CdiEvents events = new CdiEvents();
    AuthEvent e =
        new AuthEvent(
            AuthEvent.Type.SIGNED_IN, Optional.of("a"), "acme", "127.0.0.1", Instant.now());
    for (int i = 0; i < 3; i++) {
      assertThatCode(() -> events.onEvent(e)).doesNotThrowAnyException();
    }
  }
}
