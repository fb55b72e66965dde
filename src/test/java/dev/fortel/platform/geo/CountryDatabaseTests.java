package dev.fortel.platform.geo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.CountryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountryDatabaseTests {

    @TempDir
    Path dir;

    private CountryDatabase open(Path file) {
        return new CountryDatabase(new GeoProperties(file, Duration.ZERO), Clock.systemUTC());
    }

    @Test
    void aPublicAddressResolvesToItsCountryAndPrivateOrUnknownOnesToNone() throws Exception {
        Path file = dir.resolve("countries.mmdb");
        CountryFiles.write(file, "203.0.113.128/28=DE", "2001:db8:77::/48=FI");
        CountryDatabase countries = open(file);

        assertThat(countries.country("203.0.113.130")).contains("DE");
        assertThat(countries.country("2001:db8:77::5")).as("IPv6").contains("FI");
        assertThat(countries.country("::ffff:203.0.113.131")).as("IPv4-mapped IPv6").contains("DE");
        assertThat(countries.country("203.0.113.200")).as("not in the file").isEmpty();
        assertThat(countries.country("10.1.2.3")).as("private").isEmpty();
        assertThat(countries.country("127.0.0.1")).as("loopback").isEmpty();
        assertThat(countries.country("not an address")).isEmpty();
        assertThat(countries.country(null)).isEmpty();
        assertThat(countries.status().loaded()).isTrue();
        assertThat(countries.status().databaseType()).isEqualTo("GeoLite2-Country");
        assertThat(countries.status().problem()).isNull();
    }

    @Test
    void aReplacedFileIsPickedUpWithoutARestart() throws Exception {
        Path file = dir.resolve("countries.mmdb");
        CountryFiles.write(file, "203.0.113.128/28=DE");
        CountryDatabase countries = open(file);
        assertThat(countries.country("203.0.113.130")).contains("DE");

        CountryFiles.write(file, "203.0.113.128/28=AT");
        // a rename within the same second may leave the time unchanged on coarse file systems
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));

        assertThat(countries.country("203.0.113.130")).contains("AT");
    }

    @Test
    void aMissingOrForeignFileIsAStateThatNamesTheProblemAndResolvesNothing() throws Exception {
        CountryDatabase missing = open(dir.resolve("absent.mmdb"));
        assertThat(missing.country("203.0.113.130")).isEmpty();
        assertThat(missing.status().loaded()).isFalse();
        assertThat(missing.status().problem()).isEqualTo("missing");

        Path junk = dir.resolve("junk.mmdb");
        Files.writeString(junk, "not a database");
        CountryDatabase foreign = open(junk);
        assertThat(foreign.country("203.0.113.130")).isEmpty();
        assertThat(foreign.status().problem()).isEqualTo("unreadable");
        assertThat(foreign.status().detail()).contains("MaxMind DB metadata marker");

        CountryDatabase none = new CountryDatabase(new GeoProperties((Path) null, Duration.ofMinutes(10)), Clock.systemUTC());
        assertThat(none.country("203.0.113.130")).isEmpty();
        assertThat(none.status().path()).isNull();
        assertThat(none.status().problem()).isNull();
    }
}
