package dev.fortel.identity.iprules;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Why an address was refused, for the journal: never shown to the person refused, who only learns that
 * their network address is not allowed.
 *
 * @param list {@code provider} (the provider-wide deny-list) or {@code tenant} (the company's own rules)
 * @param ruleId the deny rule that matched; {@code null} when the address matched none of a scope's allow rules
 * @param scope the scope whose rules refused it; {@code null} for the provider-wide deny-list
 * @param reason {@code denied} (a deny rule matched) or {@code not_allowed} (an allow-list exists and the address is not on it)
 * @param ip the client address in canonical form
 */
public record Refusal(String list, @Nullable UUID ruleId, @Nullable IpRuleScope scope, String reason, String ip) {

    public static final String PROVIDER = "provider";
    public static final String TENANT = "tenant";
    public static final String DENIED = "denied";
    public static final String NOT_ALLOWED = "not_allowed";

    public @Nullable String scopeCode() {
        return scope == null ? null : scope.code();
    }
}
