package dev.fortel.identity;

import dev.fortel.tenancy.TenantId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Past-tense facts about IP rules and the requests they refused, published for the journal. */
public final class IpRuleEvents {

    // Records copy their maps (values may be null: a rule without a note), so an event keeps the rule as it was.

    private IpRuleEvents() {}

    /** A company's rule was added; {@code after} holds action, address, scope and note. */
    public record RuleCreated(TenantId tenantId, UUID ruleId, String address, Map<String, Object> after) {
        public RuleCreated {
            after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
        }
    }

    public record RuleUpdated(TenantId tenantId, UUID ruleId, String address, Map<String, Object> before, Map<String, Object> after) {
        public RuleUpdated {
            before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
            after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
        }
    }

    public record RuleDeleted(TenantId tenantId, UUID ruleId, String address, Map<String, Object> before) {
        public RuleDeleted {
            before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
        }
    }

    /** An entry was added to the provider-wide deny-list (recorded in the provider's journal). */
    public record DenyEntryCreated(TenantId providerTenantId, UUID entryId, String address, Map<String, Object> after) {
        public DenyEntryCreated {
            after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
        }
    }

    public record DenyEntryUpdated(TenantId providerTenantId, UUID entryId, String address, Map<String, Object> before,
            Map<String, Object> after) {
        public DenyEntryUpdated {
            before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
            after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
        }
    }

    public record DenyEntryDeleted(TenantId providerTenantId, UUID entryId, String address, Map<String, Object> before) {
        public DenyEntryDeleted {
            before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
        }
    }

    /**
     * A sign-in or request was refused because of its network address.
     *
     * @param tenantId whose journal records it: the account's company for its own rules, the provider for the deny-list
     * @param employeeId the account, when known and of this tenant
     * @param login the login as the journal may keep it (see {@code SignInEvents.recordableLogin})
     * @param list {@code tenant} or {@code provider}
     * @param ruleId the deny rule that matched, or {@code null} when the address is on no allow-list of the scope
     * @param scope the scope whose rules refused ({@code admins}, {@code employees}, {@code api_tokens}), or {@code null} for the deny-list
     * @param reason {@code denied} or {@code not_allowed}
     * @param channel {@code password_form}, {@code api_token_sign_in}, {@code api_token} or {@code console_session}
     * @param session the token or session reference, for refused requests of an existing token or session
     */
    public record AddressRefused(TenantId tenantId, @Nullable UUID employeeId, @Nullable String login, String ip, String list,
            @Nullable UUID ruleId, @Nullable String scope, String reason, String channel, @Nullable String userAgent,
            @Nullable String session) {}
}
