package dev.refauth.accounts;

import dev.refauth.core.AuthException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Development mail: each message becomes a text file in a folder (newest last by name) and a log line, so
 * a developer can open the reset link without a mail server. Never for production: the files hold links (on POSIX
 * file systems the folder it creates and the files are its owner's only).
 */
public final class FolderMailer implements Mailer {
  private static final System.Logger LOG = System.getLogger(FolderMailer.class.getName());
  private final Path folder;
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private final AtomicLong sequence = new AtomicLong();

  public FolderMailer(Path folder) {
    this.folder = folder;
  }

  @Override
  public void send(Mail mail) {
    try {
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(folder, ownerOnly("rwx------"));
      }
      String name =
          String.format(
              "%d-%04d-%s.txt",
              System.currentTimeMillis(),
              sequence.incrementAndGet() % 10000,
              mail.to().replaceAll("[^a-zA-Z0-9@.-]", "_"));
      Path file = folder.resolve(name);
      // the owner's only: the files hold live links (reset, invitation)
      try (SeekableByteChannel out =
          Files.newByteChannel(
              file,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              ownerOnly("rw-------"))) {
        out.write(
            ByteBuffer.wrap(
                ("To: " + mail.to() + "\nSubject: " + mail.subject() + "\n\n" + mail.text() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
      }
      LOG.log(
          System.Logger.Level.INFO,
          "development mail to " + mail.to() + " (" + mail.subject() + ") written to " + file);
    } catch (IOException e) {
      throw new AuthException("cannot write development mail into " + folder, e);
    }
  }

  /** These permissions where the file system has POSIX ones; none asked for elsewhere. */
  private static FileAttribute<?>[] ownerOnly(String permissions) {
    return POSIX
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        }
        : new FileAttribute<?>[0];
  }

  public Path folder() {
    return folder;
  }
}
