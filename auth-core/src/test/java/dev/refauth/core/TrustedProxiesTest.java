package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TrustedProxiesTest {
  private static final List<String> BLOCKS = List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8");
  private static final TrustedProxies PROXIES =
      TrustedProxies.of(BLOCKS, AuthGuard.ProxyHeaders.X_FORWARDED);
  private static final TrustedProxies RFC7239 =
      TrustedProxies.of(BLOCKS, AuthGuard.ProxyHeaders.FORWARDED);

  private static AuthRequest from(String peer, String... headers) {
    AuthRequest.Builder b =
        AuthRequest.builder("GET", "/").remoteAddress(peer).header("Host", "app.internal:8080");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  private static TrustedProxies.Client client(AuthRequest r) {
    return PROXIES.resolve(r).orElseThrow(() -> new AssertionError("not resolved: " + r));
  }

  private static TrustedProxies.Client rfc7239(AuthRequest r) {
    return RFC7239.resolve(r).orElseThrow(() -> new AssertionError("not resolved: " + r));
  }

  @Test
  void ipAddress_parsesLiteralsOnly_andFormatsCanonically() {
    assertThat(IpAddress.parse("10.0.0.7"))
        .get()
        .satisfies(b -> assertThat(IpAddress.format(b)).isEqualTo("10.0.0.7"));
    assertThat(IpAddress.parse("0:0:0:0:0:0:0:1").map(IpAddress::format)).contains("::1");
    assertThat(IpAddress.parse("2001:DB8:0:0:1:0:0:1").map(IpAddress::format))
        .contains("2001:db8::1:0:0:1");
    assertThat(IpAddress.parse("::ffff:10.0.0.7").map(IpAddress::format))
        .as("a mapped IPv4 address is IPv4")
        .contains("10.0.0.7");
    assertThat(IpAddress.parse("fe80::1%eth0").map(IpAddress::format)).contains("fe80::1");
    assertThat(IpAddress.parse("fe80::").map(IpAddress::format)).contains("fe80::");
    assertThat(IpAddress.parse("1:0:2:0:3:0:4:0").map(IpAddress::format))
        .as("a single zero group stays")
        .contains("1:0:2:0:3:0:4:0");
    for (String bad :
        new String[] {
          "",
          "1.2.3",
          "1.2.3.4.5",
          "256.1.1.1",
          "1.2.3.999",
          "01234.1.1.1",
          "localhost",
          "evil.example",
          "1:2:3",
          "1::2::3",
          "zz::1",
          "1:2:3:4:5:6:7:8:9",
          "::1.2.3",
          "unknown",
          "_hidden",
          " 10.0.0.1",
          "10.0.0.1 "
        }) {
      assertThat(IpAddress.parse(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void cidr_blocksMatchAtTheirPrefix() {
    TrustedProxies p =
        TrustedProxies.of(
            List.of("10.1.2.0/23", "2001:db8::/33", "127.0.0.1"),
            AuthGuard.ProxyHeaders.X_FORWARDED);
    assertThat(p.trusts("10.1.2.200")).isTrue();
    assertThat(p.trusts("10.1.3.1")).isTrue();
    assertThat(p.trusts("10.1.4.1")).isFalse();
    assertThat(p.trusts("2001:db8:7fff::1")).isTrue();
    assertThat(p.trusts("2001:db8:8000::1")).isFalse();
    assertThat(p.trusts("127.0.0.1")).isTrue();
    assertThat(p.trusts("127.0.0.2")).isFalse();
    assertThat(p.trusts("::ffff:127.0.0.1")).as("mapped form of a trusted IPv4").isTrue();
    assertThat(p.trusts("garbage")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/33",
        "::/129",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "example.com",
        "10.0.0.0/8/8",
        "*"
      })
  void badEntries_failNamingThem(String entry) {
    assertThatThrownBy(() -> TrustedProxies.of(List.of(entry), AuthGuard.ProxyHeaders.X_FORWARDED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(entry);
  }

  @Test
  void untrustedPeer_headersChangeNothing() {
    AuthRequest r =
        from(
            "203.0.113.9",
            "X-Forwarded-For",
            "198.51.100.1",
            "X-Forwarded-Proto",
            "https",
            "X-Forwarded-Host",
            "evil.example",
            "Forwarded",
            "for=198.51.100.1;proto=https;host=evil.example");
    assertThat(PROXIES.resolve(r)).isEmpty();
    assertThat(RFC7239.resolve(r)).isEmpty();
    assertThat(TrustedProxies.none().resolve(from("10.0.0.1", "X-Forwarded-For", "198.51.100.1")))
        .as("none trusted")
        .isEmpty();
  }

  @Test
  void xForwardedFor_rightmostUntrustedIsTheClient() {
    assertThat(client(from("10.0.0.1", "X-Forwarded-For", "198.51.100.1")).address())
        .isEqualTo("198.51.100.1");
    assertThat(
            client(from("10.0.0.1", "X-Forwarded-For", "6.6.6.6, 198.51.100.1, 10.0.0.5"))
                .address())
        .as("what the client wrote itself (6.6.6.6) is left of its real address")
        .isEqualTo("198.51.100.1");
    assertThat(
            client(
                    from(
                        "10.0.0.1",
                        "X-Forwarded-For",
                        "6.6.6.6",
                        "X-Forwarded-For",
                        "198.51.100.1"))
                .address())
        .as("several header lines are one list")
        .isEqualTo("198.51.100.1");
    assertThat(client(from("10.0.0.1", "X-Forwarded-For", "10.0.0.9, 10.0.0.5")).address())
        .as("every hop trusted: the outermost")
        .isEqualTo("10.0.0.9");
    assertThat(client(from("10.0.0.1", "X-Forwarded-For", "198.51.100.1:4711")).address())
        .isEqualTo("198.51.100.1");
    assertThat(client(from("10.0.0.1", "X-Forwarded-For", "[2001:db8::1]:4711")).address())
        .isEqualTo("2001:db8::1");
    assertThat(client(from("fd00::2", "X-Forwarded-For", "2001:DB8:0:0:0:0:0:1")).address())
        .isEqualTo("2001:db8::1");
  }

  @Test
  void xForwardedFor_garbage_stopsAtTheHopThatWroteIt() {
    assertThat(
            client(from("10.0.0.1", "X-Forwarded-For", "198.51.100.1, unknown, 10.0.0.5"))
                .address())
        .isEqualTo("10.0.0.5");
    assertThat(PROXIES.resolve(from("10.0.0.1", "X-Forwarded-For", "evil\r\nline")))
        .as("nothing usable: the peer stands")
        .isEmpty();
    assertThat(PROXIES.resolve(from("10.0.0.1", "X-Forwarded-For", ""))).isEmpty();
    assertThat(PROXIES.resolve(from("10.0.0.1"))).as("a trusted proxy that says nothing").isEmpty();
  }

  @Test
  void xForwardedProtoAndHost_fromTheHopThatMetTheClient() {
    TrustedProxies.Client c =
        client(
            from(
                "10.0.0.1",
                "X-Forwarded-For",
                "198.51.100.1",
                "X-Forwarded-Proto",
                "HTTPS",
                "X-Forwarded-Host",
                "App.Example.com"));
    assertThat(c.scheme()).contains("https");
    assertThat(c.host()).contains("app.example.com");
    TrustedProxies.Client aligned =
        client(
            from(
                "10.0.0.1",
                "X-Forwarded-For",
                "6.6.6.6, 198.51.100.1, 10.0.0.5",
                "X-Forwarded-Proto",
                "http, https, http",
                "X-Forwarded-Host",
                "evil.example, app.example.com, app.internal"));
    assertThat(aligned.scheme())
        .as("the entry at the client's position from the right")
        .contains("https");
    assertThat(aligned.host()).contains("app.example.com");
    TrustedProxies.Client overwritten =
        client(
            from(
                "10.0.0.1",
                "X-Forwarded-For",
                "198.51.100.1, 10.0.0.5",
                "X-Forwarded-Proto",
                "https"));
    assertThat(overwritten.scheme()).as("a proxy that wrote one value").contains("https");
    TrustedProxies.Client fewer =
        client(
            from(
                "10.0.0.1",
                "X-Forwarded-For",
                "198.51.100.1, 10.0.0.5, 10.0.0.6",
                "X-Forwarded-Proto",
                "https, http"));
    assertThat(fewer.scheme())
        .as("fewer values than hops: the nearest proxy's, never the client's leftmost one")
        .contains("http");
    TrustedProxies.Client bad =
        client(
            from(
                "10.0.0.1",
                "X-Forwarded-For",
                "198.51.100.1",
                "X-Forwarded-Proto",
                "gopher",
                "X-Forwarded-Host",
                "evil.example/path"));
    assertThat(bad.scheme()).isEmpty();
    assertThat(bad.host()).isEmpty();
  }

  @Test
  void xForwardedPrefix_aPathTheProxyRemoved() {
    assertThat(
            client(
                    from(
                        "10.0.0.1",
                        "X-Forwarded-For",
                        "198.51.100.1",
                        "X-Forwarded-Prefix",
                        "/myapp/"))
                .prefix())
        .contains("/myapp");
    assertThat(
            client(
                    from(
                        "10.0.0.1",
                        "X-Forwarded-For",
                        "198.51.100.1",
                        "X-Forwarded-Prefix",
                        "/a/b-c"))
                .prefix())
        .contains("/a/b-c");
    for (String bad :
        new String[] {
          "myapp",
          "//evil.example",
          "/a/../b",
          "/..",
          "/a/./b",
          "/a%2f..",
          "/a b",
          "/a\\b",
          "https://evil.example/x",
          "/"
        }) {
      assertThat(
              client(from("10.0.0.1", "X-Forwarded-For", "198.51.100.1", "X-Forwarded-Prefix", bad))
                  .prefix())
          .as(bad)
          .isEmpty();
    }
    assertThat(
            PROXIES.resolve(
                from(
                    "203.0.113.9",
                    "X-Forwarded-For",
                    "198.51.100.1",
                    "X-Forwarded-Prefix",
                    "/myapp")))
        .isEmpty();
  }

  @Test
  void onlyTheConfiguredFamilyIsRead_theOtherIsTheClients() {
    // nginx appends X-Forwarded-For and passes the client's own Forwarded through: it must not
    // choose the address
    AuthRequest viaNginx =
        from(
            "10.0.0.1",
            "Forwarded",
            "for=203.0.113.7;proto=https;host=evil.example",
            "X-Forwarded-For",
            "198.51.100.4");
    assertThat(client(viaNginx).address()).isEqualTo("198.51.100.4");
    assertThat(client(viaNginx).host()).isEmpty();
    AuthRequest viaRfc7239Proxy =
        from(
            "10.0.0.1",
            "X-Forwarded-For",
            "203.0.113.7",
            "X-Forwarded-Proto",
            "https",
            "Forwarded",
            "for=198.51.100.4;proto=http");
    assertThat(rfc7239(viaRfc7239Proxy).address()).isEqualTo("198.51.100.4");
    assertThat(rfc7239(viaRfc7239Proxy).scheme()).contains("http");
    assertThat(RFC7239.resolve(from("10.0.0.1", "X-Forwarded-For", "203.0.113.7")))
        .as("no Forwarded: the peer stands")
        .isEmpty();
  }

  @Test
  void forwarded_rfc7239() {
    TrustedProxies.Client c =
        rfc7239(
            from(
                "10.0.0.1",
                "Forwarded",
                "for=\"[2001:db8::7]:4711\";proto=https;host=app.example.com:8443"));
    assertThat(c.address()).isEqualTo("2001:db8::7");
    assertThat(c.scheme()).contains("https");
    assertThat(c.host()).contains("app.example.com:8443");
    TrustedProxies.Client chain =
        rfc7239(
            from(
                "10.0.0.1",
                "Forwarded",
                "for=6.6.6.6;proto=http;host=evil.example, "
                    + "for=198.51.100.1;proto=https;host=app.example.com",
                "Forwarded",
                "for=10.0.0.5;proto=http;host=app.internal"));
    assertThat(chain.address()).isEqualTo("198.51.100.1");
    assertThat(chain.scheme()).contains("https");
    assertThat(chain.host()).contains("app.example.com");
    assertThat(rfc7239(from("10.0.0.1", "Forwarded", "for=198.51.100.1;host=\"a,b\"")).address())
        .as("quoted commas do not split")
        .isEqualTo("198.51.100.1");
    assertThat(RFC7239.resolve(from("10.0.0.1", "Forwarded", "for=_hidden;proto=https")))
        .as("an obfuscated node")
        .isEmpty();
    assertThat(RFC7239.resolve(from("10.0.0.1", "Forwarded", "proto=https"))).isEmpty();
  }

  @Test
  void aLongChain_isReadOnlyAsFarAsItsLastHops() {
    String chain = String.join(", ", java.util.Collections.nCopies(1000, "10.0.0.3"));
    assertThat(client(from("10.0.0.1", "X-Forwarded-For", "198.51.100.1, " + chain)).address())
        .isEqualTo("10.0.0.3");
    assertThat(
            Optional.of(
                client(from("10.0.0.1", "X-Forwarded-For", chain + ", 198.51.100.1")).address()))
        .contains("198.51.100.1");
  }
}
