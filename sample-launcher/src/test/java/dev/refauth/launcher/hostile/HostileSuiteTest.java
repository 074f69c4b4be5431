package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile suite: the whole sample (real WAR in embedded Jetty 12, H2, mail folder, demo OpenID provider)
 * attacked over real HTTP, one table per category. Every attack states its expected answer and the side effects
 * that must not happen, and sits beside a positive control; every answer must also be free of 5xx and stack
 * traces. {@code docs/security.md} quotes the counts, and the last test keeps it honest.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class HostileSuiteTest {
  @TempDir static Path data;
  private static Target target;
  private static final Map<String, int[]> COUNTS = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    target = new Target(data);
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> jwt() throws Exception {
    return run(JwtCases.all(target));
  }

  @TestFactory
  @Order(2)
  Stream<DynamicTest> pathsAndMethods() {
    return run(PathCases.all(target));
  }

  @TestFactory
  @Order(3)
  Stream<DynamicTest> redirects() {
    return run(RedirectCases.all(target));
  }

  @TestFactory
  @Order(4)
  Stream<DynamicTest> sessionsAndCsrf() {
    return run(SessionCases.all(target));
  }

  @TestFactory
  @Order(5)
  Stream<DynamicTest> refreshTokens() {
    return run(RefreshCases.all(target));
  }

  @TestFactory
  @Order(6)
  Stream<DynamicTest> accounts() {
    return run(AccountCases.all(target));
  }

  @TestFactory
  @Order(7)
  Stream<DynamicTest> oauth() {
    return run(OAuthCases.all(target));
  }

  @TestFactory
  @Order(8)
  Stream<DynamicTest> tenants() {
    return run(TenantCases.all(target));
  }

  @TestFactory
  @Order(9)
  Stream<DynamicTest> robustness() {
    return run(RobustnessCases.all(target));
  }

  @TestFactory
  @Order(10)
  Stream<DynamicTest> deployments() throws Exception {
    return run(DeploymentCases.all(target));
  }

  @TestFactory
  @Order(11)
  Stream<DynamicTest> secondFactor() throws Exception {
    return run(SecondFactorCases.all(target));
  }

  @TestFactory
  @Order(12)
  Stream<DynamicTest> identityProviders() {
    return run(IdentityProviderCases.all(target));
  }

  @TestFactory
  @Order(13)
  Stream<DynamicTest> observability() {
    return run(ObservabilityCases.all(target));
  }

  /**
   * docs/security.md states the suite's size by category; the figure must be the suite's own. Run alone (or before
   * the tables), it builds the tables itself to count them.
   */
  @Test
  @Order(14)
  void docsQuoteTheseCounts() throws Exception {
    if (COUNTS.size() < 13) {
      List<Callable<List<Case>>> tables =
          List.of(
              () -> JwtCases.all(target),
              () -> PathCases.all(target),
              () -> RedirectCases.all(target),
              () -> SessionCases.all(target),
              () -> RefreshCases.all(target),
              () -> AccountCases.all(target),
              () -> OAuthCases.all(target),
              () -> TenantCases.all(target),
              () -> RobustnessCases.all(target),
              () -> DeploymentCases.all(target),
              () -> SecondFactorCases.all(target),
              () -> IdentityProviderCases.all(target),
              () -> ObservabilityCases.all(target));
      for (Callable<List<Case>> table : tables) {
        count(table.call());
      }
    }
    assertThat(COUNTS).as("every category counted").hasSize(13);
    StringBuilder table =
        new StringBuilder("| category | attacks | positive controls |\n|---|---:|---:|\n");
    int attacks = 0;
    int controls = 0;
    for (Map.Entry<String, int[]> e : COUNTS.entrySet()) {
      table
          .append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(e.getValue()[0])
          .append(" | ")
          .append(e.getValue()[1])
          .append(" |\n");
      attacks += e.getValue()[0];
      controls += e.getValue()[1];
    }
    table
        .append("| **total** | **")
        .append(attacks)
        .append("** | **")
        .append(controls)
        .append("** |\n");
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/hostile-cases.md"), table);
    String docs = Files.readString(Path.of("../docs/security.md"));
    assertThat(docs)
        .as("docs/security.md must carry the table in target/hostile-cases.md")
        .contains(table);
  }

  private static Stream<DynamicTest> run(List<Case> cases) {
    count(cases);
    return cases.stream().map(Case::test);
  }

  private static void count(List<Case> cases) {
    String category = cases.get(0).category;
    assertThat(cases)
        .as("every case of a table is of its category")
        .allMatch(c -> c.category.equals(category));
    assertThat(cases)
        .as("a category has attacks and positive controls")
        .anyMatch(c -> c.control)
        .anyMatch(c -> !c.control);
    COUNTS.put(
        category,
        new int[] {
          (int) cases.stream().filter(c -> !c.control).count(),
          (int) cases.stream().filter(c -> c.control).count()
        });
  }
}
