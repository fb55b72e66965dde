package dev.fortel.audit.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.audit.JournalTypes;
import dev.fortel.audit.syslog.SyslogTarget;
import dev.fortel.audit.syslog.SyslogTargets;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.FormNumbers;
import dev.fortel.platform.web.ViolationMessages;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Journal → Delivery to SIEM: the company's syslog receivers with where each delivery stands (state, events not yet
 * delivered, the last error in words), a form to add or change one, a test message and removal. Changes need a recent
 * second factor, as in the API.
 */
@Controller
class SyslogTargetsPage {

    private final SyslogTargets targets;
    private final AccessDecisions access;
    private final StepUp stepUp;
    private final ViolationMessages messages;

    private final dev.fortel.audit.JournalRetention retention;

    SyslogTargetsPage(SyslogTargets targets, AccessDecisions access, StepUp stepUp, ViolationMessages messages,
            dev.fortel.audit.JournalRetention retention) {
        this.retention = retention;
        this.targets = targets;
        this.access = access;
        this.stepUp = stepUp;
        this.messages = messages;
    }

    /** The form as posted: numbers as text so that a wrong value is shown back; event types one per line or comma. */
    record Form(@Nullable String name, @Nullable String host, @Nullable String port, @Nullable String transport, @Nullable String format,
            @Nullable String facility, @Nullable String eventTypes, @Nullable String caPem, @Nullable String pinnedSha256,
            @Nullable String clientCertPem, @Nullable String clientKeyPem, @Nullable Boolean enabled, @Nullable Boolean fromBeginning) {

        static Form blank() {
            return new Form("", "", "", "tls", "ocsf", "13", "*", "", "", "", "", true, false);
        }

        static Form of(SyslogTarget t) {
            return new Form(t.name(), t.host(), String.valueOf(t.port()), t.transport().name().toLowerCase(Locale.ROOT),
                    t.format().name().toLowerCase(Locale.ROOT), String.valueOf(t.facility()), String.join("\n", t.events().patterns()),
                    nz(t.caPem()), nz(t.pinnedSha256()), nz(t.clientCertPem()), "", t.enabled(), false);
        }

        SyslogTargets.Draft draft() {
            List<String> types = eventTypes == null ? List.of() : Arrays.stream(eventTypes.split("[,\\s]+")).filter(x -> !x.isBlank()).toList();
            return new SyslogTargets.Draft(name, host, FormNumbers.integer(port, "port", "syslog.port", "must be between 1 and 65535"), transport, format,
                    FormNumbers.integer(facility, "facility", "syslog.facility", "must be a syslog facility from 0 to 23 (13 is log audit, 10 authpriv)"),
                    types, caPem, pinnedSha256, clientCertPem, clientKeyPem, Boolean.TRUE.equals(enabled), Boolean.TRUE.equals(fromBeginning));
        }

        @Override
        public String toString() {
            return "Form[" + name + ", " + host + ", client key ******]";
        }
    }

    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @GetMapping("/journal/syslog")
    String list(Model model) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        model.addAttribute("targets", targets.list(s.tenantId()));
        model.addAttribute("retentionMonths", retention.months(s.tenantId()));
        model.addAttribute("retentionChoices", dev.fortel.audit.JournalRetention.CLASSES.stream().filter(m -> m >= retention.minimumMonths()).toList());
        return "journal/syslog";
    }

    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @PostMapping("/journal/retention")
    String retention(@org.springframework.web.bind.annotation.RequestParam(name = "months", required = false) @Nullable String months,
            RedirectAttributes redirect) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        stepUp.require(s);
        try {
            Integer m = FormNumbers.integer(months, "months", "retention.months", "must be one of the months offered");
            int saved = retention.change(s, m);
            redirect.addFlashAttribute("notice", "retention.saved");
            redirect.addFlashAttribute("noticeArg", saved);
        } catch (ValidationFailedException invalid) {
            redirect.addFlashAttribute("retentionError", messages.byField(invalid).values().iterator().next());
        }
        return "redirect:/journal/syslog";
    }

    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @GetMapping("/journal/syslog/new")
    String newForm(Model model) {
        access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        return form(null, Form.blank(), Map.of(), false, model);
    }

    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @PostMapping("/journal/syslog/new")
    String create(@ModelAttribute Form form, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        stepUp.require(s);
        try {
            SyslogTarget t = targets.create(s, form.draft());
            redirect.addFlashAttribute("notice", "syslog.created");
            redirect.addFlashAttribute("noticeArg", t.name());
        } catch (ValidationFailedException invalid) {
            return form(null, form, messages.byField(invalid), false, model);
        }
        return "redirect:/journal/syslog";
    }

    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @GetMapping("/journal/syslog/{id}")
    String edit(@PathVariable("id") UUID id, Model model) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        SyslogTarget t = targets.get(s.tenantId(), id);
        return form(t, Form.of(t), Map.of(), t.clientKeySet(), model);
    }

    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @PostMapping("/journal/syslog/{id}")
    String change(@PathVariable("id") UUID id, @ModelAttribute Form form, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        SyslogTarget t = targets.get(s.tenantId(), id);
        stepUp.require(s);
        try {
            targets.change(s, id, form.draft());
        } catch (ValidationFailedException invalid) {
            return form(t, form, messages.byField(invalid), t.clientKeySet(), model);
        }
        redirect.addFlashAttribute("notice", "syslog.saved");
        redirect.addFlashAttribute("noticeArg", form.name());
        return "redirect:/journal/syslog";
    }

    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @PostMapping("/journal/syslog/{id}/test")
    String test(@PathVariable("id") UUID id, RedirectAttributes redirect) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        SyslogTarget t = targets.get(s.tenantId(), id);
        SyslogTargets.TestResult r = targets.test(s, id);
        redirect.addFlashAttribute("tested", Map.of("name", t.name(), "delivered", r.delivered(), "confirmed", r.confirmed(), "detail", r.detail()));
        return "redirect:/journal/syslog";
    }

    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @PostMapping("/journal/syslog/{id}/delete")
    String delete(@PathVariable("id") UUID id, RedirectAttributes redirect) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        SyslogTarget t = targets.get(s.tenantId(), id);
        stepUp.require(s);
        targets.delete(s, id);
        redirect.addFlashAttribute("notice", "syslog.deleted");
        redirect.addFlashAttribute("noticeArg", t.name());
        return "redirect:/journal/syslog";
    }

    private String form(@Nullable SyslogTarget target, Form form, Map<String, String> errors, boolean keySet, Model model) {
        model.addAttribute("target", target);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        // Event patterns are lines of one text box: their errors are shown under it, by line number.
        Map<Integer, String> lines = new java.util.TreeMap<>();
        errors.forEach((field, message) -> {
            if (field.startsWith("event_types[")) {
                lines.put(Integer.parseInt(field.substring("event_types[".length(), field.length() - 1)) + 1, message);
            }
        });
        model.addAttribute("eventErrors", lines);
        model.addAttribute("keySet", keySet);
        model.addAttribute("prefixes", JournalTypes.ALL.stream().map(t -> t.substring(0, t.indexOf('.') + 1) + "*").distinct().sorted().toList());
        return "journal/syslog-form";
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }
}
