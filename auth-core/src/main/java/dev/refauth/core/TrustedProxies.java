package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proxies whose forwarding headers are believed, by address or CIDR block, and which headers those are:
 * {@code X-Forwarded-For} / {@code -Proto} / {@code -Host} (what nginx, most load balancers and ingresses write) or
 * RFC 7239 {@code Forwarded}. Only that one family is read: the other passes through a proxy untouched, so it is
 * whatever the client wrote. A request from any other address keeps its own transport facts, whatever it sends.
 *
 * <p>The client is found by walking the hops from the nearest one outwards: the connection's peer, then each
 * address the proxies appended, right to left, skipping trusted proxies; the first address that is not a trusted
 * proxy is the client (if every hop is trusted, the outermost). The scheme and host are the ones the proxy that
 * received the client's request reported: in {@code Forwarded}, that hop's {@code proto} and {@code host}; in
 * {@code X-Forwarded-Proto} / {@code -Host}, the value at the same position from the right as the client's entry
 * in {@code X-Forwarded-For}, or the rightmost one when the proxies wrote fewer (a proxy that overwrites rather
 * than appends). A proxy must set or remove these two: a value it passed through from the client cannot be told
 * from one it wrote. With {@code X-Forwarded-*}, {@code X-Forwarded-Prefix} names a path the proxy removed. Values
 * that do not parse are ignored, never trusted.
 */
final class TrustedProxies {
  /** Hops looked at, at most: a header longer than this is an attack or a loop. */
  private static final int MAX_HOPS = 32;

  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
              + "[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]{2,45}])(?::[0-9]{1,5})?");

  /** A path prefix: segments of URL path characters, no dot segments, no trailing slash. */
  private static final Pattern PREFIX =
      Pattern.compile("(?:/(?!\\.{1,2}(?:/|$))[A-Za-z0-9._~!$&'()*+,;=:@-]+)+");

  private static final TrustedProxies NONE =
      new TrustedProxies(List.of(), AuthGuard.ProxyHeaders.X_FORWARDED);

  private final List<Cidr> blocks;
  private final AuthGuard.ProxyHeaders headers;

  private TrustedProxies(List<Cidr> blocks, AuthGuard.ProxyHeaders headers) {
    this.blocks = List.copyOf(blocks);
    this.headers = headers;
  }

  static TrustedProxies none() {
    return NONE;
  }

  /**
   * @param entries addresses ({@code 10.0.0.7}, {@code ::1}) or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8})
   * @throws IllegalArgumentException naming the first entry that is neither
   */
  static TrustedProxies of(List<String> entries, AuthGuard.ProxyHeaders headers) {
    Checks.notNull(headers, "headers");
    List<Cidr> blocks = new ArrayList<>();
    for (String e : entries) {
      blocks.add(
          Cidr.parse(Checks.notNull(e, "trusted proxy").strip())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'" + e + "' is not an IP address or CIDR block such as 10.0.0.0/8")));
    }
    return blocks.isEmpty() ? NONE : new TrustedProxies(blocks, headers);
  }

  boolean isEmpty() {
    return blocks.isEmpty();
  }

  boolean trusts(String address) {
    Optional<byte[]> bytes = IpAddress.parse(address);
    if (bytes.isEmpty()) {
      return false;
    }
    for (Cidr c : blocks) {
      if (c.contains(bytes.get())) {
        return true;
      }
    }
    return false;
  }

  /**
   * What a trusted proxy reported about the client's request; empty fields where it said nothing usable. {@code prefix}
   * is the path the proxy removed before forwarding ({@code X-Forwarded-Prefix}: {@code /myapp} for a
   * {@code location /myapp/} that proxies to the application's root).
   */
  record Client(
      String address, Optional<String> scheme, Optional<String> host, Optional<String> prefix) {}

  /** The client behind the proxies, or empty when the peer is not a trusted proxy (the request stands as it is). */
  Optional<Client> resolve(AuthRequest request) {
    if (blocks.isEmpty()) {
      return Optional
          .empty(); // no proxy trusted: the peer's address is not even read (an adapter may pay for
      // it)
    }
    String peer = request.remoteAddress();
    if (!trusts(peer)) {
      return Optional.empty();
    }
    return headers == AuthGuard.ProxyHeaders.FORWARDED
        ? fromForwarded(request.headers("Forwarded"), peer)
        : fromXForwarded(request, peer);
  }

  private Optional<Client> fromForwarded(List<String> headers, String peer) {
    List<List<String[]>> elements = new ArrayList<>();
    for (String header : headers) {
      for (String element : split(header, ',')) {
        List<String[]> pairs = new ArrayList<>();
        for (String pair : split(element, ';')) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            pairs.add(
                new String[] {
                  pair.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                  unquote(pair.substring(eq + 1).strip())
                });
          }
        }
        elements.add(pairs);
      }
    }
    List<String> hops = new ArrayList<>(elements.size());
    for (List<String[]> e : elements) {
      hops.add(value(e, "for").orElse(""));
    }
    int client = clientIndex(hops, peer);
    if (client == hops.size()) {
      return Optional.empty();
    }
    List<String[]> hop = elements.get(client);
    return Optional.of(
        new Client(
            IpAddress.node(hops.get(client)).orElseThrow(),
            value(hop, "proto").flatMap(TrustedProxies::scheme),
            value(hop, "host").flatMap(TrustedProxies::host),
            Optional.empty()));
  }

  private Optional<Client> fromXForwarded(AuthRequest request, String peer) {
    List<String> hops = values(request.headers("X-Forwarded-For"));
    if (hops.isEmpty()) {
      return Optional.empty();
    }
    int client = clientIndex(hops, peer);
    if (client == hops.size()) {
      return Optional.empty();
    }
    int fromRight = hops.size() - 1 - client;
    return Optional.of(
        new Client(
            IpAddress.node(hops.get(client)).orElseThrow(),
            aligned(values(request.headers("X-Forwarded-Proto")), fromRight)
                .flatMap(TrustedProxies::scheme),
            aligned(values(request.headers("X-Forwarded-Host")), fromRight)
                .flatMap(TrustedProxies::host),
            aligned(values(request.headers("X-Forwarded-Prefix")), fromRight)
                .flatMap(TrustedProxies::prefix)));
  }

  /**
   * The index of the client among {@code hops} (outermost first): the rightmost entry that is not a trusted
   * proxy, once the peer is trusted. An entry that is not an address stops the walk at the trusted hop that wrote
   * it; {@code hops.size()} means "no usable entry: keep the peer".
   */
  private int clientIndex(List<String> hops, String peer) {
    int last = Math.max(0, hops.size() - MAX_HOPS);
    int client = hops.size();
    for (int i = hops.size() - 1; i >= last; i--) {
      Optional<String> address = IpAddress.node(hops.get(i));
      if (address.isEmpty()) {
        return client;
      }
      client = i;
      if (!trusts(address.get())) {
        return i;
      }
    }
    return client;
  }

  private static Optional<String> aligned(List<String> values, int fromRight) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    int i = values.size() - 1 - fromRight;
    return Optional.of(values.get(i >= 0 ? i : values.size() - 1));
  }

  private static Optional<String> scheme(String value) {
    String s = value.toLowerCase(Locale.ROOT);
    return s.equals("https") || s.equals("http") ? Optional.of(s) : Optional.empty();
  }

  private static Optional<String> host(String value) {
    return value.length() <= 260 && HOST.matcher(value).matches()
        ? Optional.of(value.toLowerCase(Locale.ROOT))
        : Optional.empty();
  }

  private static Optional<String> prefix(String value) {
    String p = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    if (p.isEmpty()) {
      return Optional.empty(); // "/": no prefix
    }
    return p.length() <= 200 && PREFIX.matcher(p).matches() && !p.contains("%")
        ? Optional.of(p)
        : Optional.empty();
  }

  private static Optional<String> value(List<String[]> pairs, String name) {
    for (String[] p : pairs) {
      if (p[0].equals(name)) {
        return Optional.of(p[1]);
      }
    }
    return Optional.empty();
  }

  /** Comma-separated values of every line of a header, trimmed, empty ones dropped. */
  private static List<String> values(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      for (String v : line.split(",")) {
        String s = v.strip();
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** Splits on {@code separator} outside quoted strings. */
  private static List<String> split(String s, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\' && i + 1 < s.length()) {
        current.append(c).append(s.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    parts.add(current.toString());
    return parts;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
    }
    return v;
  }

  /** An address block. */
  private record Cidr(byte[] network, int prefix) {
    static Optional<Cidr> parse(String s) {
      int slash = s.indexOf('/');
      Optional<byte[]> address = IpAddress.parse(slash < 0 ? s : s.substring(0, slash));
      if (address.isEmpty()) {
        return Optional.empty();
      }
      int bits = address.get().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String p = s.substring(slash + 1);
        if (p.isEmpty()
            || p.length() > 3
            || !p.chars().allMatch(Character::isDigit)
            || Integer.parseInt(p) > bits) {
          return Optional.empty();
        }
        prefix = Integer.parseInt(p);
      }
      return Optional.of(new Cidr(address.get(), prefix));
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }
}
