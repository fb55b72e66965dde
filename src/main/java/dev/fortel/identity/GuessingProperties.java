package dev.fortel.identity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Provider-wide guessing protection ({@code fortel.guessing.*}), which protects every company whether or
 * not it configures anything.
 *
 * @param accountMaxFailures failures within {@code accountWindow} that lock an account
 * @param accountLock the first lock's length; each further lock doubles it, up to {@code accountLockMax}
 * @param ipMaxFailures failures from one address, across all accounts, within {@code ipWindow} that block it
 *     (password spraying)
 * @param ipThrottleAfter failures from one address within {@code ipWindow} after which it may try only once per
 *     {@code ipThrottleInterval} until the window ends or the block starts
 */
@Validated
@ConfigurationProperties("fortel.guessing")
record GuessingProperties(
        @Min(1) @Max(1000) int accountMaxFailures,
        @NotNull Duration accountWindow,
        @NotNull Duration accountLock,
        @NotNull Duration accountLockMax,
        @Min(1) @Max(100_000) int ipMaxFailures,
        @NotNull Duration ipWindow,
        @NotNull Duration ipBlock,
        @Min(1) @Max(100_000) int ipThrottleAfter,
        @NotNull Duration ipThrottleInterval) {

    GuessingProperties {
        if (accountLockMax != null && accountLock != null && accountLockMax.compareTo(accountLock) < 0) {
            throw new IllegalArgumentException("fortel.guessing.account-lock-max must be at least fortel.guessing.account-lock");
        }
        if (ipThrottleAfter > ipMaxFailures) {
            throw new IllegalArgumentException("fortel.guessing.ip-throttle-after must not exceed fortel.guessing.ip-max-failures");
        }
    }
}
