package dev.refauth.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample's demo operator, Olga Ops ({@code ops@example.com}, {@code users:manage}), signed in with a second
 * factor as the sample's sensitive calls want (changing permissions, inviting, suspending: a second factor within 10
 * minutes). The first call against a deployment enrols her TOTP factor over HTTP, as a person would on the security
 * page; later ones sign in with a code. A stepped-up token is reused for a few minutes, well inside the 10.
 *
 * <p>Keyed by the deployment's base URL: a new server at an old address (a fresh database) is recognised by Olga
 * signing in without a second step, and enrolled again. Two nodes on one database share her factor: give them the
 * same base (one node) for her calls.
 */
public final class DemoOperator {
  /** Her email and password, as the sample's {@code demo-users.properties} seeds them. */
  public static final String EMAIL = "ops@example.com";

  public static final String PASSWORD = "demo-ops-pass";

  private static final Duration REUSE = Duration.ofMinutes(4);
  private static final Map<String, State> STATES = new ConcurrentHashMap<>();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** What one deployment knows of her: her authenticator app, her last token and when it was issued. */
  private static final class State {
    TotpCodes app = new TotpCodes("");
    boolean enrolled;
    String token = "";
    long issuedAt;
  }

  private DemoOperator() {}

  /**
   * An access token of Olga's that carries a second factor given within the last few minutes, for the deployment
   * at {@code base} (scheme, host, port and context path, no trailing slash).
   *
   * @throws AssertionError if the deployment answers anything but the sign-in the sample promises
   */
  public static String token(String base) {
    State state = STATES.computeIfAbsent(base, b -> new State());
    synchronized (state) {
      if (!state.token.isEmpty()
          && System.currentTimeMillis() - state.issuedAt < REUSE.toMillis()) {
        return state.token;
      }
      try {
        state.token = signIn(base, state);
        state.issuedAt = System.currentTimeMillis();
        return state.token;
      } catch (IOException e) {
        throw new AssertionError("the sign-in of " + EMAIL + " at " + base + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** {@code "Bearer " + token(base)}. */
  public static String bearer(String base) {
    return "Bearer " + token(base);
  }

  private static String signIn(String base, State state) throws IOException, InterruptedException {
    String credentials = "{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}";
    HttpResponse<String> answer = post(base, "/auth/login", credentials);
    if (answer.statusCode() == 200) { // a deployment where she has no factor yet: enrol it
      enrol(base, state, "Bearer " + field(answer, "accessToken"));
      answer = post(base, "/auth/login", credentials);
    }
    HttpResponse<String> first = answer;
    if (first.statusCode() != 401
        || !first.body().contains("SecondFactorRequired")
        || !state.enrolled) {
      throw new AssertionError(
          "the password step of "
              + EMAIL
              + " answered "
              + first.statusCode()
              + ": "
              + first.body());
    }
    String pending =
        first.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("refauth_mfa="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no pending cookie: " + first.headers()))
            .split(";")[0];
    HttpResponse<String> second =
        post(base, "/auth/login", "{\"code\":\"" + state.app.next() + "\"}", "Cookie", pending);
    if (second.statusCode() != 200) {
      throw new AssertionError(
          "the second step of "
              + EMAIL
              + " answered "
              + second.statusCode()
              + ": "
              + second.body());
    }
    return field(second, "accessToken");
  }

  private static void enrol(String base, State state, String bearer)
      throws IOException, InterruptedException {
    HttpResponse<String> begun =
        post(
            base,
            "/auth/second-factor",
            "{\"action\":\"begin-totp\",\"password\":\"" + PASSWORD + "\"}",
            "Authorization",
            bearer);
    state.app = new TotpCodes(field(begun, "secret"));
    HttpResponse<String> confirmed =
        post(
            base,
            "/auth/second-factor",
            "{\"action\":\"confirm-totp\",\"code\":\"" + state.app.next() + "\"}",
            "Authorization",
            bearer);
    if (confirmed.statusCode() != 200) {
      throw new AssertionError(
          "the enrolment of "
              + EMAIL
              + " answered "
              + confirmed.statusCode()
              + ": "
              + confirmed.body());
    }
    state.enrolled = true;
  }

  private static HttpResponse<String> post(String base, String path, String json, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return HTTP.send(
        (headers.length > 0 ? b.headers(headers) : b).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String field(HttpResponse<String> response, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response.body());
    if (response.statusCode() != 200 || !m.find()) {
      throw new AssertionError(
          "no " + name + " in " + response.statusCode() + ": " + response.body());
    }
    return m.group(1);
  }
}
