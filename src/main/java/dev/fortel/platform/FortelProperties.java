package dev.fortel.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Fortel's own settings ({@code fortel.*}). Validated at start so that a bad value stops the server with
 * the exact key named, instead of failing later on a user's request.
 *
 * @param dataDir where the embedded database and the generated TLS key store live
 * @param publicUrl the address users reach the console at; links in activation mails are built on it
 * @param tls the self-signed certificate bootstrap
 * @param argon2 password hashing cost
 * @param apiTokenLifetime how long an API token from {@code POST /api/v1/auth/token} stays valid
 * @param activationLifetime how long a setup or activation link stays valid
 * @param db PostgreSQL-specific settings
 * @param trustedProxies reverse proxies whose {@code X-Forwarded-For} is believed (addresses or CIDR ranges);
 *     empty by default, so the header is ignored
 */
@Validated
@ConfigurationProperties("fortel")
public record FortelProperties(
        @NotNull Path dataDir,
        @Nullable String publicUrl,
        @Valid @NotNull Tls tls,
        @Valid @NotNull Argon2 argon2,
        @NotNull Duration apiTokenLifetime,
        @NotNull Duration activationLifetime,
        @Valid @NotNull Db db,
        @NotNull List<@NotBlank @Pattern(regexp = "[0-9a-fA-F:.]+(/[0-9]{1,3})?",
                message = "must be an IP address or range such as 10.0.0.0/8 or fd00::/8") String> trustedProxies) {

    /** @param enabled serve HTTPS with a certificate generated into the data directory when none is configured */
    public record Tls(boolean enabled, @NotBlank String hostname) {}

    /**
     * Argon2id cost (RFC 9106). The defaults (19 MiB, 2 passes, 1 lane) are OWASP's minimum recommendation;
     * raising them takes effect for each user at their next sign-in (hashes are upgraded then).
     */
    public record Argon2(@Min(8192) @Max(4_194_304) int memoryKib, @Min(1) @Max(100) int iterations,
            @Min(1) @Max(16) int parallelism) {}

    /**
     * @param appRole the non-owner PostgreSQL role the application acts as; row-level security applies to it
     */
    public record Db(@NotBlank @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}", message = "must be a plain lower-case SQL identifier")
            String appRole) {}

    public FortelProperties {
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip();
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        for (String range : trustedProxies) {
            if (!dev.fortel.platform.web.TrustedProxies.isValidRange(range)) {
                throw new IllegalArgumentException("fortel.trusted-proxies: " + range
                        + " is not an IP address or range; write it like 10.0.0.0/8 or fd00::/8");
            }
        }
    }

    /** The base URL for links in mails and logs, without a trailing slash. */
    public String baseUrl(int port) {
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        }
        return (tls.enabled() ? "https://" : "http://") + tls.hostname() + ":" + port;
    }
}
