package dev.refauth.it.misuse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** One instance for the whole application: an injected {@link Badge} would be its first caller's forever. */
@ApplicationScoped
public class BadgeInAnApplicationBean {
  @Inject Badge badge;

  public String name() {
    return badge.name();
  }
}
