package dev.refauth.cdi;

import dev.refauth.core.AuthEvent;
import dev.refauth.core.spi.AuthEventListener;
import jakarta.enterprise.inject.spi.CDI;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fires each {@link AuthEvent} as a CDI event, so that an application reacts with {@code void on(@Observes AuthEvent
 * e)} and no listener API of refauth's. Registered with {@code ServiceLoader}; some events come from a background
 * thread (the accounts battery's mail and audit work), so an observer must not need the request scope.
 *
 * <p>Where no CDI container answers (the same WAR on a plain servlet container such as Jetty), the events are not
 * fired, and that is said once, not once per event.
 */
public final class CdiEvents implements AuthEventListener {
  private final AtomicBoolean told = new AtomicBoolean();

  @Override
  public void onEvent(AuthEvent event) {
    CDI<Object> cdi;
    try {
      cdi = CDI.current();
    } catch (IllegalStateException noContainer) {
      if (told.compareAndSet(false, true)) {
        System.getLogger(CdiEvents.class.getName())
            .log(
                System.Logger.Level.INFO,
                "no CDI container answers here: AuthEvents are not fired as CDI events ("
                    + noContainer.getMessage()
                    + "; said once)");
      }
      return;
    }
    cdi.getBeanManager().getEvent().select(AuthEvent.class).fire(event);
  }
}
