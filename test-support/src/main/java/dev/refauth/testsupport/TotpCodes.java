package dev.refauth.testsupport;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.exceptions.CodeGenerationException;

/**
 * An authenticator app for the tests: codes of a secret made by an independent implementation (samstevens' totp),
 * each of a later time step than the one before, as refauth accepts each step once.
 */
public final class TotpCodes {
  private final String secret;
  private long lastStep = Long.MIN_VALUE;

  public TotpCodes(String base32Secret) {
    this.secret = base32Secret;
  }

  /**
   * The code of the earliest step still accepted (one either side of now) and later than the last one given; waits
   * for the next step when all three were given.
   */
  public synchronized String next() throws InterruptedException {
    while (true) {
      long millis = System.currentTimeMillis();
      long now = millis / 30_000;
      // the step before now only early in this one: it leaves the window when this one ends
      long step = Math.max(lastStep + 1, millis % 30_000 < 20_000 ? now - 1 : now);
      if (step <= now + 1) {
        lastStep = step;
        return code(step);
      }
      Thread.sleep(1_000);
    }
  }

  /** The code of the current step, without using it up here: for attacks that must fail before it is checked. */
  public String current() {
    return code(System.currentTimeMillis() / 30_000);
  }

  private String code(long step) {
    try {
      return new DefaultCodeGenerator().generate(secret, step);
    } catch (CodeGenerationException e) {
      throw new IllegalStateException(e);
    }
  }
}
