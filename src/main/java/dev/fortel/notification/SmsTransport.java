package dev.fortel.notification;

import org.jspecify.annotations.Nullable;

/**
 * One way of handing an SMS to the provider's gateway. {@link HttpJsonSmsTransport} posts JSON over HTTPS,
 * which most aggregators accept; an SMPP bind would be another implementation, chosen by the settings.
 */
interface SmsTransport {

    /**
     * Hands over one message.
     *
     * @return null when the gateway accepted it, otherwise why not, in words safe to show and journal (never the
     *     text or a credential)
     */
    @Nullable String send(String to, String text);
}
