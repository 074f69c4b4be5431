package dev.refauth.standard;

import dev.refauth.accounts.FolderMailer;
import dev.refauth.accounts.Mailer;
import dev.refauth.core.AuthException;
import dev.refauth.core.AuthSettings;
import dev.refauth.mail.SmtpMailer;
import jakarta.mail.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The mailer from the {@code mail.*} settings: the server's mail session, SMTP, or a development folder. */
final class Mailers {
  static final Set<String> SETTINGS =
      Set.of(
          "mail.session",
          "mail.from",
          "mail.folder",
          "mail.smtp.host",
          "mail.smtp.port",
          "mail.smtp.user",
          "mail.smtp.password",
          "mail.smtp.startTls");

  private Mailers() {}

  /**
   * @throws AuthException when none or more than one way is set, or one is incomplete, naming the settings
   */
  static Mailer from(AuthSettings s) {
    Optional<String> session = s.get("mail.session");
    Optional<String> host = s.get("mail.smtp.host");
    Optional<String> folder = s.get("mail.folder");
    long ways = List.of(session, host, folder).stream().filter(Optional::isPresent).count();
    if (ways != 1) {
      throw new AuthException(
          (ways == 0
                  ? "accounts send mail (reset links, notices): set one of '"
                  : "set only one of '")
              + s.fullName("mail.session")
              + "' (the server's jakarta.mail.Session by JNDI name), '"
              + s.fullName("mail.smtp.host")
              + "' (SMTP) or '"
              + s.fullName("mail.folder")
              + "' (development: each mail a file)");
    }
    if (folder.isPresent()) {
      SettingRules.noneSet(
          s,
          SETTINGS,
          k -> !k.equals("mail.folder"),
          "has no use with '" + s.fullName("mail.folder") + "'");
      return new FolderMailer(Path.of(folder.get()));
    }
    String from = s.require("mail.from");
    if (session.isPresent()) {
      SettingRules.noneSet(
          s,
          SETTINGS,
          k -> k.startsWith("mail.smtp."),
          "has no use with '" + s.fullName("mail.session") + "': the server's session has its own");
      return SmtpMailer.of(
          Jndi.lookup(
              s,
              "mail.session",
              Session.class,
              "declare it with <resource-ref> or <mail-session> in web.xml"),
          from);
    }
    Optional<String> user = s.get("mail.smtp.user");
    Optional<String> password = s.get("mail.smtp.password");
    if (user.isPresent() != password.isPresent()) {
      throw new AuthException(
          "settings '"
              + s.fullName("mail.smtp.user")
              + "' and '"
              + s.fullName("mail.smtp.password")
              + "' go together");
    }
    boolean startTls = s.bool("mail.smtp.startTls", true);
    if (user.isPresent() && !startTls && !isLoopback(host.get())) {
      throw new AuthException(
          "settings '"
              + s.fullName("mail.smtp.user")
              + "' and '"
              + s.fullName("mail.smtp.startTls")
              + "=false' contradict each other: the password would cross the network in clear");
    }
    return SmtpMailer.create(
        host.get(),
        s.integer("mail.smtp.port", 587, 1, 65_535),
        from,
        user.orElse(null),
        password.orElse(null),
        startTls);
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
  }
}
