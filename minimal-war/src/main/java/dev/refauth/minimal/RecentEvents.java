package dev.refauth.minimal;

import dev.refauth.core.AuthEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The application reacting to refauth's events with plain CDI: it keeps the last fifty. */
@ApplicationScoped
public class RecentEvents {
  private final Deque<AuthEvent> recent = new ArrayDeque<>();

  void on(@Observes AuthEvent event) {
    synchronized (recent) {
      recent.addFirst(event);
      while (recent.size() > 50) {
        recent.removeLast();
      }
    }
  }

  List<AuthEvent> recent() {
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }
}
