package dev.refauth.bench;

import dev.refauth.accounts.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** Logins per second on one core at the default Argon2id parameters (deliberately slow: capacity planning). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Threads(1)
// a fixed, pre-touched heap: on a growing heap every new page of eden costs a page fault on first
// touch, which
// on this virtual machine put one call in ten of the warm path at 11 us instead of 0.34 us
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class LoginBenchmark {
  private PasswordHasher hasher;
  private String hash;

  @Setup
  public void setUp() {
    hasher = PasswordHasher.argon2id();
    hash = hasher.hash("a-good-long-passphrase");
  }

  @Benchmark
  public boolean argon2idVerify() {
    return hasher.verify("a-good-long-passphrase", hash);
  }
}
