package dev.refauth.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.inject.Inject;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * The application's own user type on Weld with chosen beans: made per request from the caller the filter decided, and
 * refused at deployment wherever it would outlive the request, when two mappings make it, or when it is a bean itself.
 */
final class UserMappingsTest {

  public record AppUser(String id, boolean admin) {}

  @ApplicationScoped
  public static class AppUsers implements UserMapping<AppUser> {
    @Override
    public AppUser from(Authentication caller) {
      return new AppUser(caller.identity().id(), caller.permissions().implies("admin"));
    }
  }

  @ApplicationScoped
  public static class OtherAppUsers implements UserMapping<AppUser> {
    @Override
    public AppUser from(Authentication caller) {
      return new AppUser("other", false);
    }
  }

  @RequestScoped
  public static class PerRequest {
    @Inject AppUser user;

    AppUser user() {
      return user; // through the client proxy: a field read would be the proxy's own
    }
  }

  @ApplicationScoped
  public static class Singleton {
    @Inject AppUser user;
  }

  /** A user type that is an interface: proxied, one per request. */
  public interface Member {
    String id();
  }

  @ApplicationScoped
  public static class Members implements UserMapping<Member> {
    @Override
    public Member from(Authentication caller) {
      String id = caller.identity().id();
      return () -> id;
    }
  }

  @ApplicationScoped
  public static class LongLived {
    @Inject Member member;

    String memberId() {
      return member.id();
    }
  }

  /** A long-lived bean that checks who calls, the safe way. */
  @ApplicationScoped
  public static class Timer {
    @Inject Caller caller;

    boolean anyone() {
      return caller.isAuthenticated();
    }
  }

  @jakarta.inject.Singleton
  public static class SingletonWithIdentity {
    @Inject Identity identity;
  }

  /** An observer's parameters are resolved for each event: the caller's identity is fine there. */
  @ApplicationScoped
  public static class Listener {
    void on(@jakarta.enterprise.event.Observes String event, Permissions permissions) {}
  }

  @ApplicationScoped
  public static class GenericUsers implements UserMapping<java.util.List<String>> {
    @Override
    public java.util.List<String> from(Authentication caller) {
      return java.util.List.of(caller.identity().id());
    }
  }

  /** A user type that is a bean of its own. */
  @ApplicationScoped
  public static class Profile {}

  @ApplicationScoped
  public static class Profiles implements UserMapping<Profile> {
    @Override
    public Profile from(Authentication caller) {
      return new Profile();
    }
  }

  private static WeldContainer start(Class<?>... beans) {
    return new Weld()
        .disableDiscovery()
        .addBeanClasses(Caller.class, CallerProducers.class, ServletRequests.class)
        .addBeanClasses(beans)
        .addExtensions(new UserMappings(), new InjectionRules())
        .initialize();
  }

  private static Authentication caller(String id, String... permissions) {
    return Authentication.of(Identity.of(id), Permissions.of(permissions));
  }

  @Test
  void madeForEachRequest_fromThatRequestsCaller() {
    try (WeldContainer weld = start(AppUsers.class, PerRequest.class)) {
      RequestContextController requests = weld.select(RequestContextController.class).get();
      for (String id : new String[] {"ada", "bob", "ada"}) {
        ServletRequests.current = caller(id, id.equals("ada") ? "admin" : "posts:read");
        requests.activate();
        try {
          assertThat(weld.select(PerRequest.class).get().user())
              .isEqualTo(new AppUser(id, id.equals("ada")));
        } finally {
          requests.deactivate();
        }
      }
    }
  }

  @Test
  void anInterface_isRequestScoped_andGoesIntoABeanThatOutlivesTheRequest() {
    try (WeldContainer weld = start(Members.class, LongLived.class)) {
      RequestContextController requests = weld.select(RequestContextController.class).get();
      LongLived bean = weld.select(LongLived.class).get();
      for (String id : new String[] {"ada", "bob", "ada"}) {
        ServletRequests.current = caller(id);
        requests.activate();
        try {
          assertThat(bean.memberId()).as("the current request's, through the proxy").isEqualTo(id);
        } finally {
          requests.deactivate();
        }
      }
    }
  }

  @Test
  void outsideAServletRequest_nobodyCalls() {
    try (WeldContainer weld = start(Timer.class)) {
      RequestContextController requests = weld.select(RequestContextController.class).get();
      ServletRequests.current = caller("ada", "admin");
      requests.activate();
      try {
        Timer timer = weld.select(Timer.class).get();
        assertThat(timer.anyone()).as("control: in a web request").isTrue();
        ServletRequests.outsideWeb = true;
        assertThat(timer.anyone()).as("a timer, an asynchronous method").isFalse();
      } finally {
        ServletRequests.outsideWeb = false;
        requests.deactivate();
      }
    }
  }

  @Test
  void aSingleton_cannotHoldTheCaller_anObserversParameterCan() {
    assertThatThrownBy(() -> start(SingletonWithIdentity.class).close())
        .hasMessageContaining("a singleton serves many requests");
    start(Listener.class).close();
  }

  @Test
  void aGenericUserType_failsTheDeployment() {
    assertThatThrownBy(() -> start(GenericUsers.class).close())
        .hasMessageContaining("a UserMapping makes a plain class, record or interface");
  }

  @Test
  void noCaller_noUser() {
    try (WeldContainer weld = start(AppUsers.class, PerRequest.class)) {
      RequestContextController requests = weld.select(RequestContextController.class).get();
      ServletRequests.current = null;
      requests.activate();
      try {
        assertThatThrownBy(() -> weld.select(PerRequest.class).get().user())
            .hasStackTraceContaining("no caller on this request");
      } finally {
        requests.deactivate();
      }
    }
  }

  @Test
  void inABeanThatOutlivesTheRequest_theDeploymentFails_namingTheInjectionPoint() {
    assertThatThrownBy(() -> start(AppUsers.class, Singleton.class).close())
        .hasMessageContaining(
            "@Inject AppUser in dev.refauth.cdi.UserMappingsTest$Singleton.user: a @ApplicationScoped"
                + " bean outlives the request");
    // control: the same bean without the mapping injects nothing of the caller's and is no concern
    // of the rules (it fails only for the missing AppUser bean, as any unsatisfied injection)
    assertThatThrownBy(() -> start(Singleton.class).close())
        .hasMessageNotContaining("outlives the request");
  }

  @Test
  void twoMappings_orAUserTypeThatIsABean_failTheDeployment() {
    assertThatThrownBy(() -> start(AppUsers.class, OtherAppUsers.class).close())
        .hasMessageContaining("two UserMappings make dev.refauth.cdi.UserMappingsTest$AppUser");
    assertThatThrownBy(() -> start(Profile.class, Profiles.class).close())
        .hasMessageContaining(
            "dev.refauth.cdi.UserMappingsTest$Profile is made by a UserMapping and is a bean too");
  }
}
