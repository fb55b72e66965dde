package dev.fortel.telephony.recordings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;

/**
 * The audio formats a recording may be in, and what a file really is, judged by Apache Tika from its first bytes
 * (not by the sender's word or a file name): a recording that is not the declared audio type is refused.
 */
public enum AudioType {
    WAV("audio/wav", "wav", "audio/vnd.wave"),
    MP3("audio/mpeg", "mp3", "audio/mpeg"),
    OGG("audio/ogg", "ogg", "audio/ogg");

    /** How many leading bytes are enough for every magic Tika knows for these types. */
    static final int SNIFF_BYTES = 64 * 1024;

    private static final TikaConfig TIKA = TikaConfig.getDefaultConfig();
    private static final Detector DETECTOR = TIKA.getDetector();
    private static final MediaTypeRegistry REGISTRY = TIKA.getMediaTypeRegistry();

    private final String mediaType;
    private final String extension;
    private final MediaType tikaType;

    AudioType(String mediaType, String extension, String tikaType) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.tikaType = MediaType.parse(tikaType);
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The type a {@code Content-Type} names, with the aliases players and media servers use ({@code audio/x-wav}, {@code audio/opus}). */
    public static Optional<AudioType> declared(String contentType) {
        String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave" -> Optional.of(WAV);
            case "audio/mpeg", "audio/mp3" -> Optional.of(MP3);
            case "audio/ogg", "audio/opus", "application/ogg" -> Optional.of(OGG);
            default -> Optional.empty();
        };
    }

    public static Optional<AudioType> stored(String mediaType) {
        for (AudioType t : values()) {
            if (t.mediaType.equals(mediaType)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** What the bytes are, if one of these types (Ogg with Opus or Vorbis inside counts as Ogg); empty otherwise. */
    static Optional<AudioType> sniff(byte[] head, int length) {
        MediaType found;
        try {
            found = DETECTOR.detect(new ByteArrayInputStream(head, 0, length), new Metadata());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (AudioType t : values()) {
            if (REGISTRY.isInstanceOf(found, t.tikaType)) {
                return Optional.of(t);
            }
        }
        // Tika's core detector names any Ogg container application/ogg (telling audio from video needs its parser
        // module); the first packet of the first page says which codec it carries (RFC 7845 §5.1, Vorbis I §4.2).
        if (REGISTRY.isInstanceOf(found, MediaType.application("ogg")) && length >= 28 + 8) {
            String codec = new String(head, 28, 8, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (codec.equals("OpusHead") || codec.startsWith("\u0001vorbis")) {
                return Optional.of(OGG);
            }
        }
        return Optional.empty();
    }

    /** What Tika calls the bytes, for the refusal message. */
    static String describe(byte[] head, int length) {
        try {
            return DETECTOR.detect(new ByteArrayInputStream(head, 0, length), new Metadata()).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
