package dev.fortel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/**
 * Country databases for tests, written by MaxMind's own writer ({@code MaxMind::DB::Writer}, Debian package
 * {@code libmaxmind-db-writer-perl}, which {@code .ci/run} installs) so the reader meets the real format. Without the
 * package a test is skipped with the reason printed, except under CI, where it fails.
 */
public final class CountryFiles {

    /** The file the test profile names as {@code fortel.geo.country-database}. */
    public static final Path TEST_PROFILE_FILE = Path.of("target/test-geo/countries.mmdb");

    private CountryFiles() {}

    /** Writes {@code file} mapping each {@code "CIDR=CC"}, replacing it by a rename as geoipupdate does. */
    public static void write(Path file, String... networks) throws IOException, InterruptedException {
        requireWriter();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path script = Path.of("src/test/resources/geo/write-country-database.pl");
        List<String> command = new ArrayList<>(List.of("perl", script.toString(), file.toString()));
        command.addAll(List.of(networks));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static void requireWriter() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("perl", "-MMaxMind::DB::Writer::Tree", "-e", "1").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            String why = "MaxMind::DB::Writer is not installed (apt-get install libmaxmind-db-writer-perl)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            LoggerFactory.getLogger(CountryFiles.class).warn("Skipped: {}", why);
            Assumptions.abort(why);
        }
    }
}
