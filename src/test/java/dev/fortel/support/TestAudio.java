package dev.fortel.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Real audio files for recording tests, made in the test: no binary fixtures in the repository. */
public final class TestAudio {

    private TestAudio() {}

    /** A mono 8 kHz 16-bit PCM WAV of a 440 Hz tone, written by the JDK's own {@code AudioSystem}. */
    public static byte[] wav(double seconds) {
        AudioFormat format = new AudioFormat(8000f, 16, 1, true, false);
        int samples = (int) (seconds * 8000);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (Math.sin(2 * Math.PI * 440 * i / 8000.0) * 12000 + (i % 7)));
        }
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, samples)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, no padding: 417 bytes each) after an ID3v2.4 tag, as an MP3 file
     * from an encoder begins; the frame bodies are silence-shaped filler.
     */
    public static byte[] mp3(int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0});
        for (int f = 0; f < frames; f++) {
            byte[] frame = new byte[417];
            frame[0] = (byte) 0xFF;
            frame[1] = (byte) 0xFB;
            frame[2] = (byte) 0x90;
            frame[3] = (byte) 0x64;
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    /** The first page of an Ogg Opus stream (RFC 7845): an {@code OpusHead} packet, with the page's real CRC. */
    public static byte[] oggOpus() {
        ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).putShort((short) 312).putInt(48000)
                .putShort((short) 0).put((byte) 0);
        ByteBuffer page = ByteBuffer.allocate(27 + 1 + 19).order(ByteOrder.LITTLE_ENDIAN);
        page.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 2).putLong(0).putInt(0x46525445).putInt(0).putInt(0)
                .put((byte) 1).put((byte) 19).put(head.array());
        byte[] bytes = page.array();
        int crc = oggCrc(bytes);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
        return bytes;
    }

    /** Ogg's page checksum: CRC-32 with polynomial 0x04C11DB7, not reflected, initial value 0. */
    private static int oggCrc(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xFF) << 24;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }
}
