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
 * Recovery codes: ten single-use codes shown once at enrolment, for a lost authenticator. Each has 117 random bits
 * (24 symbols of 30), written {@code xxxxxx-xxxxxx-xxxxxx-xxxxxx} in an alphabet without look-alikes; stored only as
 * a digest ({@link #digest}), which a code typed in any case, with or without the dashes or spaces, matches. At 112
 * bits or more a standard hash is enough (ASVS 5.0 6.5.2: below that, a salted password hash would be needed): nobody
 * who reads the digests finds a code by trying.
 */
public final class RecoveryCodes {
  /** How many codes a set has. */
  public static final int COUNT = 10;

  private static final int GROUPS = 4;
  private static final int GROUP = 6;

  // 30 symbols: digits and lower-case letters without the look-alikes 0/o, 1/l/i, and u
  private static final char[] ALPHABET = "23456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private RecoveryCodes() {}

  /** A new set of {@value #COUNT} distinct codes. */
  public static List<String> generate(SecureRandom random) {
    Set<String> codes = new LinkedHashSet<>();
    while (codes.size() < COUNT) {
      StringBuilder b = new StringBuilder(GROUPS * (GROUP + 1));
      for (int i = 0; i < GROUPS * GROUP; i++) {
        if (i > 0 && i % GROUP == 0) {
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
