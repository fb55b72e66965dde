package dev.fortel.telephony;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * SIP passwords: generated, never chosen (24 characters from 57 letters and digits without look-alikes, about
 * 140 bits), and the digest hashes a SIP server checks them by: HA1 = H(username ":" realm ":" password) with
 * MD5 (RFC 2617, what every phone speaks) and SHA-256 (RFC 8760).
 */
final class SipPasswords {

    static final int LENGTH = 24;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SipPasswords() {}

    static String generate() {
        StringBuilder out = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    static String ha1Md5(String username, String realm, String password) {
        return digest("MD5", username, realm, password);
    }

    static String ha1Sha256(String username, String realm, String password) {
        return digest("SHA-256", username, realm, password);
    }

    private static String digest(String algorithm, String username, String realm, String password) {
        try {
            byte[] hash = MessageDigest.getInstance(algorithm).digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
