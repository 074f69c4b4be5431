package dev.refauth.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.Permissions;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on CDI beans, checked with refauth's caller. */
final class RolesOnBeansTest {
  static final AtomicInteger RAN = new AtomicInteger();

  @ApplicationScoped
  @RolesAllowed("reports:read")
  public static class Reports {
    public String read() {
      RAN.incrementAndGet();
      return "read";
    }

    @RolesAllowed("reports:write")
    public String write() {
      RAN.incrementAndGet();
      return "written";
    }

    @PermitAll
    public String open() {
      RAN.incrementAndGet();
      return "open";
    }

    @DenyAll
    public String closed() {
      RAN.incrementAndGet();
      return "closed";
    }
  }

  /** No class rule: only the annotated method is guarded. */
  @ApplicationScoped
  public static class Mixed {
    public String free() {
      return "free";
    }

    @RolesAllowed("admin")
    public String admin() {
      RAN.incrementAndGet();
      return "admin";
    }
  }

  /** A guarded base class: not @Inherited, the rule still holds for the methods it declares. */
  @RolesAllowed("admin")
  public abstract static class AdminOps {
    public String wipe() {
      RAN.incrementAndGet();
      return "wiped";
    }
  }

  @ApplicationScoped
  public static class Ops extends AdminOps {}

  /** A guarded bean that also observes events: the container, not a caller, calls the observer. */
  @ApplicationScoped
  @RolesAllowed("admin")
  public static class Audit {
    static final AtomicInteger HEARD = new AtomicInteger();

    void on(@Observes String event) {
      HEARD.incrementAndGet();
    }
  }

  private WeldContainer weld;
  private RequestContextController requests;

  @BeforeEach
  void start() {
    RAN.set(0);
    weld =
        new Weld()
            .disableDiscovery()
            .addBeanClasses(
                Caller.class,
                ServletRequests.class,
                Reports.class,
                Mixed.class,
                Ops.class,
                Audit.class,
                RolesInterceptor.class)
            .addExtensions(new RolesOnBeans())
            .initialize();
    requests = weld.select(RequestContextController.class).get();
  }

  @AfterEach
  void stop() {
    weld.close();
  }

  private <T> T as(Authentication caller, Supplier<T> call) {
    ServletRequests.current = caller;
    requests.activate();
    try {
      return call.get();
    } finally {
      requests.deactivate();
    }
  }

  private static Authentication caller(String... permissions) {
    return Authentication.of(Identity.of("u1"), Permissions.of(permissions));
  }

  @Test
  void theClassRule_theMethodRule_permitAll_denyAll() {
    Reports reports = weld.select(Reports.class).get();
    assertThat(as(caller("reports:read"), reports::read)).isEqualTo("read");
    assertThat(as(caller("reports:*"), reports::write))
        .as("a wildcard implies")
        .isEqualTo("written");
    assertThat(as(caller(), reports::open)).isEqualTo("open");
    assertThat(as(null, reports::open)).as("PermitAll lets nobody in too").isEqualTo("open");
    assertThat(RAN).hasValue(4);

    assertThatThrownBy(() -> as(caller("reports:read"), reports::write))
        .isInstanceOfSatisfying(AccessDenied.class, e -> assertThat(e.signedIn()).isTrue());
    assertThatThrownBy(() -> as(caller("posts:read"), reports::read))
        .isInstanceOf(AccessDenied.class);
    assertThatThrownBy(() -> as(null, reports::read))
        .isInstanceOfSatisfying(AccessDenied.class, e -> assertThat(e.signedIn()).isFalse());
    assertThatThrownBy(() -> as(caller("*"), reports::closed)).isInstanceOf(AccessDenied.class);
    assertThat(RAN).as("no refused method ran").hasValue(4);
  }

  @Test
  void aSubclassOfAGuardedClass_isGuardedForTheMethodsThatClassDeclares() {
    Ops ops = weld.select(Ops.class).get();
    assertThatThrownBy(() -> as(caller("posts:read"), ops::wipe)).isInstanceOf(AccessDenied.class);
    assertThat(RAN).hasValue(0);
    assertThat(as(caller("admin"), ops::wipe)).isEqualTo("wiped");
  }

  @Test
  void anObserverOfAGuardedBean_hearsEvents_whoeverCalls() {
    Audit.HEARD.set(0);
    as(
        caller("posts:read"),
        () -> {
          weld.event().select(String.class).fire("signed in");
          return null;
        });
    weld.event().select(String.class).fire("from a background thread, nobody signed in");
    assertThat(Audit.HEARD).hasValue(2);
  }

  @Test
  void aMethodRuleAlone_guardsOnlyThatMethod() {
    Mixed mixed = weld.select(Mixed.class).get();
    assertThat(as(null, mixed::free)).isEqualTo("free");
    assertThatThrownBy(() -> as(caller("posts:read"), mixed::admin))
        .isInstanceOf(AccessDenied.class);
    assertThat(as(caller("admin"), mixed::admin)).isEqualTo("admin");
  }
}
