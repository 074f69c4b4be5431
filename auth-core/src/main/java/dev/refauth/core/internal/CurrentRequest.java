package dev.refauth.core.internal;

import dev.refauth.core.AuthRequest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The request the guard is handling on this thread, so that an event a battery emits deep inside a sign-in carries its
 * request id without every signature passing it on. Set by the guard around its work (never across the application's
 * code), restored in {@code finally}; the id is made only when an event asks for it.
 */
public final class CurrentRequest {
  private static final ThreadLocal<@Nullable CurrentRequest> CURRENT = new ThreadLocal<>();

  /** What a proxy's or client's {@code X-Request-Id} may be to be taken as it is. */
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

  private final @Nullable AuthRequest request;
  private final @Nullable CurrentRequest outer;
  private @Nullable String id;

  private CurrentRequest(@Nullable AuthRequest request, @Nullable CurrentRequest outer) {
    this.request = request;
    this.outer = outer;
    this.id = outer != null ? outer.id : null;
  }

  /**
   * {@code task} as work of this thread's current request: on whatever thread it runs (a battery's background work),
   * its events carry this request's id. Outside a request, {@code task} itself.
   */
  public static Runnable carrying(Runnable task) {
    CurrentRequest c = CURRENT.get();
    if (c == null) {
      return task;
    }
    String id = c.requestId();
    return () -> {
      CurrentRequest there = new CurrentRequest(null, CURRENT.get());
      there.id = id;
      CURRENT.set(there);
      try {
        task.run();
      } finally {
        there.close();
      }
    };
  }

  /** Marks {@code request} as this thread's until {@link #close()}. */
  public static CurrentRequest enter(AuthRequest request) {
    CurrentRequest c = new CurrentRequest(request, CURRENT.get());
    CURRENT.set(c);
    return c;
  }

  /** The current request's id, {@code ""} outside one. */
  public static String id() {
    CurrentRequest c = CURRENT.get();
    return c == null ? "" : c.requestId();
  }

  private String requestId() {
    String i = id;
    if (i == null) {
      AuthRequest r = request;
      i =
          (r == null ? Optional.<String>empty() : r.header("X-Request-Id"))
              .filter(h -> WELL_FORMED.matcher(h).matches())
              .orElseGet(CurrentRequest::made);
      id = i;
      for (CurrentRequest o = outer; o != null && o.id == null; o = o.outer) {
        o.id = i;
      }
    }
    return i;
  }

  private static String made() {
    byte[] b = new byte[12];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Ends this request's time on the thread: the one it was entered in is current again. */
  public void close() {
    if (outer == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(outer);
    }
  }
}
