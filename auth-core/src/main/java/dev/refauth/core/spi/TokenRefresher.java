package dev.refauth.core.spi;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthRequest;

/**
 * Implemented by providers that issue refresh tokens: {@code POST /auth/refresh} calls it. A success
 * carries {@code token}, {@code accessToken} and {@code expiresIn}, and usually a rotated refresh cookie.
 */
public interface TokenRefresher {

  /** Exchanges the refresh credential of {@code request} for fresh tokens, or fails with a 401 error. */
  AuthActionResponse refresh(AuthRequest request);
}
