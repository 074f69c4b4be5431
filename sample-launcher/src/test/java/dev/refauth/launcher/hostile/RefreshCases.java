package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.launcher.hostile.Raw.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/** Rotating refresh tokens: reuse after rotation, concurrent use, confusion with access tokens and sessions. */
final class RefreshCases {
  static final String CATEGORY = "Refresh tokens";

  /** The provider's default {@code refreshGrace}: a rotated token is answered with its successor this long. */
  static final long REFRESH_GRACE_MILLIS = 10_000;

  private RefreshCases() {}

  /** A fresh login's refresh cookie ({@code refauth_refresh=...}). */
  static String refreshCookie(Target t) {
    return t.login(Target.UMA, Target.UMA_PASSWORD).cookiePair("refauth_refresh");
  }

  static Reply refresh(Target t, String cookie) {
    return t.send(Raw.post("/auth/refresh").sameOrigin().cookie(cookie));
  }

  static List<Case> all(Target t) {
    List<Case> cases = new ArrayList<>();
    cases.add(
        Case.control(
                CATEGORY,
                "a refresh: a new access token and a new refresh token",
                () -> refresh(t, refreshCookie(t)))
            .status(200)
            .expect(
                r ->
                    assertThat(r.cookieSet("refauth_refresh"))
                        .hasValueSatisfying(v -> assertThat(v).isNotEmpty()))
            .expect(
                r ->
                    assertThat(t.status(Raw.get("/api/posts").json().bearer(Target.accessToken(r))))
                        .isEqualTo(200)));
    cases.add(
        Case.control(
                CATEGORY,
                "a rotated token sent again within the grace (a second tab): the same successor",
                () -> {
                  String first = refreshCookie(t);
                  Reply rotated = refresh(t, first);
                  Reply again = refresh(t, first);
                  assertThat(again.cookiePair("refauth_refresh"))
                      .isEqualTo(rotated.cookiePair("refauth_refresh"));
                  return again;
                })
            .status(200));
    cases.add(
        Case.attack(
                CATEGORY,
                "reuse of a rotated refresh token after the grace: refused, and the whole family revoked",
                () -> {
                  String first = refreshCookie(t);
                  Reply rotated = refresh(t, first);
                  assertThat(rotated.status()).isEqualTo(200);
                  String second = rotated.cookiePair("refauth_refresh");
                  String access = Target.accessToken(rotated);
                  Thread.sleep(REFRESH_GRACE_MILLIS + 1_000);
                  Reply reuse = refresh(t, first);
                  assertThat(refresh(t, second).status())
                      .as("the successor is revoked with its family")
                      .isEqualTo(401);
                  assertThat(t.status(Raw.get("/api/posts").json().bearer(access)))
                      .as("and the family's access token")
                      .isEqualTo(401);
                  return reuse;
                })
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "the same refresh token sent 8 times at once: at most one successor",
                () -> {
                  String cookie = refreshCookie(t);
                  ExecutorService pool = Executors.newFixedThreadPool(8);
                  try {
                    List<Callable<Reply>> calls = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                      calls.add(() -> refresh(t, cookie));
                    }
                    List<Reply> replies = new ArrayList<>();
                    for (Future<Reply> f : pool.invokeAll(calls)) {
                      replies.add(f.get());
                    }
                    assertThat(replies).allSatisfy(r -> assertThat(r.status()).isIn(200, 401));
                    Set<String> successors =
                        replies.stream()
                            .filter(r -> r.status() == 200)
                            .map(r -> r.cookiePair("refauth_refresh"))
                            .collect(Collectors.toSet());
                    assertThat(successors)
                        .as("one successor for all concurrent uses")
                        .hasSizeLessThanOrEqualTo(1);
                    return replies.get(0);
                  } finally {
                    pool.shutdownNow();
                  }
                })
            .allowSession()
            .status(200, 401));
    cases.add(
        Case.attack(
                CATEGORY,
                "a refresh token used as a bearer access token",
                () -> {
                  String cookie = refreshCookie(t);
                  return t.send(
                      Raw.get("/api/posts")
                          .json()
                          .bearer(cookie.substring(cookie.indexOf('=') + 1)));
                })
            .status(401)
            .expect(JwtCases::noData));
    cases.add(
        Case.attack(
                CATEGORY,
                "an access token sent as the refresh cookie",
                () -> refresh(t, "refauth_refresh=" + t.token(Target.UMA, Target.UMA_PASSWORD)))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "a session cookie's value sent as the refresh cookie",
                () -> {
                  String session = SessionCases.browserSession(t, Target.UMA, Target.UMA_PASSWORD);
                  return refresh(
                      t, "refauth_refresh=" + session.substring(session.indexOf('=') + 1));
                })
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "a made-up refresh token",
                () -> refresh(t, "refauth_refresh=" + "A".repeat(43)))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "a refresh token after logout",
                () -> {
                  Reply login = t.login(Target.UMA, Target.UMA_PASSWORD);
                  String cookie = login.cookiePair("refauth_refresh");
                  assertThat(
                          t.status(
                              Raw.post("/auth/logout")
                                  .bearer(Target.accessToken(login))
                                  .cookie(cookie)
                                  .jsonBody("{}")))
                      .isEqualTo(200);
                  return refresh(t, cookie);
                })
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "a cross-site refresh (the response would hand a token to the attacker's page)",
                () -> {
                  String cookie = refreshCookie(t);
                  Reply attack =
                      t.send(
                          Raw.post("/auth/refresh")
                              .cookie(cookie)
                              .header("Sec-Fetch-Site", "cross-site")
                              .header("Origin", "https://evil.example"));
                  assertThat(refresh(t, cookie).status())
                      .as("control: the token was not spent by the refused call")
                      .isEqualTo(200);
                  return attack;
                })
            .status(403)
            .expect(r -> assertThat(r.body()).doesNotContain("accessToken")));
    cases.add(
        Case.attack(
                CATEGORY,
                "refresh by GET",
                () -> t.send(Raw.get("/auth/refresh").cookie(refreshCookie(t))))
            .status(404, 405));
    cases.add(
        Case.attack(
                CATEGORY,
                "two refresh cookies",
                () -> refresh(t, refreshCookie(t) + "; " + refreshCookie(t)))
            .status(401));
    return cases;
  }
}
