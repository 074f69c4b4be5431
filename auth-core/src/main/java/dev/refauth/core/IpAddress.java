package dev.refauth.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * IP address literals, parsed without {@link java.net.InetAddress} (which falls back to a DNS lookup for anything
 * it cannot read as a literal, and costs tens of microseconds even when it can).
 */
final class IpAddress {
  private IpAddress() {}

  /**
   * The 4 or 16 bytes of an IPv4 or IPv6 literal ({@code 10.0.0.7}, {@code ::1}, {@code ::ffff:10.0.0.7} as
   * IPv4; an IPv6 zone is ignored); empty for anything else.
   */
  static Optional<byte[]> parse(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return Optional.empty();
    }
    if (s.indexOf(':') < 0) {
      return ipv4(s);
    }
    int zone = s.indexOf('%');
    Optional<byte[]> v6 = ipv6(zone < 0 ? s : s.substring(0, zone));
    if (v6.isPresent() && isMappedIpv4(v6.get())) {
      byte[] v4 = new byte[4];
      System.arraycopy(v6.get(), 12, v4, 0, 4);
      return Optional.of(v4);
    }
    return v6;
  }

  /**
   * A node of a forwarding header as an address in canonical text: {@code 192.0.2.7}, {@code 192.0.2.7:4711},
   * {@code [2001:db8::1]}, {@code [2001:db8::1]:4711} or a bare IPv6 address; empty for {@code unknown},
   * obfuscated identifiers and anything else.
   */
  static Optional<String> node(String s) {
    String host = s;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = s.substring(1, close);
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':') && s.indexOf('.') > 0) {
      host = s.substring(0, s.indexOf(':')); // IPv4 with a port
    }
    return parse(host).map(IpAddress::format);
  }

  /** Canonical text: dotted IPv4; IPv6 in lower-case hex with the longest run of zero groups as {@code ::} (RFC 5952). */
  static String format(byte[] b) {
    if (b.length == 4) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    int i = 0;
    while (i < 8) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private static Optional<byte[]> ipv4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || part == 4) {
          return Optional.empty();
        }
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return Optional.empty();
        }
      } else {
        return Optional.empty();
      }
    }
    return part == 4 ? Optional.of(out) : Optional.empty();
  }

  private static Optional<byte[]> ipv6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return Optional.empty();
    }
    String head = gap < 0 ? s : s.substring(0, gap);
    String tail = gap < 0 ? "" : s.substring(gap + 2);
    byte[] headBytes = groups(head, gap < 0);
    byte[] tailBytes = groups(tail, true);
    if (headBytes == null || tailBytes == null) {
      return Optional.empty();
    }
    int total = headBytes.length + tailBytes.length;
    if ((gap < 0 && total != 16) || (gap >= 0 && total > 14)) {
      return Optional.empty();
    }
    byte[] out = new byte[16];
    System.arraycopy(headBytes, 0, out, 0, headBytes.length);
    System.arraycopy(tailBytes, 0, out, 16 - tailBytes.length, tailBytes.length);
    return Optional.of(out);
  }

  /** The bytes of colon-separated hex groups; the last may be dotted IPv4 when {@code mayEndInIpv4}. Null if malformed. */
  private static byte @Nullable [] groups(String s, boolean mayEndInIpv4) {
    if (s.isEmpty()) {
      return new byte[0];
    }
    String[] parts = s.split(":", -1);
    byte[] out = new byte[18];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && mayEndInIpv4 && p.indexOf('.') >= 0) {
        Optional<byte[]> v4 = ipv4(p);
        if (v4.isEmpty() || n + 4 > 16) {
          return null;
        }
        System.arraycopy(v4.get(), 0, out, n, 4);
        n += 4;
        continue;
      }
      if (p.isEmpty() || p.length() > 4 || n + 2 > 16) {
        return null;
      }
      int value = 0;
      for (int k = 0; k < p.length(); k++) {
        int d = Character.digit(p.charAt(k), 16);
        if (d < 0) {
          return null;
        }
        value = value << 4 | d;
      }
      out[n++] = (byte) (value >> 8);
      out[n++] = (byte) value;
    }
    byte[] exact = new byte[n];
    System.arraycopy(out, 0, exact, 0, n);
    return exact;
  }

  private static boolean isMappedIpv4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }
}
