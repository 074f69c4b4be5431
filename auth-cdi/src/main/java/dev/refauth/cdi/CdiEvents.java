package dev.refauth.cdi;

import dev.refauth.core.AuthEvent;
import dev.refauth.core.spi.AuthEventListener;
import jakarta.enterprise.inject.spi.CDI;

/**
 * Fires each {@link AuthEvent} as a CDI event, so that an application reacts with {@code void on(@Observes AuthEvent
 * e)} and no listener API of refauth's. Registered with {@code ServiceLoader}; some events come from a background
 * thread (the accounts battery's mail and audit work), so an observer must not need the request scope.
 */
public final class CdiEvents implements AuthEventListener {
  @Override
  public void onEvent(AuthEvent event) {
    CDI.current().getBeanManager().getEvent().select(AuthEvent.class).fire(event);
  }
}
