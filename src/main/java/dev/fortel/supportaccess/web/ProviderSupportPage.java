package dev.fortel.supportaccess.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.access.SupportGrants;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import dev.fortel.supportaccess.SupportAccess;
import dev.fortel.supportaccess.SupportGrant;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantKind;
import dev.fortel.tenancy.Tenants;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The support agent's console page: ask a company for access, follow the requests, and enter a company under a grant
 * in force (the session then acts inside it, see {@link SupportGrants#SESSION_ATTRIBUTE}) or leave it.
 */
@Controller
class ProviderSupportPage {

    private final SupportAccess support;
    private final AccessDecisions access;
    private final Tenants tenants;
    private final ViolationMessages messages;
    private final StepUp stepUp;
    private final Clock clock;

    ProviderSupportPage(SupportAccess support, AccessDecisions access, Tenants tenants, ViolationMessages messages, StepUp stepUp, Clock clock) {
        this.support = support;
        this.access = access;
        this.tenants = tenants;
        this.messages = messages;
        this.stepUp = stepUp;
        this.clock = clock;
    }

    @RequiresFunction(Permission.SUPPORT_ACCESS_REQUEST)
    @GetMapping("/provider/support")
    String page(Model model) {
        Subject agent = access.require(Permission.SUPPORT_ACCESS_REQUEST);
        List<Tenant> companies = TenantContext.asPlatform(() -> tenants.all()).stream().filter(t -> t.kind() == TenantKind.CLIENT).toList();
        Map<UUID, String> names = companies.stream().collect(Collectors.toMap(t -> t.id().value(), Tenant::name));
        model.addAttribute("companies", companies);
        model.addAttribute("names", names);
        model.addAttribute("requests", support.ofAgent(agent));
        model.addAttribute("functions", SupportAccess.SUPPORTABLE.stream().sorted().toList());
        model.addAttribute("now", clock.instant());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "support/provider";
    }

    @RequiresFunction(Permission.SUPPORT_ACCESS_REQUEST)
    @PostMapping("/provider/support")
    String request(@RequestParam(name = "company", required = false) @Nullable UUID company, @RequestParam(name = "reason", required = false) @Nullable String reason,
            @RequestParam(name = "ticket", required = false) @Nullable String ticket, @RequestParam(name = "access", required = false) @Nullable String mode,
            @RequestParam(name = "functions", required = false) @Nullable List<String> functions,
            @RequestParam(name = "minutes", required = false) @Nullable Integer minutes, RedirectAttributes redirect) {
        Subject agent = access.require(Permission.SUPPORT_ACCESS_REQUEST);
        try {
            SupportGrant g = support.request(agent, new SupportAccess.RequestDraft(company, reason, ticket, "read_only".equals(mode) ? null : functions,
                    "read_only".equals(mode) ? "read_only" : null, minutes));
            redirect.addFlashAttribute("notice", "support.requestedNotice");
            redirect.addFlashAttribute("noticeArg", TenantContext.asPlatform(() -> tenants.find(g.company())).map(Tenant::name).orElse(""));
        } catch (ValidationFailedException invalid) {
            redirect.addFlashAttribute("errors", messages.byField(invalid));
        }
        return "redirect:/provider/support";
    }

    /** Enters the company under a grant in force; a recent second factor first (the step-up page asks for it). */
    @RequiresFunction(Permission.SUPPORT_ACCESS_REQUEST)
    @PostMapping("/provider/support/{id}/enter")
    String enter(@PathVariable("id") UUID id, HttpSession session, RedirectAttributes redirect) {
        Subject agent = access.require(Permission.SUPPORT_ACCESS_REQUEST);
        stepUp.require(agent);
        if (support.enter(agent, id).isEmpty()) {
            redirect.addFlashAttribute("notice", "support.notInForceNotice");
            redirect.addFlashAttribute("noticeArg", "");
            return "redirect:/provider/support";
        }
        session.setAttribute(SupportGrants.SESSION_ATTRIBUTE, id);
        return "redirect:/employees";
    }

    @SignedInOnly(reason = "leaving a company entered as support needs no function: inside it the agent holds only the grant's")
    @PostMapping("/provider/support/leave")
    String leave(HttpSession session) {
        session.removeAttribute(SupportGrants.SESSION_ATTRIBUTE);
        return "redirect:/provider/support";
    }
}
