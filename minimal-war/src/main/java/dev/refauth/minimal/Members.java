package dev.refauth.minimal;

import dev.refauth.cdi.UserMapping;
import dev.refauth.core.Authentication;
import jakarta.enterprise.context.ApplicationScoped;

/** How a {@link Member} is made from refauth's caller: with it, {@code @Inject Member} works like {@code @Inject Identity}. */
@ApplicationScoped
public class Members implements UserMapping<Member> {
  @Override
  public Member from(Authentication caller) {
    return new Member(
        caller.identity().email().orElse(caller.identity().id()),
        caller.identity().name().orElse(""),
        caller.permissions().implies("reports:read"));
  }
}
