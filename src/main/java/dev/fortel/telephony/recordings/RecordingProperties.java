package dev.fortel.telephony.recordings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Recording settings ({@code fortel.telephony.recordings.*}).
 *
 * @param directory where encrypted recordings are kept; empty means {@code <data-dir>/recordings}
 * @param maxSize the largest recording accepted (a one-hour stereo WAV at 16 kHz is about 230 MB)
 * @param linkLifetime how long a play or download link may be used
 * @param retentionCheck how often expired recordings are looked for
 * @param delivery FTPS delivery: how often due deliveries are looked for, the first retry delay (doubled on each
 *     failure up to {@code backoffMax}), how many attempts before giving up, and the network timeout
 */
@Validated
@ConfigurationProperties("fortel.telephony.recordings")
record RecordingProperties(@Nullable String directory, @NotNull DataSize maxSize, @NotNull Duration linkLifetime,
        @NotNull Duration retentionCheck, @Valid @NotNull Delivery delivery) {

    record Delivery(@NotNull Duration pollInterval, @NotNull Duration backoff, @NotNull Duration backoffMax,
            @Min(1) @Max(50) int maxAttempts, @NotNull Duration timeout) {}

    RecordingProperties {
        if (maxSize != null && (maxSize.toBytes() < 1024 || maxSize.toGigabytes() > 4)) {
            throw new IllegalArgumentException("fortel.telephony.recordings.max-size must be between 1KB and 4GB, not " + maxSize);
        }
        if (linkLifetime != null && (linkLifetime.compareTo(Duration.ofSeconds(10)) < 0 || linkLifetime.compareTo(Duration.ofHours(1)) > 0)) {
            throw new IllegalArgumentException("fortel.telephony.recordings.link-lifetime must be between 10s and 1h: links are meant to be short-lived");
        }
    }
}
