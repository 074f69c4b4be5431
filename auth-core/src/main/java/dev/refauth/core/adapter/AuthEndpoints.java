package dev.refauth.core.adapter;

import dev.refauth.core.AuthRequest;
import java.util.Optional;

/**
 * The Refine-compatible HTTP auth API, transport-neutral: an adapter maps it at {@code /auth/*}, calls
 * {@link #preflight} (before reading any body), reads at most {@link #maxBodyBytes()} + 1 bytes, and
 * writes the {@link HttpReply} of {@link #handle}.
 *
 * <table>
 *   <caption>endpoints</caption>
 *   <tr><th>endpoint</th><th>success</th><th>failure</th></tr>
 *   <tr><td>{@code POST /login}</td><td>200 AuthActionResponse + {@code accessToken}, {@code token}; a form post: 303 to {@code to}/{@code redirectTo}</td><td>401 {@code {success:false,error,message}}; a form post: 303 back to the login page</td></tr>
 *   <tr><td>{@code POST /logout}</td><td>200 AuthActionResponse</td><td>-</td></tr>
 *   <tr><td>{@code GET /check}</td><td>200 {@code {authenticated:true}}</td><td>401 CheckResponse</td></tr>
 *   <tr><td>{@code GET /me}</td><td>200 identity</td><td>401 CheckResponse</td></tr>
 *   <tr><td>{@code GET /permissions}</td><td>200 JSON array</td><td>401 CheckResponse</td></tr>
 *   <tr><td>{@code POST /register}, {@code /forgot-password}, {@code /update-password}</td><td>200 AuthActionResponse</td><td>the error's status (400 by default), 501 when not supported</td></tr>
 *   <tr><td>{@code POST /refresh}</td><td>200 {@code {token, accessToken, expiresIn}}</td><td>401; 501 when the provider issues no refresh tokens</td></tr>
 *   <tr><td>{@code POST /can}</td><td>200 {@code {can, reason}}, or an array for an array of checks</td><td>401; 400 for a malformed check</td></tr>
 *   <tr><td>{@code GET /{provider}}, {@code GET /{provider}/callback}</td><td>302 to the provider / into the app</td><td>404 unknown provider, 501 without social login; a refused
 *       callback 400/401 (503 provider unreachable), or for a browser 303 to the login page with {@code ?error=}</td></tr>
 * </table>
 *
 * <p>Bodies are JSON ({@code application/json}, or {@code text/plain} as {@code fetch} labels a string
 * body) or HTML forms ({@code application/x-www-form-urlencoded}); anything else is 415, malformed JSON 400, a
 * body over the limit 413, an unknown endpoint 404, a wrong method 405: never a 500 for bad input.
 *
 * <p>Made by {@link dev.refauth.core.AuthGuard#endpoints(int)}; thread-safe.
 */
public interface AuthEndpoints {
  /** Default body limit: 16 KiB, far above any login, far below a flood. */
  int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

  /** The most checks one {@code /can} batch may carry. */
  int MAX_CAN_BATCH = 1000;

  /** The body limit of most endpoints. */
  int maxBodyBytes();

  /** The body limit of one endpoint: {@code /can} takes batches of up to {@value #MAX_CAN_BATCH} checks, so 256 bytes a check. */
  int maxBodyBytes(String endpoint);

  /**
   * What can be answered before the body is read: unknown endpoint, wrong method, unsupported media
   * type, a declared length over the limit, a failed CSRF check.
   *
   * @param endpoint the path below the API's mapping, e.g. {@code /login}
   */
  Optional<HttpReply> preflight(AuthRequest request, String endpoint);

  /**
   * Answers one API call.
   *
   * @param endpoint the path below the API's mapping, e.g. {@code /login}
   * @param body the body as read, at most {@link #maxBodyBytes(String)} + 1 bytes (empty for none)
   */
  HttpReply handle(AuthRequest request, String endpoint, byte[] body);
}
