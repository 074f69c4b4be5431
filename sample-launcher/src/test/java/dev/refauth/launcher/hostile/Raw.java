package dev.refauth.launcher.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, as an outside tester's netcat: any method, any request target (encoded dots,
 * backslashes, {@code ;}), any header (a forged {@code Host}, duplicates, huge ones), any body bytes. The
 * JDK's client refuses most of those, which is why the suite does not use it.
 */
final class Raw {
  private final String host;
  private final int port;
  private final String hostHeader;

  /** Connects to {@code host:port}; requests without their own {@code Host} header send {@code hostHeader}. */
  Raw(String host, int port, String hostHeader) {
    this.host = host;
    this.port = port;
    this.hostHeader = hostHeader;
  }

  /** For an absolute URL elsewhere (the OpenID provider): connect to its host and name it. */
  static Raw of(URI url) {
    return new Raw(url.getHost(), url.getPort(), url.getHost() + ":" + url.getPort());
  }

  /** A request being built: method, raw target, headers in order, body bytes. */
  static final class Request {
    final String method;
    final String target;
    final List<String[]> headers = new ArrayList<>();
    byte[] body;

    /** The local address to send from (another loopback address is another client, or a proxy), or null. */
    String from;

    private Request(String method, String target) {
      this.method = method;
      this.target = target;
    }

    Request header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    /** Sends from this local address (any of 127.0.0.0/8 on loopback): what the server sees as the peer. */
    Request from(String localAddress) {
      this.from = localAddress;
      return this;
    }

    Request bearer(String token) {
      return header("Authorization", "Bearer " + token);
    }

    Request json() {
      return header("Accept", "application/json");
    }

    Request html() {
      return header("Accept", "text/html");
    }

    Request cookie(String cookies) {
      return header("Cookie", cookies);
    }

    Request sameOrigin() {
      return header("Sec-Fetch-Site", "same-origin");
    }

    Request body(String contentType, String text) {
      return body(contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    Request body(String contentType, byte[] bytes) {
      if (contentType != null) {
        header("Content-Type", contentType);
      }
      this.body = bytes;
      return this;
    }

    Request jsonBody(String json) {
      return body("application/json", json);
    }

    boolean hasHeader(String name) {
      return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
    }
  }

  static Request request(String method, String target) {
    return new Request(method, target);
  }

  static Request get(String target) {
    return request("GET", target);
  }

  static Request post(String target) {
    return request("POST", target);
  }

  /** The answer: status, headers (names lower-cased), body as UTF-8 (chunked encoding removed). */
  record Reply(int status, Map<String, List<String>> headers, String body) {
    Optional<String> header(String name) {
      List<String> v = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    List<String> setCookies() {
      return headers.getOrDefault("set-cookie", List.of());
    }

    /** The value a Set-Cookie of this name sets, when one does (empty value = cleared). */
    Optional<String> cookieSet(String name) {
      return setCookies().stream()
          .filter(c -> c.startsWith(name + "="))
          .map(c -> c.substring(name.length() + 1, indexOrEnd(c, ';')))
          .findFirst();
    }

    /** {@code name=value} of the cookie this reply sets, for the next request's {@code Cookie} header. */
    String cookiePair(String name) {
      return name
          + "="
          + cookieSet(name)
              .orElseThrow(() -> new AssertionError("no " + name + " cookie set: " + this));
    }

    String location() {
      return header("Location").orElse("");
    }

    @Override
    public String toString() {
      return status
          + " "
          + headers
          + " "
          + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
    }
  }

  private static int indexOrEnd(String s, char c) {
    int i = s.indexOf(c);
    return i < 0 ? s.length() : i;
  }

  Reply send(Request r) {
    try (Socket socket = new Socket()) {
      if (r.from != null) {
        socket.bind(new InetSocketAddress(r.from, 0));
      }
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(20_000);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      write(head, r.method + " " + r.target + " HTTP/1.1\r\n");
      if (!r.hasHeader("Host")) {
        write(head, "Host: " + hostHeader + "\r\n");
      }
      for (String[] h : r.headers) {
        write(head, h[0] + ": " + h[1] + "\r\n");
      }
      if (r.body != null && !r.hasHeader("Content-Length") && !r.hasHeader("Transfer-Encoding")) {
        write(head, "Content-Length: " + r.body.length + "\r\n");
      }
      write(head, "Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toByteArray());
      try {
        if (r.body != null) {
          out.write(r.body);
        }
        out.flush();
      } catch (IOException refusedEarly) {
        // the server answered (413, 431) and closed before taking the whole body: read its answer
      }
      return parse(readAll(socket.getInputStream(), r.method.equals("HEAD")));
    } catch (IOException e) {
      throw new AssertionError(
          "the server did not answer " + r.method + " " + r.target + ": " + e, e);
    }
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Reads one answer: to the end of its body by {@code Content-Length} or the last chunk, else to the end of the
   * stream (some servers keep the connection open despite {@code Connection: close}).
   */
  private static byte[] readAll(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        b.write(buf, 0, n);
        if (complete(b.toByteArray(), head)) {
          break;
        }
      }
    } catch (java.net.SocketException reset) {
      // the server may reset after answering an oversized request: keep what arrived
    }
    return b.toByteArray();
  }

  private static boolean complete(byte[] raw, boolean head) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
    if (head || headers.startsWith("http/1.1 204") || headers.startsWith("http/1.1 304")) {
      return true;
    }
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(headers);
    if (length.find()) {
      return raw.length - end - 4 >= Long.parseLong(length.group(1));
    }
    if (headers.contains("\r\ntransfer-encoding: chunked")) {
      return text.endsWith("\r\n0\r\n\r\n") || text.substring(end + 4).equals("0\r\n\r\n");
    }
    return false;
  }

  private static Reply parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      throw new AssertionError("not an HTTP answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if (headers.getOrDefault("transfer-encoding", List.of()).stream()
        .anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
      body = dechunk(body);
    }
    return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int lineEnd = i;
      while (lineEnd + 1 < body.length && !(body[lineEnd] == '\r' && body[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      String sizeText =
          new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].strip();
      int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 16);
      if (size == 0) {
        break;
      }
      out.write(body, lineEnd + 2, Math.min(size, body.length - lineEnd - 2));
      i = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
