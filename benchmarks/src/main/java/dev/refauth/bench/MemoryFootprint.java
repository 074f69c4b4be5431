package dev.refauth.bench;

import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.IdentityCache;
import dev.refauth.core.Permissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Heap per cached identity: fills an identity cache with 100,000 distinct credentials (each its own user,
 * name, email, tenant, two permissions) and compares the used heap after full GCs.
 * {@code java -cp benchmarks/target/benchmarks.jar dev.refauth.bench.MemoryFootprint}
 */
public final class MemoryFootprint {
  private MemoryFootprint() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long before = used();
    IdentityCache cache =
        IdentityCache.builder().maximumSize(n * 2L).ttl(Duration.ofHours(1)).build();
    for (int i = 0; i < n; i++) {
      String credential = "eyJhbGciOiJIUzI1NiJ9." + Integer.toHexString(i * 7919) + ".token-" + i;
      Identity id =
          Identity.builder("user-" + i)
              .name("User " + i)
              .email("user" + i + "@example.com")
              .tenant("acme")
              .build();
      Authentication auth =
          Authentication.of(id, Permissions.of(List.of("posts:read", "posts:write")));
      cache.get(credential, "", () -> Optional.of(auth));
    }
    cache.cleanUp();
    long after = used();
    System.out.printf(
        "%d cached identities: %.1f MiB, %d bytes per identity%n",
        n, (after - before) / 1048576.0, (after - before) / n);
    System.out.println(
        cache.stats().loadCount() == n
            ? "ok"
            : "unexpected load count " + cache.stats().loadCount());
  }

  private static long used() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
