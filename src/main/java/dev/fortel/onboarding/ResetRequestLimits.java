package dev.fortel.onboarding;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on self-service password reset requests ({@code fortel.password-reset-requests.*}): per login, so nobody
 * floods a person's mailbox, and per source address, so nobody probes or spams many logins from one place.
 * Counted in the database (shared by every node, kept across restarts), whether or not the login exists.
 */
@Validated
@ConfigurationProperties("fortel.password-reset-requests")
record ResetRequestLimits(
        @Min(1) @Max(1000) int perLogin,
        @Min(1) @Max(1_000_000) int perAddress,
        @NotNull @DurationMin(minutes = 1) @DurationMax(days = 7) Duration window) {}
