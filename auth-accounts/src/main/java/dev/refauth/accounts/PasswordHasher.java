package dev.refauth.accounts;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.refauth.core.internal.Checks;

/**
 * Password hashing with Argon2id (Password4j), stored in the self-describing PHC format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}). The defaults are OWASP's: 19 MiB, 2 iterations,
 * parallelism 1. Verification also accepts bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) so existing
 * accounts can be migrated; {@link #needsRehash} tells when to store a fresh hash after a successful login.
 */
public final class PasswordHasher {
  private static final int OUTPUT_LENGTH = 32;

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final Argon2Function function;
  private final String dummyHash;

  private PasswordHasher(int memoryKib, int iterations, int parallelism) {
    Checks.require(memoryKib >= 8 * parallelism, "argon2 memory must be at least 8 KiB per lane");
    Checks.require(iterations >= 1, "argon2 iterations must be at least 1");
    Checks.require(parallelism >= 1, "argon2 parallelism must be at least 1");
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.function =
        Argon2Function.getInstance(
            memoryKib, iterations, parallelism, OUTPUT_LENGTH, Argon2.ID, 19);
    this.dummyHash = hash("refauth-dummy-password-for-constant-time");
  }

  /** Argon2id with OWASP's parameters: m=19 MiB, t=2, p=1. */
  public static PasswordHasher argon2id() {
    return argon2id(19 * 1024, 2, 1);
  }

  /** Argon2id with explicit parameters (memory in KiB). */
  public static PasswordHasher argon2id(int memoryKib, int iterations, int parallelism) {
    return new PasswordHasher(memoryKib, iterations, parallelism);
  }

  /** A fresh salted hash in PHC format. */
  public String hash(CharSequence password) {
    Checks.notNull(password, "password");
    return Password.hash(password).addRandomSalt(16).with(function).getResult();
  }

  /**
   * Whether {@code password} matches {@code storedHash} (Argon2 PHC or bcrypt). A malformed or unknown
   * stored hash never matches.
   */
  public boolean verify(CharSequence password, String storedHash) {
    Checks.notNull(password, "password");
    if (storedHash == null) {
      return false;
    }
    try {
      if (storedHash.startsWith("$argon2")) {
        return Password.check(password, storedHash)
            .with(Argon2Function.getInstanceFromHash(storedHash));
      }
      if (storedHash.startsWith("$2a$")
          || storedHash.startsWith("$2b$")
          || storedHash.startsWith("$2y$")) {
        return Password.check(password, storedHash)
            .with(BcryptFunction.getInstanceFromHash(storedHash));
      }
      return false;
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  /**
   * Spends the same time as a real verification, for an unknown user: the answer and its timing must
   * not tell whether an account exists.
   */
  public void verifyDummy(CharSequence password) {
    verify(password, dummyHash);
  }

  /** Whether {@code storedHash} was made with other parameters or another algorithm than this hasher's. */
  public boolean needsRehash(String storedHash) {
    String prefix =
        "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$";
    return storedHash == null || !storedHash.startsWith(prefix);
  }

  /** Whether {@code value} looks like a hash this class can verify (not a plain password). */
  public static boolean isHash(String value) {
    return value != null && (value.startsWith("$argon2") || value.matches("\\$2[aby]\\$.*"));
  }
}
