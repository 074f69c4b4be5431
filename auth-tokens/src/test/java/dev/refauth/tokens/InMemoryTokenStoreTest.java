package dev.refauth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-memory store's external logins, as the JDBC stores' contract checks theirs. */
final class InMemoryTokenStoreTest {
  static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");

  @Test
  void anExternalLogout_endsTheFamiliesOfItsSessionOrSubject_andNoOthers() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    for (String id : List.of("kc-1", "kc-2", "password")) {
      store.createFamily(
          new TokenStore.Family(id, "bob", Optional.empty(), T0, T0.plus(Duration.ofDays(1))),
          "h-" + id,
          T0);
      store.createSession(
          new TokenStore.Session(
              "s-" + id, "bob", Optional.empty(), id, T0, T0.plus(Duration.ofHours(1)), T0));
    }
    store.linkExternal("kc-1", "keycloak", "sub-bob", Optional.of("sid-1"));
    store.linkExternal("kc-2", "keycloak", "sub-bob", Optional.empty());
    assertThat(store.externalProvider("kc-2")).contains("keycloak");
    assertThat(store.externalProvider("password")).isEmpty();
    assertThat(store.revokeExternal("sid-1")).containsExactly("bob");
    assertThat(store.isFamilyActive("kc-1", T0)).isFalse();
    assertThat(store.touchSession("s-kc-1", T0, Duration.ofMinutes(30))).isEmpty();
    assertThat(store.isFamilyActive("kc-2", T0)).isTrue();
    assertThat(store.revokeExternal("sub-bob")).containsExactly("bob");
    assertThat(store.isFamilyActive("kc-2", T0)).isFalse();
    assertThat(store.isFamilyActive("password", T0)).isTrue();
    assertThat(store.touchSession("s-password", T0, Duration.ofMinutes(30))).isPresent();
  }

  @Test
  void whatALoginKeeps_opensForThatLoginOnly_andUnderThatKeyOnly() {
    JwtCodec codec = JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.ES256)).build();
    String box = SignIns.sealKept(codec, "fam-a", "provider tokens");
    assertThat(box).startsWith("v1.").doesNotContain("provider tokens");
    assertThat(SignIns.openKept(codec, "fam-a", box)).contains("provider tokens");
    // copied into another login's row (someone who can write the database): it opens for nobody
    assertThat(SignIns.openKept(codec, "fam-b", box)).isEmpty();
    JwtCodec rotated = JwtCodec.builder(TokenKeys.generate(SigningAlgorithm.ES256)).build();
    assertThat(SignIns.openKept(rotated, "fam-a", box)).isEmpty();
    assertThat(SignIns.openKept(codec, "fam-a", box.substring(0, box.length() - 2) + "AA"))
        .isEmpty();
  }

  @Test
  void anOutsizedValue_isNotKept_theLoginStays() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    store.createFamily(
        new TokenStore.Family("f", "bob", Optional.empty(), T0, T0.plus(Duration.ofDays(1))),
        "h",
        T0);
    assertThat(SignIns.keep(store, "f", "x".repeat(TokenStore.KEPT_MAX + 1))).isFalse();
    assertThat(store.kept("f")).isEmpty();
    assertThat(SignIns.keep(store, "f", "x".repeat(TokenStore.KEPT_MAX))).isTrue();
    assertThat(store.kept("f")).isPresent();
    assertThat(store.isFamilyActive("f", T0)).isTrue();
  }
}
