package dev.fortel.onboarding;

import jakarta.validation.constraints.Email;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * First-start settings ({@code FORTEL_BOOTSTRAP_ADMIN_EMAIL}, {@code FORTEL_BOOTSTRAP_ADMIN_PASSWORD}).
 * With both set, the first operator is created with that password (for automated installs); otherwise a
 * one-time setup link is printed.
 */
@Validated
@ConfigurationProperties("fortel.bootstrap")
record BootstrapProperties(@Nullable @Email String adminEmail, @Nullable String adminPassword) {

    BootstrapProperties {
        // Unset environment variables arrive as empty strings through the ${VAR:} defaults.
        adminEmail = adminEmail == null || adminEmail.isBlank() ? null : adminEmail.strip();
        adminPassword = adminPassword == null || adminPassword.isEmpty() ? null : adminPassword;
    }

    @Override
    public String toString() {
        return "BootstrapProperties[adminEmail=" + adminEmail + ", adminPassword=" + (adminPassword == null ? "unset" : "******") + "]";
    }
}
