package dev.fortel.audit.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.audit.alerting.AlertKind;
import dev.fortel.audit.alerting.AlertSettings;
import dev.fortel.audit.correlation.CorrelationRules;
import dev.fortel.audit.correlation.SecurityAlert;
import dev.fortel.audit.correlation.SecurityAlerts;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.geo.CountryDatabase;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.Tenants;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * Journal → Alerts, Rules and E-mail alerts: the alerts rules raised (open first, handled with a note), the rule files
 * (built-ins on, off or rewritten, and the company's own, edited as YAML), and who is mailed which alerts. For the
 * provider's operators the same pages hold the provider's rules over every company and the alerts they raised: the
 * provider's continuous monitoring.
 */
@Controller
class AlertsPage {

    private static final String NEW_RULE = """
            # A detection: which events count. Fields: type, outcome, actor.id, actor.name, actor.ip, target.name,
            # details.<path>, hour and weekday (in the timezone below); modifiers |startswith |contains |cidr |lt |gte ...
            title: Call history exported
            name: history_exported
            detection:
              selection:
                type: calls.history.exported
              condition: selection
            ---
            # A correlation over it: event_count, value_count, temporal, temporal_ordered or first_seen.
            title: Call history exported many times by one employee
            name: many_history_exports
            level: high
            correlation:
              type: event_count
              rules: history_exported
              group-by: actor.id
              timespan: 1h
              condition:
                gte: 10
            """;

    private final SecurityAlerts alerts;
    private final CorrelationRules rules;
    private final AlertSettings settings;
    private final AccessDecisions access;
    private final StepUp stepUp;
    private final ViolationMessages messages;
    private final Tenants tenants;

    private final CountryDatabase countries;

    AlertsPage(SecurityAlerts alerts, CorrelationRules rules, AlertSettings settings, AccessDecisions access, StepUp stepUp, ViolationMessages messages,
            Tenants tenants, CountryDatabase countries) {
        this.countries = countries;
        this.alerts = alerts;
        this.rules = rules;
        this.settings = settings;
        this.access = access;
        this.stepUp = stepUp;
        this.messages = messages;
        this.tenants = tenants;
    }

    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @GetMapping("/journal/alerts")
    String list(@RequestParam(required = false) @Nullable String status, Model model) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        SecurityAlert.Status wanted;
        try {
            wanted = AlertsApi.status(status, true);
        } catch (ValidationFailedException e) {
            wanted = null;
        }
        List<SecurityAlert> items = alerts.list(s.tenantId(), wanted, 200);
        model.addAttribute("items", items);
        model.addAttribute("status", wanted == null ? "" : wanted.name().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("provider", s.provider());
        if (s.provider()) {
            Map<UUID, String> names = TenantContext.asPlatform(() -> tenants.all()).stream().collect(Collectors.toMap(t -> t.id().value(), Tenant::name));
            model.addAttribute("companies", names);
        }
        return "journal/alerts";
    }

    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @PostMapping("/journal/alerts/{id}")
    String handle(@PathVariable("id") UUID id, @RequestParam("status") String status, @RequestParam(name = "note", required = false) @Nullable String note,
            RedirectAttributes redirect) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        SecurityAlert a = alerts.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("alert"));
        try {
            alerts.handle(s, id, AlertsApi.status(status, false), note);
            redirect.addFlashAttribute("notice", "closed".equals(status) ? "alerts.closedNotice" : "alerts.acknowledgedNotice");
            redirect.addFlashAttribute("noticeArg", a.title());
        } catch (ValidationFailedException invalid) {
            redirect.addFlashAttribute("alertError", messages.byField(invalid).values().iterator().next());
        }
        return "redirect:/journal/alerts";
    }

    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @GetMapping("/journal/rules")
    String rules(Model model) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        model.addAttribute("files", rules.list(s.tenantId(), s.provider()));
        model.addAttribute("provider", s.provider());
        // Whether "a new country" can match at all: companies see that it cannot, the provider also why.
        model.addAttribute("geo", countries.status());
        return "journal/rules";
    }

    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @GetMapping("/journal/rules/new")
    String newRule(Model model) {
        access.require(Permission.SECURITY_ALERTS_MANAGE);
        return ruleForm(null, "", NEW_RULE, true, Map.of(), model);
    }

    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @GetMapping("/journal/rules/{name}")
    String rule(@PathVariable("name") String name, Model model) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        CorrelationRules.RuleFileView f = rules.get(s.tenantId(), s.provider(), name);
        return ruleForm(f, f.name(), f.yaml(), f.enabled(), Map.of(), model);
    }

    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @PostMapping({"/journal/rules/new", "/journal/rules/{name}"})
    String saveRule(@PathVariable(name = "name", required = false) @Nullable String existing, @RequestParam(name = "name", required = false) @Nullable String name,
            @RequestParam("yaml") String yaml, @RequestParam(name = "enabled", required = false) @Nullable Boolean enabled, Model model,
            RedirectAttributes redirect) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        CorrelationRules.RuleFileView before = existing == null ? null : rules.get(s.tenantId(), s.provider(), existing);
        String target = existing != null ? existing : name == null ? "" : name.strip();
        stepUp.require(s);
        try {
            if (before == null && rules.list(s.tenantId(), s.provider()).stream().anyMatch(f -> f.name().equals(target))) {
                throw ValidationFailedException.of("name", "correlation.nameTaken", "a rule file of this name exists; open it to change it");
            }
            CorrelationRules.RuleFileView saved = rules.save(s, s.provider(), target, yaml, Boolean.TRUE.equals(enabled));
            redirect.addFlashAttribute("notice", "rules.saved");
            redirect.addFlashAttribute("noticeArg", saved.title());
        } catch (ValidationFailedException invalid) {
            return ruleForm(before, target, yaml, Boolean.TRUE.equals(enabled), messages.byField(invalid), model);
        }
        return "redirect:/journal/rules";
    }

    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @PostMapping("/journal/rules/{name}/enabled")
    String enable(@PathVariable("name") String name, @RequestParam("enabled") boolean enabled, RedirectAttributes redirect) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        CorrelationRules.RuleFileView f = rules.get(s.tenantId(), s.provider(), name);
        stepUp.require(s);
        rules.enable(s, s.provider(), name, enabled);
        redirect.addFlashAttribute("notice", enabled ? "rules.enabledNotice" : "rules.disabledNotice");
        redirect.addFlashAttribute("noticeArg", f.title());
        return "redirect:/journal/rules";
    }

    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @PostMapping("/journal/rules/{name}/delete")
    String delete(@PathVariable("name") String name, RedirectAttributes redirect) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        CorrelationRules.RuleFileView f = rules.get(s.tenantId(), s.provider(), name);
        stepUp.require(s);
        rules.delete(s, s.provider(), name);
        redirect.addFlashAttribute("notice", f.builtIn() ? "rules.resetNotice" : "rules.deletedNotice");
        redirect.addFlashAttribute("noticeArg", f.title());
        return "redirect:/journal/rules";
    }

    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @GetMapping("/journal/alert-mail")
    String mail(Model model) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        AlertSettings.Settings current = settings.get(s.tenantId());
        Map<String, String> recipients = new LinkedHashMap<>();
        current.recipients().forEach((k, v) -> recipients.put(k.code(), String.join("\n", v)));
        return mailForm(recipients, String.join("\n", current.watched().stream().map(AlertSettings.Watched::login).toList()), Map.of(), model);
    }

    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @PostMapping("/journal/alert-mail")
    String saveMail(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        stepUp.require(s);
        Map<String, String> recipients = new LinkedHashMap<>();
        Map<String, List<String>> draft = new LinkedHashMap<>();
        for (AlertKind k : AlertKind.values()) {
            String text = form.getOrDefault("recipients." + k.code(), "");
            recipients.put(k.code(), text);
            draft.put(k.code(), lines(text));
        }
        String watched = form.getOrDefault("watched", "");
        try {
            settings.save(s, new AlertSettings.Draft(draft, lines(watched)));
        } catch (ValidationFailedException invalid) {
            return mailForm(recipients, watched, messages.byField(invalid), model);
        }
        redirect.addFlashAttribute("notice", "alertMail.saved");
        return "redirect:/journal/alert-mail";
    }

    private String ruleForm(CorrelationRules.@Nullable RuleFileView file, String name, String yaml, boolean enabled, Map<String, String> errors, Model model) {
        model.addAttribute("file", file);
        model.addAttribute("name", name);
        model.addAttribute("yaml", yaml);
        model.addAttribute("enabled", enabled);
        model.addAttribute("errors", errors);
        return "journal/rule-form";
    }

    private String mailForm(Map<String, String> recipients, String watched, Map<String, String> errors, Model model) {
        model.addAttribute("kinds", Arrays.stream(AlertKind.values()).map(AlertKind::code).toList());
        model.addAttribute("recipients", recipients);
        model.addAttribute("watched", watched);
        model.addAttribute("errors", errors);
        return "journal/alert-mail";
    }

    private static List<String> lines(String text) {
        // One per line (or separated by commas): an entry with a space inside is one wrong entry, not two.
        return Arrays.stream(text.split("[,;\\r\\n]+")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
