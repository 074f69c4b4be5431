package dev.refauth.accounts;

import dev.refauth.core.AuthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Development mail: each message becomes a text file in a folder (newest last by name) and a log line, so
 * a developer can open the reset link without a mail server. Never for production: the files hold links.
 */
public final class FolderMailer implements Mailer {
  private static final System.Logger LOG = System.getLogger(FolderMailer.class.getName());
  private final Path folder;
  private final AtomicLong sequence = new AtomicLong();

  public FolderMailer(Path folder) {
    this.folder = folder;
  }

  @Override
  public void send(Mail mail) {
    try {
      Files.createDirectories(folder);
      String name =
          String.format(
              "%d-%04d-%s.txt",
              System.currentTimeMillis(),
              sequence.incrementAndGet() % 10000,
              mail.to().replaceAll("[^a-zA-Z0-9@.-]", "_"));
      Path file = folder.resolve(name);
      Files.writeString(
          file,
          "To: " + mail.to() + "\nSubject: " + mail.subject() + "\n\n" + mail.text() + "\n",
          StandardCharsets.UTF_8);
      LOG.log(
          System.Logger.Level.INFO,
          "development mail to " + mail.to() + " (" + mail.subject() + ") written to " + file);
    } catch (IOException e) {
      throw new AuthException("cannot write development mail into " + folder, e);
    }
  }

  public Path folder() {
    return folder;
  }
}
