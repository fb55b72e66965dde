package dev.fortel.identity.iprules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.access.Role;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The evaluation semantics on compiled rules, scope by scope. */
class IpRuleSetTests {

    private static final TenantId TENANT = TenantId.of(UUID.randomUUID());
    private static final Set<IpRuleScope> EMPLOYEE = IpRuleScope.of(functions(Role.EMPLOYEE), false);
    private static final Set<IpRuleScope> ADMIN = IpRuleScope.of(functions(Role.ADMIN), false);
    private static final Set<IpRuleScope> EMPLOYEE_TOKEN = IpRuleScope.of(functions(Role.EMPLOYEE), true);

    private final List<IpRule> rules = new ArrayList<>();

    @Test
    void withoutRulesEveryAddressIsAdmitted() {
        assertThat(check("203.0.113.9", ADMIN)).isEmpty();
        assertThat(check("not an address", ADMIN)).isEmpty();
    }

    @Test
    void ipv4DenyRangeRefusesItsAddressesOnlyForItsScope() {
        UUID deny = add(IpRuleAction.DENY, "198.51.100.0/24", IpRuleScope.EMPLOYEES);
        assertThat(check("198.51.100.200", EMPLOYEE)).hasValueSatisfying(r -> {
            assertThat(r.ruleId()).isEqualTo(deny);
            assertThat(r.reason()).isEqualTo(Refusal.DENIED);
            assertThat(r.scope()).isEqualTo(IpRuleScope.EMPLOYEES);
        });
        assertThat(check("198.51.100.200", ADMIN)).as("administrators are employees too").isPresent();
        assertThat(check("198.51.101.1", EMPLOYEE)).isEmpty();
    }

    @Test
    void ipv6AllowListAdmitsOnlyItsRange() {
        add(IpRuleAction.ALLOW, "2001:db8:42::/48", IpRuleScope.EMPLOYEES);
        assertThat(check("2001:db8:42::7", EMPLOYEE)).isEmpty();
        assertThat(check("2001:db8:43::7", EMPLOYEE)).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(Refusal.NOT_ALLOWED);
            assertThat(r.ruleId()).isNull();
        });
        assertThat(check("192.0.2.1", EMPLOYEE)).as("an IPv4 address is on no IPv6 allow-list").isPresent();
        assertThat(check("garbage", EMPLOYEE)).as("an unreadable address is on no allow-list").isPresent();
    }

    @Test
    void everyScopeHonoursIpv4AndIpv6RangesToAllowAndToDeny() {
        Set<IpRuleScope> admin = IpRuleScope.of(functions(Role.ADMIN), false);
        Set<IpRuleScope> employeeToken = IpRuleScope.of(functions(Role.EMPLOYEE), true);
        for (IpRuleScope scope : IpRuleScope.values()) {
            // A request of exactly this scope, and one that does not belong to it (if there is one).
            Set<IpRuleScope> inScope = switch (scope) {
                case ADMINS -> admin;
                case EMPLOYEES -> EMPLOYEE;
                case API_TOKENS -> employeeToken;
            };
            Set<IpRuleScope> outOfScope = switch (scope) {
                case ADMINS -> EMPLOYEE;
                case EMPLOYEES -> Set.of();
                case API_TOKENS -> EMPLOYEE;
            };
            for (String[] family : List.of(new String[] {"198.51.100.0/24", "198.51.100.9", "203.0.113.9"},
                    new String[] {"2001:db8:7::/48", "2001:db8:7::9", "2001:db8:8::9"})) {
                rules.clear();
                add(IpRuleAction.DENY, family[0], scope);
                assertThat(check(family[1], inScope)).as("%s deny %s", scope, family[0]).map(Refusal::reason).hasValue(Refusal.DENIED);
                assertThat(check(family[2], inScope)).as("%s deny %s, outside", scope, family[0]).isEmpty();
                assertThat(check(family[1], outOfScope)).as("%s deny %s, other scope", scope, family[0]).isEmpty();

                rules.clear();
                add(IpRuleAction.ALLOW, family[0], scope);
                assertThat(check(family[1], inScope)).as("%s allow %s", scope, family[0]).isEmpty();
                assertThat(check(family[2], inScope)).as("%s allow %s, outside", scope, family[0]).map(Refusal::reason)
                        .hasValue(Refusal.NOT_ALLOWED);
                assertThat(check(family[2], outOfScope)).as("%s allow %s, other scope", scope, family[0]).isEmpty();
            }
        }
    }

    @Test
    void denyWinsOverAnAllowThatAlsoMatches() {
        add(IpRuleAction.ALLOW, "198.51.100.0/24", IpRuleScope.EMPLOYEES);
        UUID deny = add(IpRuleAction.DENY, "198.51.100.66", IpRuleScope.EMPLOYEES);
        assertThat(check("198.51.100.66", EMPLOYEE)).map(Refusal::ruleId).hasValue(deny);
        assertThat(check("198.51.100.67", EMPLOYEE)).isEmpty();
    }

    @Test
    void allowListExcludesEveryOtherAddress() {
        add(IpRuleAction.ALLOW, "192.0.2.0/24", IpRuleScope.EMPLOYEES);
        add(IpRuleAction.ALLOW, "2001:db8::/32", IpRuleScope.EMPLOYEES);
        assertThat(check("192.0.2.10", EMPLOYEE)).isEmpty();
        assertThat(check("2001:db8::10", EMPLOYEE)).isEmpty();
        assertThat(check("203.0.113.10", EMPLOYEE)).isPresent();
        assertThat(check("2001:db9::10", EMPLOYEE)).isPresent();
    }

    @Test
    void administratorOnlyRuleDoesNotAffectAnOrdinaryEmployee() {
        add(IpRuleAction.ALLOW, "192.0.2.0/24", IpRuleScope.ADMINS);
        add(IpRuleAction.DENY, "203.0.113.0/24", IpRuleScope.ADMINS);
        assertThat(check("198.51.100.1", EMPLOYEE)).isEmpty();
        assertThat(check("203.0.113.1", EMPLOYEE)).isEmpty();
        assertThat(check("198.51.100.1", ADMIN)).map(Refusal::scope).hasValue(IpRuleScope.ADMINS);
        assertThat(check("203.0.113.1", ADMIN)).map(Refusal::reason).hasValue(Refusal.DENIED);
        assertThat(check("192.0.2.1", ADMIN)).isEmpty();
    }

    @Test
    void apiTokenRulesJudgeOnlyTokenRequestsAndTokensAnswerToTheirHoldersRulesToo() {
        add(IpRuleAction.DENY, "198.51.100.0/24", IpRuleScope.API_TOKENS);
        assertThat(check("198.51.100.5", EMPLOYEE)).isEmpty();
        assertThat(check("198.51.100.5", EMPLOYEE_TOKEN)).map(Refusal::scope).hasValue(IpRuleScope.API_TOKENS);
        add(IpRuleAction.DENY, "203.0.113.0/24", IpRuleScope.EMPLOYEES);
        assertThat(check("203.0.113.5", EMPLOYEE_TOKEN)).as("a token reaches no further than its holder").map(Refusal::scope)
                .hasValue(IpRuleScope.EMPLOYEES);
    }

    @Test
    void anIpv4ClientReportedAsMappedIpv6IsJudgedByIpv4Rules() {
        add(IpRuleAction.DENY, "192.0.2.0/24", IpRuleScope.EMPLOYEES);
        assertThat(check("::ffff:192.0.2.9", EMPLOYEE)).hasValueSatisfying(r -> assertThat(r.ip()).isEqualTo("192.0.2.9"));
    }

    @Test
    void managementFunctionsMakeAnAdministrator() {
        assertThat(IpRuleScope.of(functions(Role.OWNER), false)).contains(IpRuleScope.ADMINS);
        assertThat(IpRuleScope.of(functions(Role.SECURITY_OFFICER), false)).contains(IpRuleScope.ADMINS);
        assertThat(IpRuleScope.of(functions(Role.OPERATOR), false)).contains(IpRuleScope.ADMINS);
        assertThat(IpRuleScope.of(functions(Role.EMPLOYEE), false)).containsExactly(IpRuleScope.EMPLOYEES);
        assertThat(IpRuleScope.of(functions(Role.EMPLOYEE), true)).isEqualTo(EnumSet.of(IpRuleScope.EMPLOYEES, IpRuleScope.API_TOKENS));
    }

    @Test
    void fingerprintChangesWithTheRulesAndOnlyWithThem() {
        add(IpRuleAction.DENY, "198.51.100.0/24", IpRuleScope.EMPLOYEES);
        String first = new IpRuleSet(rules).fingerprint();
        assertThat(new IpRuleSet(List.copyOf(rules)).fingerprint()).isEqualTo(first);
        add(IpRuleAction.ALLOW, "192.0.2.0/24", IpRuleScope.ADMINS);
        assertThat(new IpRuleSet(rules).fingerprint()).isNotEqualTo(first);
    }

    @Test
    void providerDenyListRefusesWhateverTheScope() {
        DenyEntry entry = new DenyEntry(UUID.randomUUID(), IpRange.parse("address", "198.18.0.0/15"), null, null, null, Instant.EPOCH, Instant.EPOCH);
        DenyList list = new DenyList(List.of(entry));
        assertThat(IpAccess.refusal(list, "198.19.1.1")).hasValueSatisfying(r -> {
            assertThat(r.list()).isEqualTo(Refusal.PROVIDER);
            assertThat(r.ruleId()).isEqualTo(entry.id());
        });
        assertThat(IpAccess.refusal(list, "198.20.0.1")).isEmpty();
    }

    private UUID add(IpRuleAction action, String address, IpRuleScope scope) {
        UUID id = UUID.randomUUID();
        rules.add(new IpRule(TENANT, id, action, IpRange.parse("address", address), scope, null, null, null, Instant.EPOCH, Instant.EPOCH));
        return id;
    }

    private Optional<Refusal> check(String ip, Set<IpRuleScope> scopes) {
        return IpAccess.refusal(new IpRuleSet(rules), scopes, ip);
    }

    private static Set<dev.fortel.access.Permission> functions(Role role) {
        return dev.fortel.access.TenantRoles.defaults().grants(Set.of(role)).keySet();
    }
}
