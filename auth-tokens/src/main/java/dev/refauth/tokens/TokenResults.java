package dev.refauth.tokens;

import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.refauth.core.spi.AuthMetrics.TokenResult;
import java.util.Locale;

/** Why nimbus refused a token, as the metrics count it. */
final class TokenResults {
  private TokenResults() {}

  /** The result of a verification that threw {@code e}. */
  static TokenResult of(Exception e) {
    if (e instanceof ExpiredJWTException) {
      return TokenResult.EXPIRED;
    }
    if (e instanceof BadJWSException) {
      return TokenResult.BAD_SIGNATURE;
    }
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("no matching key")) {
      return TokenResult.UNKNOWN_KEY;
    }
    if (m.contains("audience")) {
      return TokenResult.WRONG_AUDIENCE;
    }
    if (m.contains("no key verifies the signature")) {
      return TokenResult.BAD_SIGNATURE;
    }
    return TokenResult.INVALID;
  }
}
