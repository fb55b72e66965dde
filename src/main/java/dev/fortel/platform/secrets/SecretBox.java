package dev.fortel.platform.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for storage and opens them again: AES-256-GCM envelope encryption under the master key,
 * bound to a purpose and an owner (see the package documentation for the format and the rules).
 *
 * <pre>{@code
 * String stored = box.seal(password, "notification.smtp-password", "provider");
 * String password = box.openText(stored, "notification.smtp-password", "provider");
 * }</pre>
 *
 * Thread-safe; one instance (a Spring bean built from {@code fortel.master-key}) serves the whole server.
 */
public final class SecretBox {

    static final String VERSION = "v1";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final int WRAPPED_KEY_BYTES = KEY_BYTES + TAG_BYTES;
    private static final int MIN_PAYLOAD = NONCE_BYTES + WRAPPED_KEY_BYTES + NONCE_BYTES + TAG_BYTES;
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sealed value that cannot be opened. The message says why and never contains the secret. */
    public static final class UnreadableSecretException extends RuntimeException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        UnreadableSecretException(String message) {
            super(message);
        }
    }

    private final String currentId;
    private final Map<String, SecretKey> keys;

    /**
     * @param masterKey the current master key (32 bytes): seals with it, opens what it sealed
     * @param previousKeys retired master keys (32 bytes each) that still open what they sealed
     */
    public SecretBox(byte[] masterKey, List<byte[]> previousKeys) {
        Map<String, SecretKey> byId = new LinkedHashMap<>();
        this.currentId = keyId(masterKey);
        byId.put(currentId, aesKey(masterKey));
        for (byte[] previous : previousKeys) {
            byId.putIfAbsent(keyId(previous), aesKey(previous));
        }
        this.keys = Map.copyOf(byId);
    }

    /**
     * A 32-byte key for {@code purpose} derived from each master key (HKDF-SHA256, RFC 5869, with the purpose as info),
     * by master key id, the current one first: for keys that must stay outside the database like the master key itself,
     * such as the journal's checkpoint signing key. The caller owns the returned arrays and should clear them.
     */
    public Map<String, byte[]> derivedKeys(String purpose) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, SecretKey> k : keys.entrySet()) {
            org.bouncycastle.crypto.generators.HKDFBytesGenerator hkdf =
                    new org.bouncycastle.crypto.generators.HKDFBytesGenerator(new org.bouncycastle.crypto.digests.SHA256Digest());
            byte[] master = k.getValue().getEncoded();
            hkdf.init(new org.bouncycastle.crypto.params.HKDFParameters(master, null,
                    ("fortel/" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            java.util.Arrays.fill(master, (byte) 0);
            byte[] derived = new byte[32];
            hkdf.generateBytes(derived, 0, derived.length);
            out.put(k.getKey(), derived);
        }
        // The current key first: it signs; the others only verify what they signed.
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        ordered.put(currentId, out.remove(currentId));
        ordered.putAll(out);
        return ordered;
    }

    /** The id of the current master key, as it appears in every value sealed now (not secret). */
    public String keyId() {
        return currentId;
    }

    public String seal(String secret, String purpose, String owner) {
        return seal(secret.getBytes(StandardCharsets.UTF_8), purpose, owner);
    }

    /** Seals under a fresh data key and fresh nonces: sealing the same secret twice gives different values. */
    public String seal(byte[] secret, String purpose, String owner) {
        byte[] aad = associatedData(currentId, purpose, owner);
        byte[] dataKey = new byte[KEY_BYTES];
        RANDOM.nextBytes(dataKey);
        try {
            byte[] keyNonce = nonce();
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, keys.get(currentId), keyNonce, aad, dataKey);
            byte[] dataNonce = nonce();
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), dataNonce, aad, secret);
            ByteBuffer payload = ByteBuffer.allocate(keyNonce.length + wrapped.length + dataNonce.length + ciphertext.length);
            payload.put(keyNonce).put(wrapped).put(dataNonce).put(ciphertext);
            return VERSION + ":" + currentId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public String openText(String sealed, String purpose, String owner) {
        return new String(open(sealed, purpose, owner), StandardCharsets.UTF_8);
    }

    /**
     * Opens a value sealed by {@link #seal} for the same purpose and owner.
     *
     * @throws UnreadableSecretException when it is not a sealed value, was sealed under a master key that is not
     *     configured, was altered, or was sealed for another purpose or owner
     */
    public byte[] open(String sealed, String purpose, String owner) {
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !parts[1].matches("[0-9a-f]{8}")) {
            throw new UnreadableSecretException("not a value sealed by this server's SecretBox (expected " + VERSION + ":<key id>:<data>)");
        }
        SecretKey master = keys.get(parts[1]);
        if (master == null) {
            throw new UnreadableSecretException("sealed under master key " + parts[1] + ", which is not configured (the current key is "
                    + currentId + "); set the key it was sealed with as fortel.master-key or in fortel.previous-master-keys");
        }
        byte[] payload;
        try {
            payload = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException("the sealed data is not base64url; the value was altered");
        }
        if (payload.length < MIN_PAYLOAD) {
            throw new UnreadableSecretException("the sealed data is too short; the value was cut or altered");
        }
        byte[] aad = associatedData(parts[1], purpose, owner);
        ByteBuffer in = ByteBuffer.wrap(payload);
        byte[] keyNonce = take(in, NONCE_BYTES);
        byte[] wrapped = take(in, WRAPPED_KEY_BYTES);
        byte[] dataNonce = take(in, NONCE_BYTES);
        byte[] ciphertext = take(in, in.remaining());
        byte[] dataKey = null;
        try {
            dataKey = gcm(Cipher.DECRYPT_MODE, master, keyNonce, aad, wrapped);
            return gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), dataNonce, aad, ciphertext);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException("the sealed value does not open: it was altered, or it was sealed for another purpose or owner");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
    }

    /** Whether a stored value was sealed under the current key (for re-sealing values after a key change). */
    public boolean sealedWithCurrentKey(String sealed) {
        return sealed.startsWith(VERSION + ":" + currentId + ":");
    }

    @Override
    public String toString() {
        return "SecretBox[current key " + currentId + ", " + keys.size() + " key(s)]";
    }

    /**
     * The id of a master key: the first 4 bytes of HMAC-SHA256(key, label), hex. It names the key in sealed
     * values and in messages without revealing anything about it.
     */
    static String keyId(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("fortel master key id".getBytes(StandardCharsets.US_ASCII)), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /** Version, key id, purpose and owner, each ended by a NUL (which none of them may contain), so no two differ only in framing. */
    private static byte[] associatedData(String keyId, String purpose, String owner) {
        if (purpose.isEmpty() || owner.isEmpty() || purpose.indexOf('\0') >= 0 || owner.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("purpose and owner must be non-empty and contain no NUL character");
        }
        return ("fortel-secret-box\0" + VERSION + "\0" + keyId + "\0" + purpose + "\0" + owner + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gcm(int mode, SecretKey key, byte[] nonce, byte[] aad, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    private static byte[] take(ByteBuffer in, int n) {
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }

    private static SecretKey aesKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        return new SecretKeySpec(key.clone(), "AES");
    }
}
