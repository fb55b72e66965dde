package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import dev.fortel.telephony.OutboundPolicies;
import dev.fortel.telephony.OutboundPolicy;
import dev.fortel.telephony.SipAccount;
import dev.fortel.telephony.SipAccounts;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's calling policy: the company's countries and premium-rate blocking as one form, the groups'
 * narrower lists (set through the API), and a check "may this number be called" that answers as the SIP edge would.
 */
@Controller
class OutboundPolicyPage {

    private final OutboundPolicies policies;
    private final SipAccounts sipAccounts;
    private final Employees employees;
    private final AccessDecisions access;
    private final ViolationMessages messages;
    private final dev.fortel.directory.Groups groups;

    OutboundPolicyPage(OutboundPolicies policies, SipAccounts sipAccounts, Employees employees, AccessDecisions access, ViolationMessages messages,
            dev.fortel.directory.Groups groups) {
        this.groups = groups;
        this.policies = policies;
        this.sipAccounts = sipAccounts;
        this.employees = employees;
        this.access = access;
        this.messages = messages;
    }

    @RequiresFunction(Permission.TELEPHONY_POLICIES_VIEW)
    @GetMapping("/telephony/outbound")
    String show(Model model) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_VIEW);
        OutboundPolicy p = policies.of(s.tenantId());
        return page(s, p.homeCountry(), String.join(", ", p.allowedCountries().stream().sorted().toList()), p.blockPremium(), Map.of(), model);
    }

    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @PostMapping("/telephony/outbound")
    String save(@RequestParam(name = "homeCountry", required = false) @Nullable String home,
            @RequestParam(name = "allowedCountries", required = false) @Nullable String allowed,
            @RequestParam(name = "blockPremium", required = false) @Nullable String blockPremium, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_MANAGE);
        OutboundPolicy current = policies.of(s.tenantId());
        List<String> list = allowed == null ? List.of() : Arrays.stream(allowed.split("[,;\\s]+")).filter(c -> !c.isBlank()).toList();
        Map<UUID, List<String>> groups = current.groups().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        try {
            policies.change(s, home == null ? "" : home, list, blockPremium != null, groups);
        } catch (ValidationFailedException e) {
            return page(s, home == null ? "" : home, allowed == null ? "" : allowed, blockPremium != null, messages.byField(e), model);
        }
        redirect.addFlashAttribute("notice", "outbound.saved");
        return "redirect:/telephony/outbound";
    }

    @RequiresFunction(Permission.TELEPHONY_POLICIES_VIEW)
    @PostMapping("/telephony/outbound/check")
    String check(@RequestParam(name = "to", required = false) @Nullable String to, @RequestParam(name = "from", required = false) @Nullable String from,
            Model model) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_VIEW);
        OutboundPolicy p = policies.of(s.tenantId());
        model.addAttribute("checkedTo", to);
        model.addAttribute("checkedFrom", from);
        try {
            Employee caller = caller(s, from);
            model.addAttribute("decision", policies.decide(s.tenantId(), caller, to == null ? "" : to));
        } catch (ValidationFailedException e) {
            model.addAttribute("checkErrors", messages.byField(e));
        }
        return page(s, p.homeCountry(), String.join(", ", p.allowedCountries().stream().sorted().toList()), p.blockPremium(), Map.of(), model);
    }

    /** The caller to check as: a SIP address of the company, or the viewer. */
    private Employee caller(Subject s, @Nullable String from) {
        if (from == null || from.isBlank()) {
            return employees.find(s.tenantId(), s.employeeId()).orElseThrow(() -> new NotFoundException("employee"));
        }
        return sipAccounts.byAddress(s.tenantId(), from.strip()).map(SipAccount::employeeId).flatMap(id -> employees.find(s.tenantId(), id))
                .orElseThrow(() -> ValidationFailedException.of("from", "outbound.from",
                        "must be an employee id or a SIP address of this company, such as 101@" + sipAccounts.domainOf(s.tenantId())));
    }

    private String page(Subject s, String home, String allowed, boolean blockPremium, Map<String, String> errors, Model model) {
        OutboundPolicy p = policies.of(s.tenantId());
        model.addAttribute("home", home);
        model.addAttribute("allowed", allowed);
        model.addAttribute("blockPremium", blockPremium);
        model.addAttribute("errors", errors);
        // The list's errors are per entry (allowed_countries[1]); the field shows the first of them.
        model.addAttribute("allowedError", errors.entrySet().stream().filter(e -> e.getKey().startsWith("allowed_countries"))
                .map(Map.Entry::getValue).findFirst().orElse(null));
        model.addAttribute("canManage", s.has(Permission.TELEPHONY_POLICIES_MANAGE));
        model.addAttribute("groups", p.groups().entrySet().stream()
                .map(e -> Map.of("name", groupName(s, e.getKey()), "countries", String.join(", ", e.getValue().stream().sorted().toList())))
                .toList());
        if (!model.containsAttribute("checkErrors")) {
            model.addAttribute("checkErrors", Map.of());
        }
        return "telephony/outbound";
    }

    private String groupName(Subject s, UUID group) {
        return groups.find(s.tenantId(), group).map(g -> g.name()).orElse(group.toString());
    }
}
