package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.launcher.hostile.Raw.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Malformed and oversized input at the {@code /auth} API and the JAX-RS resources, and a seeded fuzz run over
 * the /auth endpoints' methods, headers and bodies: a clear 4xx every time, never a 5xx or a stack trace.
 */
final class RobustnessCases {
  static final String CATEGORY = "Robustness";
  static final List<String> ENDPOINTS =
      List.of(
          "/auth/login",
          "/auth/register",
          "/auth/forgot-password",
          "/auth/update-password",
          "/auth/refresh",
          "/auth/logout",
          "/auth/me",
          "/auth/check",
          "/auth/permissions",
          "/auth/can",
          "/auth/demo",
          "/auth/demo/callback");

  private RobustnessCases() {}

  static List<Case> all(Target t) {
    List<Case> cases = new ArrayList<>();
    cases.add(
        Case.control(
                CATEGORY, "a well-formed login", () -> t.login(Target.UMA, Target.UMA_PASSWORD))
            .status(200));
    for (String body :
        List.of(
            "{",
            "}",
            "[]",
            "\"just a string\"",
            "null",
            "42",
            "{\"email\":",
            "{\"email\":1,\"password\":[]}",
            "{\"email\":{\"$ne\":null},\"password\":{\"$ne\":null}}",
            "{\"email\":\"' OR '1'='1\",\"password\":\"' OR '1'='1\"}",
            "{\"email\":\"user@example.com\\u0000\",\"password\":\"demo-user-pass\"}",
            "{\"email\":\"a\",\"email\":\"user@example.com\",\"password\":\"x\"}",
            "\ufeff{\"email\":\"user@example.com\",\"password\":\"x\"}",
            "{\"email\":\"user@example.com\",\"password\":\"" + "p".repeat(5000) + "\"}",
            "{\"email\":\"user@example.com\",\"password\":null}",
            "{\"email\":true,\"password\":false}")) {
      // from an address of their own: failures that name a demo account must not make it wait for
      // the other cases
      cases.add(
          Case.attack(
                  CATEGORY,
                  "login body " + abbreviate(body),
                  () -> t.send(Raw.post("/auth/login").from("127.0.0.8").jsonBody(body)))
              .status(400, 401, 429)
              .expect(r -> assertThat(r.body()).doesNotContain("accessToken")));
    }
    cases.add(
        Case.attack(
                CATEGORY,
                "markup in a login field, for a browser to sniff the JSON error as HTML",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .jsonBody(
                                "{\"email\":\"<script>alert(1)</script>@example.com\",\"password\":\"x\"}")))
            .status(400, 401)
            .expect(RobustnessCases::jsonNeverSniffed));
    for (String endpoint : List.of("/auth/me", "/auth/check", "/auth/permissions")) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "anonymous GET " + endpoint + ": a JSON answer, not cached, not sniffed",
                  () -> t.send(Raw.get(endpoint).json()))
              .status(200, 401)
              .expect(RobustnessCases::jsonNeverSniffed)
              .expect(r -> assertThat(r.header("Cache-Control")).hasValue("no-store")));
    }
    cases.add(nested(t, "JSON nested 20,000 arrays deep", "[".repeat(20_000) + "]".repeat(20_000)));
    cases.add(
        nested(
            t,
            "JSON nested 3,000 objects deep",
            "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000)));
    cases.add(
        Case.attack(
                CATEGORY,
                "invalid UTF-8 in a JSON string",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .body(
                                "application/json",
                                concat(
                                    "{\"email\":\"user@example.com\",\"password\":\""
                                        .getBytes(StandardCharsets.UTF_8),
                                    new byte[] {(byte) 0xc3, 0x28, (byte) 0xff},
                                    "\"}".getBytes(StandardCharsets.UTF_8)))))
            .status(400, 401));
    cases.add(
        Case.attack(
                CATEGORY,
                "invalid UTF-8 in a form body",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .sameOrigin()
                            .body(
                                "application/x-www-form-urlencoded",
                                concat(
                                    "email=".getBytes(StandardCharsets.UTF_8),
                                    new byte[] {(byte) 0xc0, (byte) 0xaf},
                                    "&password=%zz%".getBytes(StandardCharsets.UTF_8)))))
            .status(303, 400, 401));
    for (String type :
        List.of(
            "application/xml",
            "multipart/form-data; boundary=x",
            "application/octet-stream",
            "text/html",
            "application/json-patch+json",
            "application/x-java-serialized-object")) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "login as " + type,
                  () ->
                      t.send(
                          Raw.post("/auth/login")
                              .body(
                                  type,
                                  "{\"email\":\"user@example.com\",\"password\":\"demo-user-pass\"}")))
              .status(415)
              .expect(r -> assertThat(r.body()).doesNotContain("accessToken")));
    }
    cases.add(
        Case.attack(
                CATEGORY,
                "a 2 MB login body",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .body(
                                "application/json",
                                ("{\"email\":\"user@example.com\",\"password\":\""
                                        + "x".repeat(2_000_000)
                                        + "\"}")
                                    .getBytes(StandardCharsets.UTF_8))))
            .status(413, 400));
    cases.add(
        Case.attack(
                CATEGORY,
                "a 2 MB register body, chunked (no Content-Length)",
                () ->
                    t.send(
                        Raw.post("/auth/register")
                            .header("Transfer-Encoding", "chunked")
                            .body(
                                "application/json",
                                chunked(
                                    "{\"email\":\"big@example.com\",\"password\":\""
                                        + "x".repeat(2_000_000)
                                        + "\"}"))))
            .status(400, 413)
            .unchanged(t.acmeAccounts()));
    cases.add(
        Case.attack(
                CATEGORY,
                "Content-Length not a number",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .header("Content-Length", "abc")
                            .body("application/json", "{}")))
            .status(400));
    cases.add(
        Case.attack(
                CATEGORY,
                "Content-Length and Transfer-Encoding together (request smuggling)",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .header("Transfer-Encoding", "chunked")
                            .header("Content-Length", "4")
                            .body("application/json", chunked("{}"))))
            .status(400, 401));
    cases.add(
        Case.attack(
                CATEGORY,
                "a 64 KB Cookie header",
                () ->
                    t.send(
                        Raw.get("/auth/me").json().cookie("refauth_session=" + "a".repeat(65_536))))
            .status(400, 401, 431));
    cases.add(
        Case.attack(
                CATEGORY,
                "600 headers",
                () -> {
                  Raw.Request r = Raw.get("/auth/me").json();
                  for (int i = 0; i < 600; i++) {
                    r.header("X-Junk-" + i, "v" + i);
                  }
                  return t.send(r);
                })
            .status(400, 401, 431));
    cases.add(
        Case.attack(
                CATEGORY,
                "a 100 KB request target",
                () -> t.send(Raw.get("/auth/me?x=" + "a".repeat(100_000)).json()))
            .status(400, 401, 414, 431));
    cases.add(
        Case.attack(
                CATEGORY,
                "a control character in a header value",
                () -> t.send(Raw.get("/auth/me").json().header("X-Tenant-ID", "acme\u0001")))
            .status(400, 401, 403));
    cases.add(
        Case.attack(
                CATEGORY,
                "an unknown /auth endpoint",
                () -> t.send(Raw.post("/auth/../../etc/passwd").jsonBody("{}")))
            .status(400, 401, 403, 404));
    cases.add(
        Case.attack(
                CATEGORY,
                "POST /auth/can with a body that is not a list of checks",
                () ->
                    t.send(
                        Raw.post("/auth/can")
                            .json()
                            .bearer(t.token(Target.UMA, Target.UMA_PASSWORD))
                            .jsonBody("{\"checks\":[{\"resource\":{\"x\":[[[]]]},\"action\":7}]}")))
            .status(200, 400));
    cases.add(
        Case.attack(
                CATEGORY,
                "JAX-RS: a post with a non-numeric id",
                () ->
                    t.send(
                        Raw.get("/api/posts/abc")
                            .json()
                            .bearer(t.token(Target.UMA, Target.UMA_PASSWORD))))
            .status(404, 400));
    cases.add(
        Case.attack(
                CATEGORY,
                "JAX-RS: a post body that is not JSON",
                () ->
                    t.send(
                        Raw.post("/api/posts")
                            .json()
                            .bearer(t.token(Target.ADA, Target.ADA_PASSWORD))
                            .jsonBody("{\"title\":")))
            .status(400)
            .unchanged(t.acmePosts()));
    cases.add(
        Case.attack(
                CATEGORY,
                "JAX-RS: permissions that are not an array of strings",
                () ->
                    t.send(
                        Raw.request("PUT", "/api/admin/users/x/permissions")
                            .json()
                            .bearer(t.operator())
                            .jsonBody("{\"0\":[1,{}]}")))
            .status(400)
            .unchanged(t.acmeAccounts()));
    cases.add(
        Case.attack(
                CATEGORY,
                "fuzz: 400 seeded requests over the /auth endpoints' methods, headers and bodies",
                () -> fuzz(t, 400))
            .status(200));
    return cases;
  }

  static void jsonNeverSniffed(Reply r) {
    assertThat(r.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.header("X-Content-Type-Options")).hasValue("nosniff");
  }

  private static Case nested(Target t, String name, String body) {
    return Case.attack(CATEGORY, name, () -> t.send(Raw.post("/auth/login").jsonBody(body)))
        .status(400, 413);
  }

  /**
   * Sends {@code n} requests built from a fixed seed (so a failure can be replayed): a random endpoint, method,
   * content type, extra headers, and a body that is random bytes, a mutated valid body, or deep nesting. Answers
   * a 200 with the count when every answer was below 500 and free of stack traces; fails on the first that was not.
   */
  private static Reply fuzz(Target t, int n) {
    Random random = new Random(20261128L);
    String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"};
    String[] types = {
      "application/json",
      "application/x-www-form-urlencoded",
      "text/plain",
      "application/json; charset=utf-16",
      "",
      "*/*"
    };
    String[] headers = {
      "X-Tenant-ID",
      "Origin",
      "Sec-Fetch-Site",
      "Authorization",
      "Cookie",
      "X-CSRF-Token",
      "Accept",
      "X-Requested-With"
    };
    String[] seeds = {
      "{\"email\":\"fuzz@example.com\",\"password\":\"\"}",
      "{\"token\":\"x\",\"password\":\"p\"}",
      "email=a%40b&password=",
      "{\"providerName\":\"demo\"}",
      "{\"checks\":[]}"
    };
    for (int i = 0; i < n; i++) {
      String path =
          ENDPOINTS.get(random.nextInt(ENDPOINTS.size()))
              + (random.nextInt(5) == 0 ? "?" + junk(random, 20) : "");
      Raw.Request r =
          Raw.request(
              methods[random.nextInt(methods.length)], path.replace(' ', '+').replace('#', '+'));
      for (int h = random.nextInt(4); h > 0; h--) {
        r.header(headers[random.nextInt(headers.length)], junk(random, 1 + random.nextInt(80)));
      }
      byte[] body =
          switch (random.nextInt(3)) {
            case 0 -> randomBytes(random, random.nextInt(300));
            case 1 ->
                mutate(
                    random, seeds[random.nextInt(seeds.length)].getBytes(StandardCharsets.UTF_8));
            default -> ("[".repeat(random.nextInt(3000))).getBytes(StandardCharsets.UTF_8);
          };
      String type = types[random.nextInt(types.length)];
      if (!r.method.equals("GET") && !r.method.equals("HEAD")) {
        r.body(type.isEmpty() ? null : type, body);
      }
      Reply reply = t.send(r);
      assertThat(reply.status())
          .as("fuzz request %d: %s %s -> %s", i, r.method, path, reply)
          .isLessThan(500);
      assertThat(reply.body())
          .as("fuzz request %d", i)
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
    return new Reply(200, java.util.Map.of(), "{\"requests\":" + n + "}");
  }

  private static String junk(Random random, int length) {
    String alphabet = "abcXYZ019-_.~!$&'()*+,;=:@/?%{}[]\"<>\\^`| ";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString().strip().isEmpty() ? "x" : b.toString().strip();
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] mutate(Random random, byte[] seed) {
    byte[] b = seed.clone();
    for (int k = 1 + random.nextInt(4); k > 0 && b.length > 0; k--) {
      b[random.nextInt(b.length)] = (byte) random.nextInt(256);
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] chunked(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < bytes.length; i += 65_536) {
      int n = Math.min(65_536, bytes.length - i);
      out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes, i, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
