package dev.refauth.tokens;

import java.util.List;

/** What a provider was handed to own ({@link TokenAuthProvider.Builder#closing}): closed with it, last first. */
final class OwnedResources {
  private final List<AutoCloseable> resources;

  OwnedResources(List<AutoCloseable> resources) {
    this.resources = List.copyOf(resources);
  }

  /** Closes each, last first; a failure is logged and the others are still closed. */
  void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        System.getLogger(TokenAuthProvider.class.getName())
            .log(System.Logger.Level.WARNING, "closing " + resources.get(i) + " failed: " + e);
      }
    }
  }
}
