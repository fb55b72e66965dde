package dev.fortel.onboarding.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.onboarding.TenantOnboarding;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantKind;
import dev.fortel.tenancy.Tenants;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The provider operator's list of client companies and the form that creates one. */
@RequiresFunction(Permission.TENANTS_MANAGE)
@Controller
class TenantsPage {

    private final TenantOnboarding onboarding;
    private final Tenants tenants;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    TenantsPage(TenantOnboarding onboarding, Tenants tenants, AccessDecisions access, ViolationMessages messages) {
        this.messages = messages;
        this.onboarding = onboarding;
        this.tenants = tenants;
        this.access = access;
    }

    @GetMapping("/tenants")
    String list(Model model) {
        access.require(Permission.TENANTS_MANAGE);
        model.addAttribute("tenants", TenantContext.asPlatform(() -> tenants.all()).stream().filter(t -> t.kind() == TenantKind.CLIENT).toList());
        return "tenants/list";
    }

    @PostMapping("/tenants")
    String create(@RequestParam String name, @RequestParam("owner_email") String ownerEmail,
            @RequestParam(name = "owner_name", required = false) String ownerName, Model model) {
        Subject operator = access.require(Permission.TENANTS_MANAGE);
        model.addAttribute("form", Map.of("name", name, "owner_email", ownerEmail, "owner_name", ownerName == null ? "" : ownerName));
        try {
            TenantOnboarding.Onboarded done = TenantsApi.OwnerFields.rename(() -> onboarding.onboard(operator, name, ownerEmail, ownerName));
            model.addAttribute("created", done);
            model.addAttribute("activationUrl", done.activationUrl());
            model.addAttribute("form", Map.of());
        } catch (ValidationFailedException e) {
            model.addAttribute("errors", messages.byField(e));
        } catch (ConflictException e) {
            model.addAttribute("errors", messages.byField(e));
        }
        return list(model);
    }
}
