package dev.fortel.platform.geo;

import com.maxmind.db.ClosedDatabaseException;
import com.maxmind.db.Reader;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The country an address belongs to, as an ISO 3166-1 alpha-2 code. The file is memory-mapped and swapped for a
 * new one when its modification time changes (checked at most every {@code reload-check}), so lookups never wait
 * on a refresh. A missing or unreadable file is a state shown to the provider, not a failure: sign-ins go on
 * without a country.
 */
@Component
@EnableConfigurationProperties(GeoProperties.class)
public final class CountryDatabase {

    private static final Logger log = LoggerFactory.getLogger(CountryDatabase.class);
    private static final Pattern ISO_CODE = Pattern.compile("[A-Z]{2}");

    /**
     * What the provider sees: whether countries are resolved, from which file, built when, or what is wrong:
     * {@code problem} is {@code missing}, {@code unreadable} or {@code not_country}, with {@code detail} the reader's
     * message or the file's database type.
     */
    public record Status(@Nullable Path path, boolean loaded, @Nullable String databaseType, @Nullable Instant builtAt, @Nullable String problem,
            @Nullable String detail) {}

    private record Loaded(Reader reader, FileTime modified, String type, Instant builtAt) {}

    private final @Nullable Path path;
    private final long checkMillis;
    private final Clock clock;
    private volatile @Nullable Loaded loaded;
    private volatile @Nullable String problem;
    private volatile @Nullable String detail;
    private volatile long nextCheck;

    public CountryDatabase(GeoProperties properties, Clock clock) {
        this.path = properties.countryDatabase();
        this.checkMillis = properties.reloadCheck().toMillis();
        this.clock = clock;
        if (path != null) {
            refresh();
        }
    }

    /** The country of a public address, or empty for a private, loopback or unknown one, or without a database. */
    @SuppressWarnings("unchecked")
    public Optional<String> country(@Nullable String address) {
        if (address == null || path == null) {
            return Optional.empty();
        }
        if (clock.millis() >= nextCheck) {
            refresh();
        }
        // A literal only (never a name lookup): the address comes from the request, already parsed once.
        IPAddress parsed = new IPAddressString(address).getAddress();
        if (parsed == null) {
            return Optional.empty();
        }
        InetAddress ip = parsed.toInetAddress();
        if (ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress() || ip.isAnyLocalAddress()) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            Loaded current = loaded;
            if (current == null) {
                return Optional.empty();
            }
            try {
                return isoCode(current.reader().get(ip, Map.class));
            } catch (ClosedDatabaseException e) {
                // swapped for a newer file between reading the field and the lookup: look again in the new one
            } catch (IOException | RuntimeException e) {
                log.warn("Country lookup failed in {}: {}", path, e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public Status status() {
        Loaded current = loaded;
        return new Status(path, current != null, current == null ? null : current.type(), current == null ? null : current.builtAt(), problem, detail);
    }

    /** Reopens the file if it changed since it was loaded; also what the periodic check calls. */
    public synchronized void refresh() {
        nextCheck = clock.millis() + checkMillis;
        Path file = path;
        if (file == null) {
            return;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            Loaded current = loaded;
            if (current != null && current.modified().equals(modified)) {
                return;
            }
            Reader reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED);
            String type = reader.getMetadata().databaseType();
            if (!type.toLowerCase(Locale.ROOT).contains("country") && !type.toLowerCase(Locale.ROOT).contains("city")) {
                reader.close();
                fail("not_country", type);
                return;
            }
            loaded = new Loaded(reader, modified, type, reader.getMetadata().buildTime());
            problem = null;
            detail = null;
            log.info("Country database {} loaded: {} built {}", file, type, reader.getMetadata().buildTime());
            if (current != null) {
                current.reader().close();
            }
        } catch (NoSuchFileException e) {
            fail("missing", null);
        } catch (IOException | RuntimeException e) {
            fail("unreadable", e.getMessage());
        }
    }

    private void fail(String why, @Nullable String about) {
        if (!why.equals(problem)) {
            log.warn("Country database {} not used ({}): {}", path, why, about);
        }
        problem = why;
        detail = about;
    }

    @SuppressWarnings("unchecked")
    private static Optional<String> isoCode(@Nullable Map<String, Object> record) {
        if (record == null) {
            return Optional.empty();
        }
        for (String key : new String[] {"country", "registered_country"}) {
            if (record.get(key) instanceof Map<?, ?> country && country.get("iso_code") instanceof String code && ISO_CODE.matcher(code).matches()) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
