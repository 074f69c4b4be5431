package dev.refauth.accounts;

import java.time.Duration;

/**
 * What the mails of {@link Accounts} say: give your own (another language, your product's name) to
 * {@link Accounts.Builder#mailTexts}. Each method gets the absolute links it may show; the links are built from the
 * configured public base URL and paths, never from the request.
 */
public interface MailTexts {

  /** A subject and a plain-text body. */
  record Text(String subject, String body) {}

  /** A new account was created by sign-up. */
  Text welcome(String signInLink);

  /** Someone tried to sign up with an address that already has an account (sent at most once an hour). */
  Text registrationAttempt(String signInLink, String forgotPasswordLink);

  /** A password reset was asked for: the single-use link, and how long it works. */
  Text resetLink(String resetLink, Duration validFor);

  /** An administrator created the account: the single-use link to choose a password, and how long it works. */
  Text invitation(String choosePasswordLink, Duration validFor);

  /** The password was changed, and every session signed out. */
  Text passwordChanged(String forgotPasswordLink);

  /**
   * The account's second factor changed, or a recovery code was used ({@link dev.refauth.core.AuthEvent.Type}'s
   * {@code SECOND_FACTOR_ADDED}, {@code SECOND_FACTOR_REMOVED}, {@code RECOVERY_CODE_USED}, {@code
   * RECOVERY_CODES_RENEWED}). The default is the English text.
   */
  default Text secondFactorChanged(
      dev.refauth.core.AuthEvent.Type what, String forgotPasswordLink) {
    return English.INSTANCE.secondFactorChanged(what, forgotPasswordLink);
  }

  /** The texts in English. */
  static MailTexts english() {
    return English.INSTANCE;
  }

  /** The default texts. */
  enum English implements MailTexts {
    INSTANCE;

    @Override
    public Text welcome(String signInLink) {
      return new Text(
          "Welcome", "Hello,\n\nyour account is ready. Sign in at " + signInLink + "\n");
    }

    @Override
    public Text registrationAttempt(String signInLink, String forgotPasswordLink) {
      return new Text(
          "Someone tried to register with your address",
          "Hello,\n\nsomeone tried to create an account with this "
              + "address, which already has one. If it was you, sign in at "
              + signInLink
              + " or reset your password at "
              + forgotPasswordLink
              + ". Otherwise you can ignore this message.\n");
    }

    @Override
    public Text resetLink(String resetLink, Duration validFor) {
      return new Text(
          "Reset your password",
          "Hello,\n\nto choose a new password, open "
              + resetLink
              + "\nThe link works once, for "
              + validFor.toMinutes()
              + " minutes. If you did not ask for it, ignore this message.\n");
    }

    @Override
    public Text invitation(String choosePasswordLink, Duration validFor) {
      return new Text(
          "You are invited",
          "Hello,\n\nan administrator created an account for you. Choose your password at "
              + choosePasswordLink
              + "\nThe link works once, for "
              + validFor.toDays()
              + " days; then ask for a new one with \"forgot password\".\n");
    }

    @Override
    public Text secondFactorChanged(
        dev.refauth.core.AuthEvent.Type what, String forgotPasswordLink) {
      String happened =
          switch (what) {
            case SECOND_FACTOR_ADDED -> "a second factor was added to your account";
            case SECOND_FACTOR_REMOVED -> "a second factor was removed from your account";
            case RECOVERY_CODE_USED ->
                "one of your recovery codes was just used to sign in or to"
                    + " change your second factor";
            case RECOVERY_CODES_RENEWED ->
                "new recovery codes were made for your account; the old" + " ones no longer work";
            default -> "the security settings of your account changed";
          };
      return new Text(
          "Your sign-in settings changed",
          "Hello,\n\n"
              + happened
              + ". If it was not you, reset your password now at "
              + forgotPasswordLink
              + " and check your second factor.\n");
    }

    @Override
    public Text passwordChanged(String forgotPasswordLink) {
      return new Text(
          "Your password was changed",
          "Hello,\n\nthe password of your account was just changed, and every session "
              + "was signed out. If it was not you, reset it now at "
              + forgotPasswordLink
              + "\n");
    }
  }
}
