package dev.refauth.accounts;

import dev.refauth.core.internal.CurrentRequest;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The work {@link Accounts} does off the request thread (the lookups and mails of sign-up and forgot-password, so
 * that known and unknown addresses answer alike), on the application's executor or on one thread of its own with a
 * bounded queue: a flood of requests cannot grow the heap without limit; past the bound the work is dropped (the
 * answers were the same anyway) and a warning logged.
 */
final class Background implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Accounts.class.getName());
  private final Executor executor;

  /** The thread this instance started; none when the application gave an executor. */
  private final Optional<ExecutorService> own;

  private final Mailer mailer;

  Background(Optional<Executor> given, Mailer mailer) {
    this.own = given.isPresent() ? Optional.empty() : Optional.of(ownThread());
    this.executor = given.orElseGet(own::get);
    this.mailer = mailer;
  }

  /** Runs {@code task} off this thread, its events carrying this request's id. */
  void run(Runnable task) {
    executor.execute(CurrentRequest.carrying(task));
  }

  /** Sends {@code mail} in the background. */
  void mail(Mailer.Mail mail) {
    executor.execute(CurrentRequest.carrying(() -> send(mail)));
  }

  /** Sends {@code mail} now (from work already in the background); a failure is logged by subject, never by content. */
  void send(Mailer.Mail mail) {
    try {
      mailer.send(mail);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "mail '" + mail.subject() + "' failed: " + e.getClass().getName());
    }
  }

  /** Stops its own thread after the queued work, waiting up to 5 seconds; an application's executor is left alone. */
  @Override
  public void close() {
    own.ifPresent(
        e -> {
          e.shutdown();
          try {
            e.awaitTermination(5, TimeUnit.SECONDS);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private static ExecutorService ownThread() {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(10_000),
        r -> {
          Thread t = new Thread(r, "refauth-accounts");
          t.setDaemon(true);
          return t;
        },
        (r, e) ->
            LOG.log(
                System.Logger.Level.WARNING,
                "background queue full (or closed): a mail or a reset link was dropped"));
  }
}
