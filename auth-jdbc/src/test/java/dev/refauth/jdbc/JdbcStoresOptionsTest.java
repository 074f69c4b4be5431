package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.spi.AuthMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The options' defaults and checks, and that the options of earlier versions still make the same stores. */
final class JdbcStoresOptionsTest {
  private static final AuthMetrics MEASURING = new AuthMetrics() {};

  @Test
  void defaults_keepEventsThirtyDays_andMeasureNothing() {
    JdbcStores.Options o = JdbcStores.Options.defaults();
    assertThat(o.eventRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(AuthMetrics.isNone(o.metrics())).isTrue();
    assertThat(new JdbcStores.Options(true, Duration.ofMinutes(5), 10))
        .as("the constructor of earlier versions")
        .isEqualTo(
            new JdbcStores.Options(
                true, Duration.ofMinutes(5), 10, Duration.ofDays(30), AuthMetrics.none()));
  }

  @Test
  void eachWither_changesItsOwnComponentOnly() {
    JdbcStores.Options o =
        JdbcStores.Options.defaults()
            .withEventRetention(Duration.ofHours(1))
            .withMetrics(MEASURING)
            .withPurge(Duration.ZERO, 5)
            .withKeepCachesDuringOutage(true);
    assertThat(o)
        .isEqualTo(new JdbcStores.Options(true, Duration.ZERO, 5, Duration.ofHours(1), MEASURING));
  }

  @Test
  void anEventRetentionUnderAnHour_isRefused_byName() {
    JdbcStores.Options o = JdbcStores.Options.defaults();
    for (Duration tooShort :
        new Duration[] {Duration.ofMinutes(59), Duration.ZERO, Duration.ofDays(-30), null}) {
      assertThatThrownBy(() -> o.withEventRetention(tooShort))
          .as("%s", tooShort)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("eventRetention");
    }
    assertThatThrownBy(() -> o.withMetrics(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metrics");
  }

  @Test
  void theRetentionCutoff_saturates() {
    assertThat(Purge.before(1_000_000L, Duration.ofSeconds(1))).isEqualTo(999_000L);
    assertThat(Purge.before(1_000_000L, Duration.ofSeconds(Long.MAX_VALUE)))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(Purge.before(Long.MIN_VALUE + 5, Duration.ofDays(1))).isEqualTo(Long.MIN_VALUE);
  }
}
