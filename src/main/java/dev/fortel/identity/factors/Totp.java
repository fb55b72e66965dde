package dev.fortel.identity.factors;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * TOTP as every common authenticator app speaks it (RFC 6238): HMAC-SHA-1, six digits, 30-second steps,
 * a 160-bit secret shown in Base32. A code is accepted for the current step and one step either side
 * (clocks drift; people type slowly), and {@link #matchingStep} returns the step it matched so that the
 * caller can refuse a second use of that step or any earlier one.
 */
public final class Totp {

    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;
    /** 160 bits: RFC 4226's recommended length for HMAC-SHA-1 secrets. */
    static final int SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {}

    /** A fresh random secret. */
    public static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The secret as people type it into an app: Base32, no padding, in groups of four for reading aloud. */
    public static String base32(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    /** The secret grouped in fours ({@code ABCD EFGH ...}), for typing by hand. */
    public static String grouped(byte[] secret) {
        String plain = base32(secret);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < plain.length(); i += 4) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(plain, i, Math.min(plain.length(), i + 4));
        }
        return out.toString();
    }

    /**
     * The {@code otpauth://} URI an app scans (Google Authenticator's key URI format, which the other apps follow).
     *
     * @param issuer shown as the account's provider in the app
     * @param account the login, shown under the issuer
     */
    public static String keyUri(String issuer, String account, byte[] secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    private static String encode(String s) {
        // URI path and query encoding: spaces as %20, which every app reads (a '+' would show literally in some).
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The time step an instant falls in. */
    public static long stepOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP.toSeconds());
    }

    /** The code for one time step. */
    public static String codeAt(byte[] secret, long step) {
        try {
            return generator().generateOneTimePasswordString(key(secret), Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("An HMAC-SHA-1 key of " + secret.length + " bytes was refused", e);
        }
    }

    /**
     * The step {@code code} is valid for, among the current step and one either side (the current one
     * first), or empty when it is valid for none. Anything but exactly six digits never matches. Every
     * candidate is computed and compared in constant time, so the answer takes as long whichever matched.
     */
    public static OptionalLong matchingStep(byte[] secret, String code, Instant now) {
        String typed = code.strip();
        if (typed.length() != DIGITS || !typed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long current = stepOf(now);
        long found = Long.MIN_VALUE;
        for (long step : new long[] {current, current - 1, current + 1}) {
            boolean same = java.security.MessageDigest.isEqual(codeAt(secret, step).getBytes(StandardCharsets.US_ASCII),
                    typed.getBytes(StandardCharsets.US_ASCII));
            if (same && found == Long.MIN_VALUE) {
                found = step;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    private static TimeBasedOneTimePasswordGenerator generator() {
        return new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    }

    private static SecretKeySpec key(byte[] secret) {
        return new SecretKeySpec(secret, "HmacSHA1");
    }
}
