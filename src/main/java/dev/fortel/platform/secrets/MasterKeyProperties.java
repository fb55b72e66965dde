package dev.fortel.platform.secrets;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The master key for secrets at rest ({@code fortel.master-key}, env {@code FORTEL_MASTER_KEY}) and retired keys
 * that still open what they sealed ({@code fortel.previous-master-keys}). Checked while binding, so a bad value
 * stops the start naming the key; the messages never contain the value, and {@link #toString} masks it.
 */
@ConfigurationProperties("fortel")
record MasterKeyProperties(@Nullable String masterKey, @Nullable List<String> previousMasterKeys) {

    static final String KEY = "fortel.master-key (FORTEL_MASTER_KEY)";
    static final String HOW = "32 random bytes in base64 (44 characters), for example from `openssl rand -base64 32`";

    MasterKeyProperties {
        // Unset environment variables arrive as empty strings through the ${VAR:} default.
        masterKey = masterKey == null || masterKey.isBlank() ? null : masterKey.strip();
        previousMasterKeys = previousMasterKeys == null ? List.of()
                : previousMasterKeys.stream().filter(k -> k != null && !k.isBlank()).map(String::strip).toList();
        if (masterKey != null) {
            decode(masterKey, KEY);
        }
        for (int i = 0; i < previousMasterKeys.size(); i++) {
            decode(previousMasterKeys.get(i), "fortel.previous-master-keys[" + i + "]");
        }
    }

    byte[] current() {
        return masterKey == null ? new byte[0] : decode(masterKey, KEY);
    }

    List<byte[]> previous() {
        return previousMasterKeys == null ? List.of()
                : previousMasterKeys.stream().map(k -> decode(k, "fortel.previous-master-keys")).toList();
    }

    /** Decodes a key or says exactly what is wrong with it, without repeating it. */
    static byte[] decode(String value, String name) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notStandard) {
            try {
                key = Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException notUrlSafe) {
                throw new IllegalArgumentException(name + " is not base64; it must be " + HOW);
            }
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(name + " decodes to " + key.length + " bytes; it must be " + HOW);
        }
        byte first = key[0];
        boolean uniform = true;
        for (byte b : key) {
            uniform &= b == first;
        }
        if (uniform) {
            Arrays.fill(key, (byte) 0);
            throw new IllegalArgumentException(name + " is one byte repeated, not a random key; it must be " + HOW);
        }
        return key;
    }

    @Override
    public String toString() {
        return "MasterKeyProperties[masterKey=" + (masterKey == null ? "unset" : "******") + ", previousMasterKeys="
                + (previousMasterKeys == null ? 0 : previousMasterKeys.size()) + " key(s)]";
    }
}
