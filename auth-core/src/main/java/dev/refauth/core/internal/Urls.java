package dev.refauth.core.internal;

import java.net.URI;
import java.util.Optional;

/** The one rule for the URLs of other parties (identity providers, their keys, their end-session endpoints). */
public final class Urls {
  private Urls() {}

  /**
   * {@code url} as a URI when it is https, or http on {@code localhost}/{@code 127.0.0.1} (development and tests),
   * with a host and without a fragment; and, unless {@code queryAllowed}, without a query. Empty otherwise.
   */
  public static Optional<URI> httpsOrLocal(String url, boolean queryAllowed) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
    boolean local =
        "http".equals(u.getScheme())
            && ("localhost".equals(u.getHost()) || "127.0.0.1".equals(u.getHost()));
    boolean ok =
        ("https".equals(u.getScheme()) || local)
            && u.getHost() != null
            && (queryAllowed || u.getRawQuery() == null)
            && u.getRawFragment() == null;
    return ok ? Optional.of(u) : Optional.empty();
  }
}
