package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.launcher.hostile.Raw.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;

/**
 * One row of the hostile suite: the attack (or its positive control), the answer expected, and the side
 * effects that must not happen (a control names the ones it must cause, which proves the probe can see them).
 *
 * <p>Every reply, attack or control, must also hold the suite's invariants: never a 5xx, never a stack trace
 * or a class name in the body, no server version, and (for attacks) never a session or refresh cookie set.
 */
final class Case {
  /** Text a 500 page or a leaked exception would carry. */
  private static final Pattern TRACE =
      Pattern.compile(
          "Exception|\\bat [a-z]+\\.[a-z]+\\.|org\\.eclipse|org\\.glassfish|java\\.lang|jakarta\\.");

  final String category;
  final String name;
  final boolean control;
  private final Action action;
  private final List<Consumer<Reply>> expectations = new ArrayList<>();
  private final List<Probe> unchanged = new ArrayList<>();
  private final List<Probe> changed = new ArrayList<>();
  private boolean mayStartSession;

  /** What the case sends (several requests, for an attack in steps); answers the reply to judge. */
  interface Action {
    Reply send() throws Exception;
  }

  /** Something observable from outside: the posts list, the account table, the mail folder, the trap's hit count. */
  record Probe(String name, Supplier<Object> read) {}

  private Case(String category, String name, boolean control, Action action) {
    this.category = category;
    this.name = name;
    this.control = control;
    this.action = action;
  }

  static Case attack(String category, String name, Action action) {
    return new Case(category, name, false, action);
  }

  static Case control(String category, String name, Action action) {
    return new Case(category, name, true, action).allowSession();
  }

  Case expect(Consumer<Reply> expectation) {
    expectations.add(expectation);
    return this;
  }

  Case status(int... allowed) {
    return expect(
        r ->
            assertThat(r.status())
                .as("status of %s", r)
                .isIn(Arrays.stream(allowed).boxed().toArray()));
  }

  /** The side effects that must not happen (snapshots before and after are equal). */
  Case unchanged(Probe... probes) {
    unchanged.addAll(List.of(probes));
    return this;
  }

  /** The side effects a control must cause. */
  Case changes(Probe... probes) {
    changed.addAll(List.of(probes));
    return this;
  }

  /** An attack whose answer may legitimately set a session (e.g. the attacker's own login). */
  Case allowSession() {
    mayStartSession = true;
    return this;
  }

  DynamicTest test() {
    return DynamicTest.dynamicTest((control ? "control: " : "attack: ") + name, this::run);
  }

  void run() throws Exception {
    List<Object> before = unchanged.stream().map(p -> p.read().get()).toList();
    List<Object> beforeChanged = changed.stream().map(p -> p.read().get()).toList();
    Reply r = action.send();
    assertThat(r.status()).as("never a 5xx: %s", r).isLessThan(500);
    assertThat(TRACE.matcher(r.body()).find())
        .as("no stack trace or class name in the body: %s", r)
        .isFalse();
    assertThat(r.header("Server").orElse(""))
        .as("no product version in Server")
        .doesNotContainPattern("\\d");
    assertThat(r.body()).as("no product banner").doesNotContainIgnoringCase("powered by");
    if (!mayStartSession) {
      for (String cookie : List.of("refauth_session", "refauth_refresh")) {
        assertThat(r.cookieSet(cookie).filter(v -> !v.isEmpty()))
            .as("an attack never gets a %s cookie: %s", cookie, r)
            .isEmpty();
      }
    }
    expectations.forEach(e -> e.accept(r));
    for (int i = 0; i < unchanged.size(); i++) {
      assertThat(unchanged.get(i).read().get())
          .as("side effect that must not happen: %s changed", unchanged.get(i).name())
          .isEqualTo(before.get(i));
    }
    for (int i = 0; i < changed.size(); i++) {
      assertThat(Objects.equals(changed.get(i).read().get(), beforeChanged.get(i)))
          .as("the control must change %s (else the probe sees nothing)", changed.get(i).name())
          .isFalse();
    }
  }
}
