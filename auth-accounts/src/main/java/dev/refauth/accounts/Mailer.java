package dev.refauth.accounts;

/** Sends mail: SMTP in production ({@code auth-mail}), a folder in development ({@link FolderMailer}). */
public interface Mailer {

  /** One plain-text message. */
  record Mail(String to, String subject, String text) {
    /** Never shows the text: it may hold a reset link. */
    @Override
    public String toString() {
      return "Mail[to=" + to + ", subject=" + subject + "]";
    }
  }

  /**
   * Sends one message.
   *
   * @throws dev.refauth.core.AuthException when the mail cannot be handed over (the caller logs it; the
   *     user's answer does not change)
   */
  void send(Mail mail);
}
