package dev.refauth.it.misuse;

import dev.refauth.cdi.UserMapping;
import dev.refauth.core.Authentication;
import jakarta.enterprise.context.ApplicationScoped;

/** Makes a {@link Badge} of the caller. */
@ApplicationScoped
public class Badges implements UserMapping<Badge> {
  @Override
  public Badge from(Authentication caller) {
    return new Badge(caller.identity().name().orElse("?"));
  }
}
