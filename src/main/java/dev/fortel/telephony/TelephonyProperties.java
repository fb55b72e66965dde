package dev.fortel.telephony;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Telephony settings ({@code fortel.telephony.*}).
 *
 * @param sipDomain the provider's SIP domain; each company's SIP accounts live in a subdomain of it
 *     ({@code t<12 hex digits of the company id>.<sipDomain>}), which is also the digest realm
 * @param defaultCountry the home country (ISO 3166-1 alpha-2) of a company that has not set its calling policy:
 *     its calls may go only there
 */
@Validated
@ConfigurationProperties("fortel.telephony")
record TelephonyProperties(
        @NotBlank @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+",
                message = "must be a lower-case DNS name such as sip.example.net") String sipDomain,
        @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 country code such as RU") String defaultCountry) {}
