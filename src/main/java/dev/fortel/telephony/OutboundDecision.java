package dev.fortel.telephony;

import org.jspecify.annotations.Nullable;

/**
 * The answer to "may this call go out": allowed or not, why (a stable code and words), and what the number was
 * understood as.
 *
 * @param reason {@code allowed}, {@code country_not_allowed}, {@code country_not_allowed_for_group}, {@code premium_rate_blocked}
 * @param number the destination in E.164
 * @param country the destination's country (ISO 3166-1 alpha-2)
 * @param numberType libphonenumber's type in lower case ({@code mobile}, {@code fixed_line}, {@code premium_rate}, …)
 */
public record OutboundDecision(boolean allowed, String reason, String explanation, String number, @Nullable String country, String numberType) {}
