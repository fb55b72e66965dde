package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.telephony.OutboundDecision;
import dev.fortel.telephony.OutboundPolicies;
import dev.fortel.telephony.OutboundPolicy;
import dev.fortel.telephony.SipAccount;
import dev.fortel.telephony.SipAccounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The company's calling policy, and the decision "may this call go out" that the SIP edge asks too. */
@RestController
@Tag(name = "Calling policy")
class OutboundPolicyApi {

    private final OutboundPolicies policies;
    private final SipAccounts sipAccounts;
    private final Employees employees;
    private final AccessDecisions access;

    OutboundPolicyApi(OutboundPolicies policies, SipAccounts sipAccounts, Employees employees, AccessDecisions access) {
        this.policies = policies;
        this.sipAccounts = sipAccounts;
        this.employees = employees;
        this.access = access;
    }

    record GroupJson(@Nullable UUID groupId, @Nullable List<String> allowedCountries) {}

    record PolicyJson(@Nullable String homeCountry, @Nullable List<String> allowedCountries, @Nullable Boolean blockPremium,
            @Nullable List<GroupJson> groups) {

        static PolicyJson of(OutboundPolicy p) {
            return new PolicyJson(p.homeCountry(), p.allowedCountries().stream().sorted().toList(), p.blockPremium(),
                    p.groups().entrySet().stream().map(e -> new GroupJson(e.getKey(), e.getValue().stream().sorted().toList())).toList());
        }
    }

    /** @param from the caller: an employee id, or a SIP address of this company ({@code 101@t….sip…}) */
    record DecisionRequest(@Nullable String from, @Nullable String to) {}

    @Operation(summary = "Where outgoing calls may go: home country, allowed destination countries, narrower lists per group, premium-rate blocking")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_VIEW)
    @GetMapping("/api/v1/telephony/outbound-policy")
    PolicyJson get() {
        return PolicyJson.of(policies.of(access.require(Permission.TELEPHONY_POLICIES_VIEW).tenantId()));
    }

    @Operation(summary = "Replace the calling policy (countries as ISO 3166-1 alpha-2 codes); journaled with before and after")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @PutMapping("/api/v1/telephony/outbound-policy")
    PolicyJson put(@RequestBody PolicyJson body) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_MANAGE);
        Map<UUID, List<String>> groups = new LinkedHashMap<>();
        List<GroupJson> listed = body.groups() == null ? List.of() : body.groups();
        for (int i = 0; i < listed.size(); i++) {
            GroupJson g = listed.get(i);
            if (g.groupId() == null) {
                throw ValidationFailedException.of("groups[" + i + "].group_id", "outbound.groupMissing", "is required: the group whose members the list narrows");
            }
            groups.put(g.groupId(), g.allowedCountries() == null ? List.of() : g.allowedCountries());
        }
        return PolicyJson.of(policies.change(s, body.homeCountry() == null ? "" : body.homeCountry(),
                body.allowedCountries() == null ? List.of() : body.allowedCountries(), Boolean.TRUE.equals(body.blockPremium()), groups));
    }

    @Operation(summary = "May this call go out? Answers allow or deny with the reason, the number in E.164, its country and type")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_VIEW)
    @PostMapping("/api/v1/telephony/outbound-decisions")
    OutboundDecision decide(@RequestBody DecisionRequest body) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_VIEW);
        Employee caller = caller(s, body.from());
        return policies.decide(s.tenantId(), caller, body.to() == null ? "" : body.to());
    }

    private Employee caller(Subject s, @Nullable String from) {
        String text = from == null ? "" : from.strip();
        Optional<Employee> found = Optional.empty();
        if (text.contains("@")) {
            found = sipAccounts.byAddress(s.tenantId(), text).map(SipAccount::employeeId).flatMap(id -> employees.find(s.tenantId(), id));
        } else {
            try {
                found = employees.find(s.tenantId(), UUID.fromString(text));
            } catch (IllegalArgumentException notAnId) {
                found = Optional.empty();
            }
        }
        return found.orElseThrow(() -> ValidationFailedException.of("from", "outbound.from",
                "must be an employee id or a SIP address of this company, such as 101@" + sipAccounts.domainOf(s.tenantId())));
    }
}
