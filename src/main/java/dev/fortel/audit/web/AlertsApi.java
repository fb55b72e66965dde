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
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Security alerts, the correlation rules that raise them, and the e-mail alert settings. For the provider's operators
 * the same endpoints hold the provider's rules (over every company) and the alerts they raised. Changing rules or
 * recipients could silence an alert, so it needs a recent second factor and is journaled.
 */
@RestController
@Tag(name = "Journal")
class AlertsApi {

    private final SecurityAlerts alerts;
    private final CorrelationRules rules;
    private final AlertSettings settings;
    private final AccessDecisions access;
    private final StepUp stepUp;

    AlertsApi(SecurityAlerts alerts, CorrelationRules rules, AlertSettings settings, AccessDecisions access, StepUp stepUp) {
        this.alerts = alerts;
        this.rules = rules;
        this.settings = settings;
        this.access = access;
        this.stepUp = stepUp;
    }

    record AlertView(UUID id, String status, String title, String level, String ruleFile, String rule, Map<String, String> group, int matches,
            Instant firstAt, Instant lastAt, UUID sourceCompanyId, UUID lastEventId, long lastEventSeq, String lastEventType, @Nullable String lastActor,
            @Nullable String lastIp, @Nullable String handledBy, @Nullable Instant handledAt, @Nullable String note) {

        static AlertView of(SecurityAlert a) {
            return new AlertView(a.id(), a.status().name().toLowerCase(Locale.ROOT), a.title(), a.level(), a.ruleFile(), a.rule(), a.group(), a.matches(),
                    a.firstAt(), a.lastAt(), a.sourceTenantId().value(), a.lastEventId(), a.lastEventSeq(), a.lastEventType(), a.lastActor(), a.lastIp(),
                    a.handledBy(), a.handledAt(), a.note());
        }
    }

    record AlertItems(List<AlertView> items) {}

    record Handling(@Nullable String status, @Nullable String note) {}

    record RuleFileBody(@Nullable String yaml, @Nullable Boolean enabled) {}

    record RuleFileItems(List<CorrelationRules.RuleFileView> items) {}

    record SettingsBody(@Nullable Map<String, List<String>> recipients, @Nullable List<String> watched) {}

    record SettingsView(Map<String, List<String>> recipients, List<AlertSettings.Watched> watched) {

        static SettingsView of(AlertSettings.Settings s) {
            Map<String, List<String>> r = new LinkedHashMap<>();
            s.recipients().forEach((k, v) -> r.put(k.code(), v));
            return new SettingsView(r, s.watched());
        }
    }

    @Operation(summary = "Security alerts, newest activity first: status open|acknowledged|closed (default: all not closed)")
    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @GetMapping("/api/v1/journal/alerts")
    AlertItems list(@RequestParam(required = false) @Nullable String status, @RequestParam(required = false) @Nullable Integer limit) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        int n = dev.fortel.platform.Cursor.limit(limit, 100, 500);
        return new AlertItems(alerts.list(s.tenantId(), status(status, true), n).stream().map(AlertView::of).toList());
    }

    @Operation(summary = "One security alert")
    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @GetMapping("/api/v1/journal/alerts/{id}")
    AlertView get(@PathVariable UUID id) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        return AlertView.of(alerts.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("alert")));
    }

    @Operation(summary = "Acknowledge (someone is on it) or close an alert, with an optional note: {\"status\": \"acknowledged\"|\"closed\", \"note\": \"...\"}")
    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @PatchMapping("/api/v1/journal/alerts/{id}")
    AlertView handle(@PathVariable UUID id, @RequestBody Handling body) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        return AlertView.of(alerts.handle(s, id, status(body.status(), false), body.note()));
    }

    @Operation(summary = "The correlation rule files: the built-ins (on, off or rewritten) and the company's own; the provider's rules for provider operators")
    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @GetMapping("/api/v1/journal/correlation-rules")
    RuleFileItems rules() {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        return new RuleFileItems(rules.list(s.tenantId(), s.provider()));
    }

    @Operation(summary = "One rule file with its YAML")
    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @GetMapping("/api/v1/journal/correlation-rules/{name}")
    CorrelationRules.RuleFileView rule(@PathVariable String name) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        return rules.get(s.tenantId(), s.provider(), name);
    }

    @Operation(summary = "Create or rewrite a rule file (yaml: Sigma detection and correlation rules; see docs), or only turn one on or off "
            + "({\"enabled\": false} without yaml)")
    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @PutMapping("/api/v1/journal/correlation-rules/{name}")
    CorrelationRules.RuleFileView saveRule(@PathVariable String name, @RequestBody RuleFileBody body) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        stepUp.require(s);
        if (body.yaml() == null) {
            if (body.enabled() == null) {
                throw ValidationFailedException.of("yaml", "correlation.yamlMissing", "is required: the rules as Sigma YAML (or send only enabled to turn the file on or off)");
            }
            return rules.enable(s, s.provider(), name, body.enabled());
        }
        return rules.save(s, s.provider(), name, body.yaml(), body.enabled());
    }

    @Operation(summary = "Delete a rule file of the company's own, or put a built-in back as shipped")
    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @DeleteMapping("/api/v1/journal/correlation-rules/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteRule(@PathVariable String name) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        rules.get(s.tenantId(), s.provider(), name);
        stepUp.require(s);
        rules.delete(s, s.provider(), name);
    }

    @Operation(summary = "E-mail alerts: recipients per kind (watched_sign_in, vip_access, account_locked, admin_new_address, support_access, correlation) and the "
            + "employees whose every sign-in is mailed")
    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @GetMapping("/api/v1/journal/alert-settings")
    SettingsView settings() {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        return SettingsView.of(settings.get(s.tenantId()));
    }

    @Operation(summary = "Change e-mail alerts: recipients (a kind left out keeps its recipients; an empty list stops it) and watched (logins; "
            + "left out: unchanged)")
    @RequiresFunction(Permission.SECURITY_ALERTS_MANAGE)
    @PutMapping("/api/v1/journal/alert-settings")
    SettingsView saveSettings(@RequestBody SettingsBody body) {
        Subject s = access.require(Permission.SECURITY_ALERTS_MANAGE);
        stepUp.require(s);
        return SettingsView.of(settings.save(s, new AlertSettings.Draft(body.recipients(), body.watched())));
    }

    static SecurityAlert.@Nullable Status status(@Nullable String text, boolean query) {
        if (text == null || text.isBlank()) {
            if (query) {
                return null;
            }
            throw ValidationFailedException.of("status", "alert.status", "must be acknowledged or closed");
        }
        try {
            return SecurityAlert.Status.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ValidationFailedException.of("status", "alert.status", query ? "must be open, acknowledged or closed" : "must be acknowledged or closed");
        }
    }

    static List<String> kinds() {
        return java.util.Arrays.stream(AlertKind.values()).map(AlertKind::code).toList();
    }
}
