import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The in-process split for bench/recordings/run.py: how fast this JVM decrypts a recording as the server does,
 * without HTTP or TLS. Same primitive and parameters as telephony.recordings.RecordingKeys (Tink streaming AEAD,
 * AES256_GCM_HKDF_1MB) under a key made here (the server's key is sealed in its database), same associated-data
 * shape, same read loop as web.RecordingStreams (newSeekableDecryptingChannel, 256 KiB heap ByteBuffer).
 *
 * Usage: java -cp tink.jar:protobuf.jar DecryptRate.java PLAIN.wav CIPHER.out PASSES
 * Prints one key=value line per pass, pass 0 being a warm-up. A fresh JVM decrypts at pure-Java speed until C2 has
 * compiled the AES-GCM path with its intrinsic, which takes a few hundred 1 MiB segments: pass enough PASSES (the
 * run script passes 8 over the ~200 MB file) to see both the cold and the warm rate.
 */
public class DecryptRate {

    public static void main(String[] args) throws Exception {
        Path plain = Path.of(args[0]);
        Path cipher = Path.of(args[1]);
        int passes = Integer.parseInt(args[2]);
        StreamingAeadConfig.register();
        StreamingAead aead = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)
                .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        byte[] ad = "fortel-recording\0tenant\0call".getBytes(StandardCharsets.UTF_8);
        long size = Files.size(plain);

        long t0 = System.nanoTime();
        try (InputStream in = Files.newInputStream(plain);
                OutputStream out = aead.newEncryptingStream(Files.newOutputStream(cipher), ad)) {
            byte[] b = new byte[64 * 1024]; // CallRecordings.copy's buffer
            for (int n; (n = in.read(b)) > 0;) {
                out.write(b, 0, n);
            }
        }
        double encSecs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("java_encrypt_MBps=%.1f plain_bytes=%d cipher_bytes=%d%n", size / 1e6 / encSecs, size, Files.size(cipher));

        for (int pass = 0; pass <= passes; pass++) {
            String tag = pass == 0 ? "warmup " : "";
            double plainRead = rate(size, () -> {
                try (SeekableByteChannel ch = Files.newByteChannel(plain, StandardOpenOption.READ)) {
                    return drain(ch, 256 * 1024, null);
                }
            });
            double dec256 = rate(size, () -> {
                try (SeekableByteChannel ch = aead.newSeekableDecryptingChannel(Files.newByteChannel(cipher, StandardOpenOption.READ), ad)) {
                    return drain(ch, 256 * 1024, null);
                }
            });
            double dec1m = rate(size, () -> {
                try (SeekableByteChannel ch = aead.newSeekableDecryptingChannel(Files.newByteChannel(cipher, StandardOpenOption.READ), ad)) {
                    return drain(ch, 1024 * 1024, null);
                }
            });
            double decStream = rate(size, () -> {
                try (InputStream in = aead.newDecryptingStream(Files.newInputStream(cipher), ad)) {
                    byte[] b = new byte[256 * 1024];
                    long t = 0;
                    for (int n; (n = in.read(b)) > 0;) {
                        t += n;
                    }
                    return t;
                }
            });
            System.out.printf("%sjava_pass=%d java_plain_read_256k_MBps=%.1f java_decrypt_seekable_256k_MBps=%.1f "
                    + "java_decrypt_seekable_1m_MBps=%.1f java_decrypt_stream_256k_MBps=%.1f%n",
                    tag, pass, plainRead, dec256, dec1m, decStream);
        }
    }

    interface Body {
        long run() throws Exception;
    }

    static double rate(long size, Body body) throws Exception {
        long t0 = System.nanoTime();
        long n = body.run();
        double secs = (System.nanoTime() - t0) / 1e9;
        if (n != size) {
            throw new IllegalStateException("read " + n + " bytes, expected " + size);
        }
        return size / 1e6 / secs;
    }

    static long drain(SeekableByteChannel ch, int bufferSize, byte[] sink) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(bufferSize);
        long total = 0;
        for (int n; (n = ch.read(buffer.clear())) >= 0;) {
            total += n;
        }
        return total;
    }
}
