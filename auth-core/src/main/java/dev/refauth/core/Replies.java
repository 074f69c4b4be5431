package dev.refauth.core;

import dev.refauth.core.adapter.HttpReply;
import dev.refauth.core.internal.AuthJson;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Optional;

/** The guard's fixed answers and header values: the 503, the CSRF refusal, RFC 6750's challenge, the charset check. */
final class Replies {
  private static final System.Logger LOG = System.getLogger(AuthGuard.class.getName());

  private Replies() {}

  /** An error answered as Refine's {@code OnErrorResponse} JSON. */
  static HttpReply error(int status, String name, String message) {
    return HttpReply.error(status, name, message);
  }

  static AuthError csrfError() {
    return AuthError.of(
        "CsrfError", "The request could not be verified. Reload the page and try again.", 403);
  }

  static HttpReply unavailable(AuthProvider provider, RuntimeException e) {
    LOG.log(
        Level.WARNING,
        "auth provider "
            + provider.getClass().getName()
            + " failed: "
            + e.getClass().getName()
            + (e instanceof AuthException ? ": " + e.getMessage() : ""));
    return HttpReply.json(
            503,
            AuthJson.toJson(
                OnErrorResponse.of(
                    AuthError.of(
                        "ServiceUnavailable",
                        "Authentication is temporarily unavailable. Try again shortly.",
                        503))))
        .withHeader("Retry-After", "5");
  }

  /**
   * RFC 6750's challenge: {@code Bearer}, and {@code error="invalid_token"} when a token was sent, with the
   * provider's message as {@code error_description} (only the characters the grammar allows).
   */
  static String challenge(AuthRequest request, Optional<AuthError> error) {
    if (!request.hasAuthorization()) {
      return "Bearer";
    }
    String description = error.map(AuthError::message).map(Replies::descriptionText).orElse("");
    return description.isEmpty()
        ? "Bearer error=\"invalid_token\""
        : "Bearer error=\"invalid_token\", error_description=\"" + description + "\"";
  }

  private static String descriptionText(String message) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < message.length() && b.length() < 200; i++) {
      char c = message.charAt(i);
      if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') {
        b.append(c);
      }
    }
    return b.toString().strip();
  }

  /** Whether a {@code charset} named by {@code Content-Type} is one this JVM can decode (true when none is named). */
  static boolean charsetSupported(AuthRequest request) {
    for (String type :
        request.headers("content-type")) { // lower case: the lookup allocates nothing
      int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
      if (at < 0) {
        continue;
      }
      String name = type.substring(at + 8).split(";", 2)[0].strip();
      if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
        name = name.substring(1, name.length() - 1);
      }
      try {
        if (!Charset.isSupported(name)) {
          return false;
        }
      } catch (IllegalArgumentException illegalName) {
        return false;
      }
    }
    return true;
  }
}
