package dev.fortel.audit.correlation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Correlation ({@code fortel.correlation.*}).
 *
 * @param pollInterval how often the analysis looks for newly committed events
 * @param batch events read per company per round
 * @param maxKeysPerRule group keys a correlation rule holds in one company (the least recently seen go first)
 * @param maxAlertAge an event older than this when it is analyzed (a catch-up after a long stop) still feeds windows
 *     but raises no alert: the alert would describe the past, which the journal already does
 * @param lease how long one node owns the analysis before another may take it over
 * @param maxRuleFiles rule files of its own a company may have, beside the built-ins
 */
@Validated
@ConfigurationProperties("fortel.correlation")
record CorrelationProperties(@NotNull Duration pollInterval, @Min(10) @Max(10_000) int batch, @Min(100) @Max(1_000_000) int maxKeysPerRule,
        @NotNull Duration maxAlertAge, @NotNull Duration lease, @Min(1) @Max(200) int maxRuleFiles) {}
