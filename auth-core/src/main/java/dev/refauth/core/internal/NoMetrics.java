package dev.refauth.core.internal;

import dev.refauth.core.spi.AuthMetrics;

/** {@link AuthMetrics#none()}. */
public final class NoMetrics implements AuthMetrics {
  public static final AuthMetrics INSTANCE = new NoMetrics();

  private NoMetrics() {}
}
