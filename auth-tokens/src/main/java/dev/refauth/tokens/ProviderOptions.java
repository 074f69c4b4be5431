package dev.refauth.tokens;

import dev.refauth.core.internal.Checks;
import dev.refauth.core.internal.ClassLoading;
import dev.refauth.core.internal.Redirects;
import dev.refauth.core.spi.AuthEventListener;
import dev.refauth.core.spi.AuthMetrics;
import dev.refauth.core.spi.SecondFactor;
import dev.refauth.core.spi.UserDirectory;
import dev.refauth.tokens.TokenAuthProvider.SessionMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TokenAuthProvider.Builder} collects: the defaults, and each setting checked as it is set (an
 * {@link IllegalArgumentException} naming it). The provider's parts copy what they use when it is built. Fields
 * are read directly and written only through the methods of the same name.
 */
final class ProviderOptions {
  final UserDirectory directory;
  final JwtCodec codec;
  final TokenStore store;
  Clock clock = Clock.systemUTC();
  Duration refreshTtl = Duration.ofDays(30);
  Duration refreshIdle = Duration.ofDays(7);
  Duration refreshGrace = Duration.ofSeconds(10);
  Duration sessionTtl = Duration.ofHours(12);
  Duration sessionIdle = Duration.ofMinutes(30);
  boolean secureCookies = true;
  boolean crossSiteCookies;
  SessionMode mode = SessionMode.BOTH;
  String loginPath = "/login";
  String refreshPath = "/auth/refresh";
  Map<String, String> tenantNames = Map.of();
  Optional<SecondFactor> secondFactor = Optional.empty();
  final List<AutoCloseable> closing = new ArrayList<>();
  final List<Object> offered = new ArrayList<>();
  AuthEventListener events =
      AuthEventListener.discovered(ClassLoading.contextOr(TokenAuthProvider.class));
  AuthMetrics metrics = AuthMetrics.discovered(ClassLoading.contextOr(TokenAuthProvider.class));

  ProviderOptions(UserDirectory directory, JwtCodec codec, TokenStore store) {
    if (directory == null || codec == null || store == null) {
      throw new IllegalArgumentException("directory, codec and store are required");
    }
    this.directory = directory;
    this.codec = codec;
    this.store = store;
  }

  void clock(Clock clock) {
    this.clock = clock;
  }

  void refreshTtl(Duration d) {
    this.refreshTtl = positive(d, "refreshTtl");
  }

  void refreshIdle(Duration d) {
    this.refreshIdle = positive(d, "refreshIdle");
  }

  /** From 0 to 2 minutes. */
  void refreshGrace(Duration d) {
    if (d.isNegative() || d.compareTo(Duration.ofMinutes(2)) > 0) {
      throw new IllegalArgumentException("refreshGrace must be from 0 to 2 minutes");
    }
    this.refreshGrace = d;
  }

  void sessionTtl(Duration d) {
    this.sessionTtl = positive(d, "sessionTtl");
  }

  void sessionIdle(Duration d) {
    this.sessionIdle = positive(d, "sessionIdle");
  }

  void secureCookies(boolean secure) {
    this.secureCookies = secure;
  }

  void crossSiteCookies(boolean crossSite) {
    this.crossSiteCookies = crossSite;
  }

  void sessionMode(SessionMode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    this.mode = mode;
  }

  void loginPath(String path) {
    this.loginPath = Redirects.localPath(path, "loginPath");
  }

  void refreshPath(String path) {
    this.refreshPath = Redirects.localPath(path, "refreshPath");
  }

  void secondFactor(SecondFactor factor) {
    this.secondFactor = Optional.of(Checks.notNull(factor, "secondFactor"));
  }

  void tenantNames(Map<String, String> names) {
    this.tenantNames = Map.copyOf(names);
  }

  void closing(AutoCloseable resource) {
    this.closing.add(resource);
  }

  void offer(Object capability) {
    this.offered.add(Checks.notNull(capability, "capability"));
  }

  void events(AuthEventListener events) {
    this.events = Checks.notNull(events, "events");
  }

  void metrics(AuthMetrics metrics) {
    this.metrics = Checks.notNull(metrics, "metrics");
  }

  private static Duration positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return d;
  }
}
