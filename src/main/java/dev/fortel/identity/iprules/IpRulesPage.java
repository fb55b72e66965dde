package dev.fortel.identity.iprules;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's "Security → IP rules": the company's rules with an add form, and an edit page per rule.
 * A rejected form comes back with what was typed still in its fields and each message beside its field.
 */
@Controller
class IpRulesPage {

    private final IpRules rules;
    private final IpRuleEditor editor;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    IpRulesPage(IpRules rules, IpRuleEditor editor, AccessDecisions access, ViolationMessages messages) {
        this.rules = rules;
        this.editor = editor;
        this.access = access;
        this.messages = messages;
    }

    @RequiresFunction(Permission.SECURITY_SETTINGS_VIEW)
    @GetMapping("/security/ip-rules")
    String list(Model model) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_VIEW);
        return list(s, form(new IpRuleDraft("deny", "", "employees", "")), Map.of(), model);
    }

    @RequiresFunction(Permission.SECURITY_SETTINGS_MANAGE)
    @PostMapping("/security/ip-rules")
    String create(@RequestParam(required = false) String action, @RequestParam(required = false) String address,
            @RequestParam(required = false) String scope, @RequestParam(required = false) String note, Model model,
            RedirectAttributes redirect) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_MANAGE);
        IpRuleDraft draft = new IpRuleDraft(action, address, scope, note);
        try {
            IpRule r = editor.create(s, draft);
            redirect.addFlashAttribute("notice", "iprules.notice.created");
            redirect.addFlashAttribute("noticeArg", r.range().text());
            return "redirect:/security/ip-rules";
        } catch (ValidationFailedException e) {
            return list(s, form(draft), errors(messages, e), model);
        } catch (ConflictException e) {
            return list(s, form(draft), errors(messages, e), model);
        }
    }

    @RequiresFunction(Permission.SECURITY_SETTINGS_VIEW)
    @GetMapping("/security/ip-rules/{id}")
    String edit(@PathVariable UUID id, Model model) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_VIEW);
        IpRule r = rules.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("IP rule"));
        return edit(s, r, form(IpRuleDraft.of(r)), Map.of(), model);
    }

    @RequiresFunction(Permission.SECURITY_SETTINGS_MANAGE)
    @PostMapping("/security/ip-rules/{id}")
    String update(@PathVariable UUID id, @RequestParam(required = false) String action, @RequestParam(required = false) String address,
            @RequestParam(required = false) String scope, @RequestParam(required = false) String note, Model model,
            RedirectAttributes redirect) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_MANAGE);
        IpRule r = rules.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("IP rule"));
        IpRuleDraft draft = new IpRuleDraft(action, address, scope, note);
        try {
            editor.update(s, id, base -> draft);
            redirect.addFlashAttribute("notice", "iprules.notice.saved");
            return "redirect:/security/ip-rules";
        } catch (ValidationFailedException e) {
            return edit(s, r, form(draft), errors(messages, e), model);
        } catch (ConflictException e) {
            return edit(s, r, form(draft), errors(messages, e), model);
        }
    }

    @RequiresFunction(Permission.SECURITY_SETTINGS_MANAGE)
    @PostMapping("/security/ip-rules/{id}/delete")
    String delete(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_MANAGE);
        IpRule r = rules.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("IP rule"));
        try {
            editor.delete(s, id);
        } catch (ValidationFailedException e) {
            return edit(s, r, form(IpRuleDraft.of(r)), errors(messages, e), model);
        }
        redirect.addFlashAttribute("notice", "iprules.notice.deleted");
        redirect.addFlashAttribute("noticeArg", r.range().text());
        return "redirect:/security/ip-rules";
    }

    private String list(Subject s, Map<String, String> form, Map<String, String> errors, Model model) {
        model.addAttribute("items", rules.all(s.tenantId()).stream().map(IpRulesApi::view).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        common(s, model);
        return "security/ip-rules";
    }

    private String edit(Subject s, IpRule r, Map<String, String> form, Map<String, String> errors, Model model) {
        model.addAttribute("rule", IpRulesApi.view(r));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        common(s, model);
        return "security/ip-rule";
    }

    private static void common(Subject s, Model model) {
        model.addAttribute("editable", s.has(Permission.SECURITY_SETTINGS_MANAGE));
        model.addAttribute("denyListTab", s.has(Permission.TENANTS_MANAGE));
        model.addAttribute("yourAddress", yourAddress());
        model.addAttribute("scopes", java.util.Arrays.stream(IpRuleScope.values()).map(IpRuleScope::code).toList());
        model.addAttribute("actions", java.util.Arrays.stream(IpRuleAction.values()).map(IpRuleAction::code).toList());
    }

    /**
     * Messages by field for a form. Unlike {@link ViolationMessages#byField}, every problem of a field is
     * kept ({@code 10.0.0.300/33} has two), joined in one line beside the field.
     */
    static Map<String, String> errors(ViolationMessages messages, ValidationFailedException e) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (ValidationFailedException.Violation v : e.violations()) {
            byField.merge(v.field(), messages.text(v.text()), (a, b) -> a + "; " + b);
        }
        return byField;
    }

    static Map<String, String> errors(ViolationMessages messages, ConflictException e) {
        return messages.byField(e);
    }

    static @Nullable String yourAddress() {
        String ip = RequestOrigin.current().ip();
        return ip == null ? null : IpRange.canonicalClient(ip);
    }

    private static Map<String, String> form(IpRuleDraft d) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", d.action() == null ? "" : d.action());
        form.put("address", d.address() == null ? "" : d.address());
        form.put("scope", d.scope() == null ? "" : d.scope());
        form.put("note", d.note() == null ? "" : d.note());
        return form;
    }
}
