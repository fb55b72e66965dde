package dev.fortel.notification;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the sender works ({@code fortel.mail.*}). Where mail goes (the SMTP relay) is not here: the provider
 * operator sets it at run time, in the console or the API.
 *
 * @param pollInterval how often the sender looks for mail due for a retry (new mail is sent right after its commit)
 * @param retryBackoff the wait after the first failed attempt; it doubles after each further one, up to {@code retryBackoffMax}
 * @param maxAttempts attempts before a mail is given up as failed (it then stays readable in the outbox)
 * @param timeout connect, read and write timeout of one SMTP conversation
 */
@Validated
@ConfigurationProperties("fortel.mail")
record NotificationProperties(
        @NotNull @DurationMin(millis = 100) @DurationMax(hours = 1) Duration pollInterval,
        @NotNull @DurationMin(millis = 100) @DurationMax(hours = 24) Duration retryBackoff,
        @NotNull @DurationMin(millis = 100) @DurationMax(days = 7) Duration retryBackoffMax,
        @Min(1) @Max(50) int maxAttempts,
        @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 10) Duration timeout) {

    NotificationProperties {
        if (retryBackoff != null && retryBackoffMax != null && retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("fortel.mail.retry-backoff-max must be at least fortel.mail.retry-backoff");
        }
    }

    /** The wait after the n-th failed attempt (n from 1): the first backoff doubled n-1 times, capped. */
    Duration backoff(int failedAttempts) {
        Duration wait = retryBackoff;
        for (int i = 1; i < failedAttempts && wait.compareTo(retryBackoffMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retryBackoffMax) > 0 ? retryBackoffMax : wait;
    }
}
