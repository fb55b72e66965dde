package dev.fortel.supportaccess.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import dev.fortel.supportaccess.SupportAccess;
import dev.fortel.supportaccess.SupportGrant;
import dev.fortel.supportaccess.SupportPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The client company's console page: support's requests to decide, grants in force to revoke, the history and the policy. */
@Controller
class SupportAccessPage {

    private final SupportAccess support;
    private final AccessDecisions access;
    private final ViolationMessages messages;
    private final Clock clock;

    SupportAccessPage(SupportAccess support, AccessDecisions access, ViolationMessages messages, Clock clock) {
        this.support = support;
        this.access = access;
        this.messages = messages;
        this.clock = clock;
    }

    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @GetMapping("/support-access")
    String page(Model model) {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        Instant now = clock.instant();
        List<SupportGrant> all = support.ofCompany(s.tenantId());
        model.addAttribute("waiting", all.stream().filter(g -> g.statusAt(now) == SupportGrant.Status.REQUESTED).toList());
        model.addAttribute("active", all.stream().filter(g -> g.inForce(now)).toList());
        model.addAttribute("history", all.stream().filter(g -> g.statusAt(now) != SupportGrant.Status.REQUESTED && !g.inForce(now)).toList());
        model.addAttribute("now", now);
        model.addAttribute("policy", support.policy(s.tenantId()));
        model.addAttribute("readOnly", SupportAccess.READ_ONLY.stream().sorted().toList());
        // Nobody grants what they do not hold: such functions are shown, unticked and locked, rather than refused later.
        model.addAttribute("held", java.util.Arrays.stream(Permission.values()).filter(s::has).collect(java.util.stream.Collectors.toSet()));
        model.addAttribute("modes", List.of(SupportPolicy.Mode.values()));
        return "support/company";
    }

    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @PostMapping("/support-access/{id}/approve")
    String approve(@PathVariable("id") UUID id, @RequestParam(name = "functions", required = false) @Nullable List<String> functions,
            @RequestParam(name = "minutes", required = false) @Nullable Integer minutes, RedirectAttributes redirect) {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        SupportGrant g = support.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("support_request"));
        return decided(redirect, "support.approvedNotice", g.agentName(),
                () -> support.approve(s, id, new SupportAccess.Approval(functions == null ? List.of() : functions, minutes, null, null)));
    }

    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @PostMapping("/support-access/{id}/deny")
    String deny(@PathVariable("id") UUID id, @RequestParam(name = "note", required = false) @Nullable String note, RedirectAttributes redirect) {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        SupportGrant g = support.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("support_request"));
        return decided(redirect, "support.deniedNotice", g.agentName(), () -> support.deny(s, id, note));
    }

    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @PostMapping("/support-access/{id}/revoke")
    String revoke(@PathVariable("id") UUID id, RedirectAttributes redirect) {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        SupportGrant g = support.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("support_request"));
        return decided(redirect, "support.revokedNotice", g.agentName(), () -> support.revoke(s, id, null));
    }

    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @PostMapping("/support-access/policy")
    String policy(@RequestParam(name = "mode", required = false) @Nullable String mode,
            @RequestParam(name = "autoFunctions", required = false) @Nullable List<String> autoFunctions,
            @RequestParam(name = "maxMinutes", required = false) @Nullable Integer maxMinutes, RedirectAttributes redirect) {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        return decided(redirect, "support.policySaved", "",
                () -> support.setPolicy(s, new SupportAccess.PolicyDraft(mode, autoFunctions == null ? List.of() : autoFunctions, maxMinutes)));
    }

    private String decided(RedirectAttributes redirect, String notice, String arg, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", notice);
            redirect.addFlashAttribute("noticeArg", arg);
        } catch (ValidationFailedException invalid) {
            redirect.addFlashAttribute("supportError", String.join("; ", messages.byField(invalid).values()));
        } catch (ConflictException conflict) {
            redirect.addFlashAttribute("supportError", String.join("; ", messages.byField(conflict).values()));
        }
        return "redirect:/support-access";
    }
}
