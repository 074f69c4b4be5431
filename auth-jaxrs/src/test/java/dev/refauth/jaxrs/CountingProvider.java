package dev.refauth.jaxrs;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthError;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthProvider;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.OnErrorResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Delegates to a real provider and counts its checks; can slow them down to widen races. */
final class CountingProvider implements AuthProvider {
  final AuthProvider delegate;
  final AtomicInteger checks = new AtomicInteger();
  final AtomicInteger onErrors = new AtomicInteger();
  volatile long checkDelayMillis;

  /** What the last check was asked about, read while its request was served (a request view is valid only then). */
  volatile Seen lastChecked;

  record Seen(String path, String contextPath, String remoteAddress) {}

  CountingProvider(AuthProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public AuthActionResponse login(AuthParams params, AuthRequest request) {
    return delegate.login(params, request);
  }

  @Override
  public AuthActionResponse logout(AuthParams params, AuthRequest request) {
    return delegate.logout(params, request);
  }

  @Override
  public CheckResponse check(AuthRequest request) {
    checks.incrementAndGet();
    lastChecked = new Seen(request.path(), request.contextPath(), request.remoteAddress());
    if (checkDelayMillis > 0) {
      try {
        Thread.sleep(checkDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return delegate.check(request);
  }

  @Override
  public OnErrorResponse onError(AuthError error, AuthRequest request) {
    onErrors.incrementAndGet();
    return delegate.onError(error, request);
  }

  @Override
  public Optional<String> credential(AuthRequest request) {
    return delegate.credential(request);
  }
}
