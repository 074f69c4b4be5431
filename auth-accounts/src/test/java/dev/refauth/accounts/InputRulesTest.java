package dev.refauth.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a password and a display name may be made of (found by an outside look: both took broken text). */
final class InputRulesTest {
  @Test
  void aPasswordWithHalfACharacter_isRefused_wholeOnesAreNot() {
    assertThat(PasswordPolicy.problem("long-enough-\ud800-password")).isPresent();
    assertThat(PasswordPolicy.problem("long-enough-\udc00-password")).isPresent();
    // controls: a whole character outside the BMP (a surrogate pair), and plain non-ASCII
    assertThat(PasswordPolicy.problem("long-enough-\ud83d\ude00-password")).isEmpty();
    assertThat(PasswordPolicy.problem("lönger-pässwörd-ß")).isEmpty();
  }

  @Test
  void aNameWithControlOrFormatCharacters_isRefused_ordinaryNamesAreNot() {
    for (String bad :
        new String[] {
          "Ada\u0000", "Ada\nAdmin", "Ada\u202eNIMDA", "Ad\u200ba", "Ada\ud800", "x".repeat(101)
        }) {
      assertThat(Registration.displayable(bad)).as(bad).isFalse();
    }
    for (String good : new String[] {"Zoë Ångström", "李小龍", "O'Brien-Smith", "Ada \ud83d\ude00"}) {
      assertThat(Registration.displayable(good)).as(good).isTrue();
    }
  }
}
