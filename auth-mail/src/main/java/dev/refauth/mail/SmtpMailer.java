package dev.refauth.mail;

import dev.refauth.accounts.Mailer;
import dev.refauth.core.AuthException;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * {@link Mailer} over SMTP with Jakarta Mail (Eclipse Angus). STARTTLS is required unless turned off for a
 * local relay; credentials are never logged.
 */
public final class SmtpMailer implements Mailer {
  private final Session session;
  private final InternetAddress from;

  private SmtpMailer(Session session, InternetAddress from) {
    this.session = session;
    this.from = from;
  }

  /**
   * @param host the SMTP server
   * @param port its port (587 for submission with STARTTLS)
   * @param from the sender address
   * @param username login, or null for none
   * @param password login password, or null
   * @param startTls whether STARTTLS is required (turn off only for a local relay or a test server)
   * @throws AuthException if {@code from} is not an address
   */
  public static SmtpMailer create(
      String host,
      int port,
      String from,
      @Nullable String username,
      @Nullable String password,
      boolean startTls) {
    Properties p = new Properties();
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", String.valueOf(port));
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "10000");
    p.put("mail.smtp.writetimeout", "10000");
    p.put("mail.smtp.starttls.enable", String.valueOf(startTls));
    p.put("mail.smtp.starttls.required", String.valueOf(startTls));
    Authenticator auth = null;
    if (username != null) {
      p.put("mail.smtp.auth", "true");
      auth =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(username, password);
            }
          };
    }
    try {
      return new SmtpMailer(Session.getInstance(p, auth), new InternetAddress(from, true));
    } catch (MessagingException e) {
      throw new AuthException("the sender address is not valid", e);
    }
  }

  /**
   * Over a mail session the application server configured (looked up by JNDI name, as {@code mail/refauth}), which
   * holds the SMTP host, port and credentials.
   *
   * @throws AuthException if {@code from} is not an address
   */
  public static SmtpMailer of(Session session, String from) {
    try {
      return new SmtpMailer(session, new InternetAddress(from, true));
    } catch (MessagingException e) {
      throw new AuthException("the sender address is not valid", e);
    }
  }

  @Override
  public void send(Mail mail) {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(from);
      m.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
      m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
      m.setText(mail.text(), StandardCharsets.UTF_8.name());
      Transport.send(m);
    } catch (MessagingException e) {
      throw new AuthException(
          "mail '" + mail.subject() + "' could not be sent: " + e.getClass().getSimpleName(), e);
    }
  }
}
