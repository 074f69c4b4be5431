package dev.refauth.core.spi;

import dev.refauth.core.AuthActionResponse;
import dev.refauth.core.AuthParams;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link SecondFactor#combine}: two factors as one. The pending value is {@code <first's>.<second's>} (either side
 * empty when that factor made no challenge; neither holds a dot), so that each keeps only its own state.
 */
final class CombinedFactors implements SecondFactor {
  private final SecondFactor first;
  private final SecondFactor second;
  private final Predicate<String> secondOwns;

  CombinedFactors(SecondFactor first, SecondFactor second, Predicate<String> secondOwns) {
    this.first = first;
    this.second = second;
    this.secondOwns = secondOwns;
  }

  @Override
  public Optional<Challenge> challenge(Identity identity, boolean remember, AuthRequest request) {
    return both(f -> f.challenge(identity, remember, request));
  }

  @Override
  public Optional<Challenge> stepUp(Identity identity, AuthRequest request) {
    return both(f -> f.stepUp(identity, request));
  }

  @Override
  public Optional<Challenge> challengeAnyone(AuthRequest request) {
    return both(f -> f.challengeAnyone(request));
  }

  private Optional<Challenge> both(Function<SecondFactor, Optional<Challenge>> ask) {
    Optional<Challenge> a = ask.apply(first);
    Optional<Challenge> b = ask.apply(second);
    if (a.isEmpty() && b.isEmpty()) {
      return Optional.empty();
    }
    List<Challenge> made = List.of(a, b).stream().flatMap(Optional::stream).toList();
    List<String> methods = new ArrayList<>();
    Map<String, Object> data = new LinkedHashMap<>();
    for (Challenge c : made) {
      methods.addAll(c.methods());
      data.putAll(c.data());
    }
    Duration lifetime =
        made.stream().map(Challenge::lifetime).min(Duration::compareTo).orElseThrow();
    String pending =
        a.map(Challenge::pending).orElse("") + "." + b.map(Challenge::pending).orElse("");
    return Optional.of(new Challenge(pending, methods, lifetime, data));
  }

  @Override
  public Outcome answer(
      String pending, AuthParams params, AuthRequest request, Admission admission) {
    int dot = pending.indexOf('.');
    if (dot < 0 || pending.indexOf('.', dot + 1) >= 0) {
      return Outcome.Refused.INSTANCE;
    }
    String a = pending.substring(0, dot);
    String b = pending.substring(dot + 1);
    if (!b.isEmpty() && second.answers(params)) {
      return second.answer(b, params, request, admission);
    }
    if (!a.isEmpty() && first.answers(params)) {
      return first.answer(a, params, request, admission);
    }
    return Outcome.Refused.INSTANCE;
  }

  @Override
  public boolean answers(AuthParams params) {
    return first.answers(params) || second.answers(params);
  }

  @Override
  public boolean needsRecentSignIn(String action) {
    return secondOwns.test(action)
        ? second.needsRecentSignIn(action)
        : first.needsRecentSignIn(action);
  }

  @Override
  public boolean enrolled(String subject) {
    return first.enrolled(subject) || second.enrolled(subject);
  }

  @Override
  public AuthActionResponse manage(Identity caller, AuthParams params, AuthRequest request) {
    String action = params.string("action").orElse("");
    if (action.equals("status")) {
      AuthActionResponse a = first.manage(caller, params, request);
      AuthActionResponse b = second.manage(caller, params, request);
      if (!a.isSuccess() || !b.isSuccess()) {
        return a.isSuccess() ? b : a;
      }
      AuthActionResponse merged = a;
      for (Map.Entry<String, Object> e : b.data().entrySet()) {
        merged = merged.with(e.getKey(), e.getValue());
      }
      return merged.with("enrolled", enrolled(caller.id()));
    }
    return secondOwns.test(action)
        ? second.manage(caller, params, request)
        : first.manage(caller, params, request);
  }
}
