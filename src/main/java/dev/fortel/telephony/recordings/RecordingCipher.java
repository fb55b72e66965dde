package dev.fortel.telephony.recordings;

import com.google.crypto.tink.StreamingAead;
import dev.fortel.tenancy.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.springframework.stereotype.Component;

/**
 * Encrypts recordings into the store and opens them again, under the company's key, with the company and the call as
 * associated data: a file copied under another call or company does not decrypt.
 */
@Component
class RecordingCipher {

    private final RecordingKeys keys;
    private final RecordingStore store;

    RecordingCipher(RecordingKeys keys, RecordingStore store) {
        this.keys = keys;
        this.store = store;
    }

    OutputStream encrypting(TenantId tenant, String callId, OutputStream ciphertext) throws IOException {
        try {
            return keys.of(tenant).newEncryptingStream(ciphertext, associatedData(tenant, callId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the recording key of company " + tenant.value() + " cannot encrypt", e);
        }
    }

    /** The plain audio of a stored recording as a seekable channel (any position decrypts on its own). */
    SeekableByteChannel decrypting(TenantId tenant, String callId, String key) {
        StreamingAead aead = keys.of(tenant);
        try {
            return aead.newSeekableDecryptingChannel(store.open(key), associatedData(tenant, callId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("recording " + key + " does not open with its company's key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("recording " + key + " cannot be read", e);
        }
    }

    static byte[] associatedData(TenantId tenant, String callId) {
        return ("fortel-recording\0" + tenant.value() + "\0" + callId).getBytes(StandardCharsets.UTF_8);
    }
}
