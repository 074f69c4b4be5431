package dev.refauth.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The sample's development mail folder ({@code <data>/mail}), read by the tests. */
public final class DevMailbox {
  private DevMailbox() {}

  /** Waits up to 10 s for a mail whose text contains {@code to} and has this subject, and returns its text. */
  public static String await(Path data, String to, String subject) throws Exception {
    return await(data, to, subject, new java.util.HashSet<>());
  }

  /** As above, skipping the mails in {@code read} and adding the one it returns (for several mails to one person). */
  public static String await(Path data, String to, String subject, java.util.Set<Path> read)
      throws Exception {
    Path folder = data.resolve("mail");
    for (int i = 0; i < 100; i++) {
      if (Files.isDirectory(folder)) {
        try (Stream<Path> files = Files.list(folder)) {
          for (Path f : files.sorted().toList()) {
            String text = Files.readString(f);
            if (!read.contains(f) && text.contains("Subject: " + subject) && text.contains(to)) {
              read.add(f);
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
