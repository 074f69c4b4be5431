package dev.refauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refauth.core.GuardSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The init-param table in the filter's javadoc names every setting the guard reads, and no other. */
final class SettingsTableTest {
  @Test
  void theJavadocTable_matchesTheCode() throws Exception {
    String source =
        Files.readString(Path.of("src/main/java/dev/refauth/servlet/AuthenticatedFilter.java"));
    String table =
        source.substring(
            source.indexOf("<caption>init-params</caption>"), source.indexOf("</table>"));
    Set<String> documented = new HashSet<>();
    Matcher m = Pattern.compile("<tr><td>\\{@value #(\\w+)}").matcher(table);
    while (m.find()) {
      documented.add((String) AuthenticatedFilter.class.getField(m.group(1)).get(null));
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(GuardSettings.names());
  }
}
