package dev.refauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class PermissionTest {

  @ParameterizedTest(name = "{0} implies {1}: {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "*; posts:read; true",
        "*; admin; true",
        "posts:*; posts:read; true",
        "posts:*; posts; true",
        "posts; posts:read; true",
        "posts; posts:read:42; true",
        "posts:read; posts:read; true",
        "posts:read; posts:write; false",
        "posts:read; posts; false",
        "posts:read; posts:*; false",
        "posts:read,write; posts:write; true",
        "posts:read,write; posts:read,write; true",
        "posts:read; posts:read,write; false",
        "posts:*:42; posts:edit:42; true",
        "posts:*:42; posts:edit:43; false",
        "posts:*; users:read; false",
        "admin; administrator; false",
        "Admin; admin; false",
        "posts:read:*; posts:read; true",
      })
  void implies_table(String granted, String required, boolean expected) {
    assertThat(Permission.parse(granted).implies(Permission.parse(required))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":",
        "posts:",
        ":read",
        "posts::read",
        "posts:re*",
        "posts:*,read",
        "po sts",
        "posts:read,",
        "perm\u0000",
        "p\u0131"
      })
  void parse_malformed(String bad) {
    assertThatThrownBy(() -> Permission.parse(bad)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"admin", "posts:read", "posts:*", "*", "a.b/c-d_e:x,y:1"})
  void parse_wellFormed(String good) {
    assertThat(Permission.parse(good).toString()).isEqualTo(good);
  }

  @org.junit.jupiter.api.Test
  void permissions_anyAll() {
    Permissions p = Permissions.of("posts:read", "users:*");
    var read = Permission.parse("posts:read");
    var write = Permission.parse("posts:write");
    var manage = Permission.parse("users:manage");
    assertThat(p.impliesAll(java.util.List.of(read, manage))).isTrue();
    assertThat(p.impliesAll(java.util.List.of(read, write))).isFalse();
    assertThat(p.impliesAny(java.util.List.of(write, manage))).isTrue();
    assertThat(p.impliesAny(java.util.List.of(write))).isFalse();
    assertThat(p.implies("not valid:*x")).isFalse();
    assertThat(p.contains("posts:read")).isTrue();
    assertThat(p.contains("users:manage")).isFalse();
    assertThat(p.asStrings()).containsExactly("posts:read", "users:*");
    assertThat(Permissions.of("a:b,c", "a:c,b").asSet()).hasSize(1);
    assertThat(Permissions.of("admin", "admin").asStrings()).containsExactly("admin");
  }
}
