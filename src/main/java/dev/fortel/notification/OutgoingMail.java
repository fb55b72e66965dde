package dev.fortel.notification;

import dev.fortel.tenancy.TenantId;

/**
 * A mail to queue: plain text, already in the recipient's language.
 *
 * @param tenantId the company the mail belongs to (whose person it is for; the provider's for its own mail)
 * @param kind a stable code for what it is ({@code welcome}, {@code password_reset}, {@code test}, ...), kept after delivery
 */
public record OutgoingMail(TenantId tenantId, String kind, String to, String subject, String body) {}
