package dev.refauth.core;

import dev.refauth.core.internal.Checks;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Refine's {@code successNotification}: a message and an optional description. */
public final class Notification {
  private final String message;
  private final @Nullable String description;

  private Notification(String message, @Nullable String description) {
    this.message = Checks.notBlank(message, "message");
    this.description = description;
  }

  public static Notification of(String message) {
    return new Notification(message, null);
  }

  public static Notification of(String message, String description) {
    return new Notification(message, Checks.notNull(description, "description"));
  }

  public String message() {
    return message;
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Notification n
        && n.message.equals(message)
        && Objects.equals(n.description, description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(message, description);
  }

  @Override
  public String toString() {
    return "Notification[" + message + (description == null ? "" : ": " + description) + "]";
  }
}
