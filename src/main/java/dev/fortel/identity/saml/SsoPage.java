package dev.fortel.identity.saml;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.FortelProperties;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Security → Single sign-on: what to register at the company's identity provider (Fortel's entity id, ACS and
 * certificate), the IdP's metadata, the domains that lead to it, the mapping, and "SSO only". Changes need a recent
 * second factor, as in the API.
 */
@Controller
class SsoPage {

    private final SamlProviders providers;
    private final SamlServiceProvider sp;
    private final AccessDecisions access;
    private final StepUp stepUp;
    private final ViolationMessages messages;
    private final FortelProperties properties;

    SsoPage(SamlProviders providers, SamlServiceProvider sp, AccessDecisions access, StepUp stepUp, ViolationMessages messages,
            FortelProperties properties) {
        this.providers = providers;
        this.sp = sp;
        this.access = access;
        this.stepUp = stepUp;
        this.messages = messages;
        this.properties = properties;
    }

    /**
     * The form as posted. Domains are one per line; group mappings are lines {@code role: group}, split at the first
     * colon (a role code has none, a group name may).
     */
    record Form(@Nullable Boolean enabled, @Nullable String metadataXml, @Nullable String metadataUrl, @Nullable String metadataCaPem,
            @Nullable String domains,
            @Nullable Boolean jit, @Nullable Boolean ssoOnly, @Nullable String emailAttribute, @Nullable String nameAttribute,
            @Nullable String phoneAttribute, @Nullable String groupsAttribute, @Nullable String groupRoles) {

        static Form blank() {
            return new Form(true, "", "", "", "", false, false, "mail", "displayName", "", "", "");
        }

        static Form of(SamlSettings s) {
            StringBuilder roles = new StringBuilder();
            s.groupRoles().forEach(g -> roles.append(g.role().code()).append(": ").append(g.group()).append('\n'));
            return new Form(s.enabled(), "", nz(s.metadataUrl()), "", String.join("\n", s.domains()), s.jit(), s.ssoOnly(), nz(s.emailAttribute()),
                    nz(s.nameAttribute()), nz(s.phoneAttribute()), nz(s.groupsAttribute()), roles.toString().strip());
        }

        SamlProviders.Draft draft() {
            List<String> listed = new ArrayList<>();
            if (domains != null) {
                for (String line : domains.split("[\\r\\n,;]+")) {
                    if (!line.isBlank()) {
                        listed.add(line);
                    }
                }
            }
            List<SamlProviders.GroupRoleDraft> mapped = new ArrayList<>();
            if (groupRoles != null) {
                for (String line : groupRoles.split("\\R")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    int colon = line.indexOf(':');
                    mapped.add(colon < 0 ? new SamlProviders.GroupRoleDraft(line, null)
                            : new SamlProviders.GroupRoleDraft(line.substring(colon + 1), line.substring(0, colon)));
                }
            }
            return new SamlProviders.Draft(Boolean.TRUE.equals(enabled), metadataXml, metadataUrl, metadataCaPem, listed, Boolean.TRUE.equals(jit),
                    Boolean.TRUE.equals(ssoOnly), emailAttribute, nameAttribute, phoneAttribute, groupsAttribute, mapped);
        }
    }

    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @GetMapping("/security/sso")
    String show(Model model, HttpServletRequest request) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        Optional<SamlSettings> settings = providers.find(s.tenantId());
        return page(s, settings.orElse(null), settings.map(Form::of).orElseGet(Form::blank), Map.of(), model, request);
    }

    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @PostMapping("/security/sso")
    String save(@ModelAttribute Form form, Model model, HttpServletRequest request, RedirectAttributes redirect) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        stepUp.require(s);
        try {
            providers.save(s, form.draft());
        } catch (ValidationFailedException invalid) {
            return page(s, providers.find(s.tenantId()).orElse(null), form, messages.byField(invalid), model, request);
        }
        redirect.addFlashAttribute("notice", "sso.saved");
        return "redirect:/security/sso";
    }

    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @PostMapping("/security/sso/remove")
    String remove(RedirectAttributes redirect) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        providers.get(s.tenantId());
        stepUp.require(s);
        providers.remove(s);
        redirect.addFlashAttribute("notice", "sso.removed");
        return "redirect:/security/sso";
    }

    private String page(Subject s, @Nullable SamlSettings settings, Form form, Map<String, String> errors, Model model,
            HttpServletRequest request) {
        String base = properties.baseUrl(request.getLocalPort());
        model.addAttribute("settings", settings);
        model.addAttribute("fingerprints", settings == null ? List.of() : SamlProviders.fingerprints(settings.idpCertificates()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("entityId", SamlServiceProvider.entityId(base, s.tenantId()));
        model.addAttribute("acsUrl", SamlServiceProvider.acsUrl(base, s.tenantId()));
        model.addAttribute("certificate", sp.certificate(s.tenantId()));
        model.addAttribute("domainErrors", ViolationMessages.byLine(errors, "domains"));
        model.addAttribute("mappingErrors", ViolationMessages.byLine(errors, "group_roles"));
        return "security/sso";
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }
}
