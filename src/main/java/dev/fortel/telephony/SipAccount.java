package dev.fortel.telephony;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.UUID;

/** An employee's SIP account as listed: never its password or hashes. The SIP address is {@code username@domain}. */
public record SipAccount(TenantId tenantId, UUID id, UUID employeeId, String username, String domain, Instant createdAt,
        Instant passwordChangedAt) {

    public String address() {
        return username + "@" + domain;
    }
}
