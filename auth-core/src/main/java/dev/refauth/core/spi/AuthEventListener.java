package dev.refauth.core.spi;

import dev.refauth.core.AuthEvent;
import dev.refauth.core.internal.ClassLoading;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Receives {@link AuthEvent}s. The batteries and the guard emit them; listeners registered with {@link ServiceLoader}
 * ({@code META-INF/services/dev.refauth.core.spi.AuthEventListener}, as {@code auth-cdi} registers one that fires CDI
 * events) receive them. A listener must return quickly and must not throw: what it throws is dropped, never the
 * sign-in.
 */
@FunctionalInterface
public interface AuthEventListener {
  void onEvent(AuthEvent event);

  /** Drops every event. */
  static AuthEventListener none() {
    return event -> {};
  }

  /**
   * The listeners registered with {@link ServiceLoader} in {@code loader}, as one; none registered is {@link #none()}.
   * One that throws does not keep the others from the event.
   */
  static AuthEventListener discovered(ClassLoader loader) {
    List<AuthEventListener> found = ClassLoading.services(AuthEventListener.class, loader);
    return all(found);
  }

  /**
   * These listeners as one, in order; one that throws is logged and does not keep the others, or the caller, from the
   * event. None is {@link #none()}.
   */
  static AuthEventListener all(List<AuthEventListener> listeners) {
    if (listeners.isEmpty()) {
      return none();
    }
    List<AuthEventListener> all = List.copyOf(listeners);
    return event -> {
      for (AuthEventListener l : all) {
        try {
          l.onEvent(event);
        } catch (RuntimeException | LinkageError e) {
          System.getLogger(AuthEventListener.class.getName())
              .log(
                  System.Logger.Level.WARNING,
                  "AuthEventListener " + l.getClass().getName() + " failed: " + e);
        }
      }
    };
  }
}
