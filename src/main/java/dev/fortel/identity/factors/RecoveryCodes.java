package dev.fortel.identity.factors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Recovery codes: {@value #COUNT} single-use codes of 80 random bits each, written as four groups of four
 * characters from an alphabet without look-alikes ({@code 0/o}, {@code 1/l/i}). They are stored as SHA-256:
 * 80 bits cannot be found by trying, so a slow hash would only make every sign-in slower.
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;
    /** Below this many unused codes, the person is warned to make new ones. */
    public static final int FEW = 3;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {}

    /** A fresh set, as shown to the person once. */
    public static List<String> generate() {
        List<String> out = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < LENGTH; c++) {
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            out.add(code.toString());
        }
        return out;
    }

    /** Whether typed text has the shape of a recovery code (so it is not tried as a six-digit code). */
    public static boolean looksLikeOne(String typed) {
        return normalize(typed).length() == LENGTH;
    }

    /** What is hashed: without dashes, spaces or case, as people copy codes in many ways. */
    static String normalize(String typed) {
        return typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    public static String hash(String typed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalize(typed).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
