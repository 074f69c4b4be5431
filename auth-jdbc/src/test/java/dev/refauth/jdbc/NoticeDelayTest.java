package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a node reads the send time of another node's notice ({@link PgListener#delay}): for a measurement only. */
final class NoticeDelayTest {
  private static final long NOW = 1_764_583_200_000L;

  @Test
  void anotherNodesNotice_isMeasured_andAClockAheadCountsAsNoDelay() {
    assertThat(PgListener.delay(Invalidations.sent("b", NOW - 40), "a", NOW))
        .isEqualTo(Duration.ofMillis(40));
    assertThat(PgListener.delay(Invalidations.sent("b", NOW), "a", NOW)).isEqualTo(Duration.ZERO);
    assertThat(PgListener.delay(Invalidations.sent("b", NOW + 5_000), "a", NOW))
        .as("the sender's clock is ahead")
        .isEqualTo(Duration.ZERO);
    assertThat(PgListener.delay("b " + (NOW - 7) + " more fields later", "a", NOW))
        .as("fields a later version may add")
        .isEqualTo(Duration.ofMillis(7));
  }

  @Test
  void ownNotices_andPayloadsItCannotRead_areNotMeasured() {
    assertThat(PgListener.delay(Invalidations.sent("a", NOW - 40), "a", NOW)).isNull();
    for (String payload :
        new String[] {
          null,
          "",
          "b",
          "b ",
          " 123",
          "b soon",
          "b 12.5",
          "b " + Long.MIN_VALUE,
          "b 1" + "0".repeat(30),
          "b " + (NOW - 1) + " " + "x".repeat(300)
        }) {
      assertThat(PgListener.delay(payload, "a", NOW)).as("%s", payload).isNull();
    }
  }
}
