package dev.refauth.bench;

import com.nimbusds.jwt.SignedJWT;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.CheckResponse;
import dev.refauth.core.Requirement;
import dev.refauth.core.adapter.Decision;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request auth path. {@code warm}: the guard's decision for a credential seen before (identity cache
 * hit + permission check). {@code cold}: the provider's full check of a token (signature, claims, denylist,
 * not-before, family, user lookup): what a cache miss costs. {@code nimbus}: bare nimbus parse + signature
 * verification of the same token; {@code nimbusClaims}: the same and its claims parsed, the floor the cold path is
 * compared with (a check that never reads {@code exp} is not a verification).
 */
// percentiles: the median shrugs off this shared machine's stalls, an average does not
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// a fixed, pre-touched heap: on a growing heap every new page of eden costs a page fault on first
// touch, which
// on this virtual machine put one call in ten of the warm path at 11 us instead of 0.34 us
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class AuthPathBenchmark {
  @Param({"HS256", "RS256", "ES256"})
  public String algorithm;

  private Fixtures fixtures;
  private AuthRequest request;
  private Requirement requirement;

  @Setup
  public void setUp() {
    fixtures = new Fixtures(algorithm);
    request = fixtures.bearerRequest();
    requirement = Requirement.permissions(Requirement.Logical.ALL, "posts:read");
    if (!fixtures.guard.authorize(request, requirement).proceeds()) {
      throw new IllegalStateException("the fixture's token is refused");
    }
  }

  @Benchmark
  public Decision warm() {
    return fixtures.guard.authorize(request, requirement);
  }

  @Benchmark
  public CheckResponse cold() {
    return fixtures.provider.check(request);
  }

  @Benchmark
  public boolean nimbus() throws Exception {
    return SignedJWT.parse(fixtures.token).verify(fixtures.bareVerifier);
  }

  /** {@link #nimbus} plus reading the claims: the least any verification that honours {@code exp} must do. */
  @Benchmark
  public Object nimbusClaims() throws Exception {
    SignedJWT jwt = SignedJWT.parse(fixtures.token);
    return jwt.verify(fixtures.bareVerifier) ? jwt.getJWTClaimsSet() : null;
  }
}
