package dev.refauth.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The sample's development mail folder ({@code <data>/mail}), read by the tests. */
final class DevMailbox {
  private DevMailbox() {}

  /** Waits up to 10 s for a mail whose text contains {@code to} and has this subject, and returns its text. */
  static String await(Path data, String to, String subject) throws Exception {
    Path folder = data.resolve("mail");
    for (int i = 0; i < 100; i++) {
      if (Files.isDirectory(folder)) {
        try (Stream<Path> files = Files.list(folder)) {
          for (Path f : files.sorted().toList()) {
            String text = Files.readString(f);
            if (text.contains("Subject: " + subject) && text.contains(to)) {
              return text;
            }
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no mail '" + subject + "' to " + to + " in " + folder);
  }
}
