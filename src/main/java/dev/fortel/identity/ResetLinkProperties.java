package dev.fortel.identity;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param passwordResetLifetime how long a password reset link stays valid ({@code fortel.password-reset-lifetime},
 *     default 1 hour): short, since it travels by mail and replaces a working password
 */
@Validated
@ConfigurationProperties("fortel")
record ResetLinkProperties(@NotNull @DurationMin(minutes = 5) @DurationMax(hours = 24) Duration passwordResetLifetime) {}
