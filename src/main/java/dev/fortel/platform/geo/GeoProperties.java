package dev.fortel.platform.geo;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * Country resolution ({@code fortel.geo.*}).
 *
 * @param countryDatabase the MaxMind DB file with countries; unset, no country is resolved and rules that need one
 *     never match
 * @param reloadCheck how often the file's modification time is compared, so a refreshed file is picked up without
 *     a restart
 */
@Validated
@ConfigurationProperties("fortel.geo")
public record GeoProperties(@Nullable Path countryDatabase, @NotNull Duration reloadCheck) {

    /** An empty {@code FORTEL_GEO_COUNTRY_DATABASE} means unset, not the working directory. */
    @ConstructorBinding
    public GeoProperties(@Nullable String countryDatabase, Duration reloadCheck) {
        this(countryDatabase == null || countryDatabase.isBlank() ? null : Path.of(countryDatabase.strip()), reloadCheck);
    }
}
