package dev.fortel.access;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The access model's caches ({@code fortel.access.*}).
 *
 * @param cacheCheckInterval how often a node asks the database whether a company's roles changed on another node. The
 *     node that makes a change drops its copy when the change commits; other nodes of a cluster apply it within this
 *     time, so keep it short: each check is one primary-key read per company in use
 */
@Validated
@ConfigurationProperties("fortel.access")
record AccessProperties(@NotNull Duration cacheCheckInterval) {

    AccessProperties {
        if (cacheCheckInterval != null && (cacheCheckInterval.isNegative() || cacheCheckInterval.compareTo(Duration.ofMinutes(1)) > 0)) {
            throw new IllegalArgumentException("fortel.access.cache-check-interval must be between 0s and 1m; other nodes apply a role change only after it");
        }
    }
}
