package dev.fortel.notification;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The provider's SMS gateway as shown: never the authorization value, only whether one is set.
 *
 * @param bodyTemplate the JSON body sent for each message, with {@code {{to}}} (E.164 number) and {@code {{text}}}
 *     replaced by JSON strings
 */
public record SmsGatewaySettings(String url, @Nullable String authHeaderName, boolean authValueSet, String bodyTemplate, Instant updatedAt,
        @Nullable String updatedBy) {}
