package dev.refauth.core.spi;

import java.util.Optional;

/**
 * A person as a social login provider asserted them, after every protocol check passed. The key is
 * {@code (issuer, subject)}: the email is a hint for linking, never an identifier.
 *
 * @param provider the configured provider's name ({@code google})
 * @param issuer the provider's issuer ({@code https://accounts.google.com}; {@code https://github.com} for GitHub)
 * @param subject the provider's stable id of the person ({@code sub}; GitHub's numeric user id)
 * @param email the address the provider gave, if any
 * @param emailVerified whether the provider asserts that the person controls {@code email}
 * @param name a display name, if any
 * @param avatar a picture URL, if any
 * @param sessionId the provider's session ({@code sid} of the ID token), if it names one: its back-channel logout
 *     names it
 */
public record ExternalIdentity(
    String provider,
    String issuer,
    String subject,
    Optional<String> email,
    boolean emailVerified,
    Optional<String> name,
    Optional<String> avatar,
    Optional<String> sessionId) {

  /** A person without a provider session id. */
  public ExternalIdentity(
      String provider,
      String issuer,
      String subject,
      Optional<String> email,
      boolean emailVerified,
      Optional<String> name,
      Optional<String> avatar) {
    this(provider, issuer, subject, email, emailVerified, name, avatar, Optional.empty());
  }

  public ExternalIdentity {
    if (provider == null
        || issuer == null
        || subject == null
        || subject.isEmpty()
        || subject.length() > 255) {
      throw new IllegalArgumentException(
          "provider, issuer and a subject of 1 to 255 characters are required");
    }
    email = email.filter(e -> !e.isBlank());
    sessionId = sessionId.filter(s -> !s.isBlank() && s.length() <= 255);
    emailVerified = emailVerified && email.isPresent();
  }

  /** The email, only when the provider asserts it verified. */
  public Optional<String> verifiedEmail() {
    return emailVerified ? email : Optional.empty();
  }
}
