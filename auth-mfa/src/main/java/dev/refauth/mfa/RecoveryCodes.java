package dev.refauth.mfa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recovery codes: ten single-use codes shown once at enrolment, for a lost authenticator. Each has 49 random bits (ten
 * symbols of 30), written {@code xxxxx-xxxxx} in an alphabet without look-alikes; stored only as a digest ({@link #digest}), which a
 * code typed in any case, with or without the dash or spaces, matches. 49 bits against an online guess throttled per
 * account is out of reach, and an offline guess needs the digest and about 2^45 tries on average for one of the ten
 * codes of one account: a digest is enough, no password hash is needed.
 */
public final class RecoveryCodes {
  /** How many codes a set has. */
  public static final int COUNT = 10;

  // 30 symbols: digits and lower-case letters without the look-alikes 0/o, 1/l/i, and u
  private static final char[] ALPHABET = "23456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private RecoveryCodes() {}

  /** A new set of {@value #COUNT} distinct codes. */
  public static List<String> generate(SecureRandom random) {
    Set<String> codes = new LinkedHashSet<>();
    while (codes.size() < COUNT) {
      StringBuilder b = new StringBuilder(11);
      for (int i = 0; i < 10; i++) {
        if (i == 5) {
          b.append('-');
        }
        b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
      }
      codes.add(b.toString());
    }
    return List.copyOf(codes);
  }

  /** The stored form of {@code code}: SHA-256 of the code without dashes and spaces, in lower case, as hex. */
  public static String digest(String code) {
    String normal = code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(normal.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
