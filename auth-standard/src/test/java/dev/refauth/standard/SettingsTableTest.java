package dev.refauth.standard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The settings table in the javadoc names every setting the code reads, and no other: it cannot drift. */
final class SettingsTableTest {
  @Test
  void theJavadocTable_matchesTheCode() throws Exception {
    String source =
        Files.readString(
            Path.of("src/main/java/dev/refauth/standard/StandardProviderFactory.java"));
    String table =
        source.substring(source.indexOf("<caption>settings</caption>"), source.indexOf("</table>"));
    Set<String> documented = new HashSet<>();
    Matcher m =
        Pattern.compile("\\{@code ((?:store|users|jdbc\\.|mail\\.|accounts\\.|events\\.)[\\w.]*)}")
            .matcher(table);
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> read = new HashSet<>(StandardProviderFactory.ACCOUNT_SETTINGS);
    read.addAll(Stores.SETTINGS);
    read.addAll(Mailers.SETTINGS);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(read);
  }
}
