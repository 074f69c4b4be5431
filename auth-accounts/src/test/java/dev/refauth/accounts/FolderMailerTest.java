package dev.refauth.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Development mail holds live links: only its owner may read it (found by an outside look: the files were 0644). */
final class FolderMailerTest {
  @TempDir Path dir;

  @Test
  void theFolderAndEachMail_areTheOwnersOnly() throws Exception {
    Path folder = dir.resolve("mail");
    FolderMailer mailer = new FolderMailer(folder);
    mailer.send(new Mailer.Mail("a@example.com", "Reset your password", "https://x/reset?token=t"));
    mailer.send(new Mailer.Mail("a@example.com", "Reset your password", "https://x/reset?token=u"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
        .isEqualTo("rwx------");
    List<Path> mails;
    try (Stream<Path> files = Files.list(folder)) {
      mails = files.toList();
    }
    assertThat(mails).hasSize(2);
    for (Path m : mails) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(m)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(m)).startsWith("To: a@example.com\nSubject: Reset your password");
    }
  }
}
