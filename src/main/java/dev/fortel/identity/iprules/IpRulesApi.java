package dev.fortel.identity.iprules;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The caller's company's IP rules. */
@RestController
@Tag(name = "IP rules")
class IpRulesApi {

    private static final Set<String> FIELDS = Set.of("action", "address", "scope", "note");
    private static final String KNOWN = "[action, address, note, scope]";

    private final IpRules rules;
    private final IpRuleEditor editor;
    private final AccessDecisions access;

    IpRulesApi(IpRules rules, IpRuleEditor editor, AccessDecisions access) {
        this.rules = rules;
        this.editor = editor;
        this.access = access;
    }

    record View(UUID id, String action, String address, String scope, @Nullable String note, @Nullable UUID createdById,
            @Nullable String createdByName, Instant createdAt, Instant updatedAt) {}

    /** @param yourAddress the caller's address as the rules see it, to help write a rule that does not lock the writer out */
    record Page(List<View> items, @Nullable String yourAddress) {}

    @Operation(summary = "List your company's IP rules (allow/deny lists per scope)")
    @RequiresFunction(Permission.SECURITY_SETTINGS_VIEW)
    @GetMapping("/api/v1/ip-rules")
    Page list() {
        Subject s = access.require(Permission.SECURITY_SETTINGS_VIEW);
        String ip = RequestOrigin.current().ip();
        return new Page(rules.all(s.tenantId()).stream().map(IpRulesApi::view).toList(), ip == null ? null : IpRange.canonicalClient(ip));
    }

    @RequiresFunction(Permission.SECURITY_SETTINGS_VIEW)
    @GetMapping("/api/v1/ip-rules/{id}")
    View get(@PathVariable UUID id) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_VIEW);
        return view(rules.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("IP rule")));
    }

    @Operation(summary = "Add an IP rule: action (allow|deny), address (IPv4/IPv6 address or CIDR range), scope (admins|employees|api_tokens), note")
    @RequiresFunction(Permission.SECURITY_SETTINGS_MANAGE)
    @PostMapping("/api/v1/ip-rules")
    ResponseEntity<View> create(@RequestBody JsonNode body) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_MANAGE);
        IpRule r = editor.create(s, merge(new IpRuleDraft(null, null, null, null), body));
        return ResponseEntity.created(URI.create("/api/v1/ip-rules/" + r.id())).body(view(r));
    }

    @Operation(summary = "Change an IP rule (JSON Merge Patch)")
    @RequiresFunction(Permission.SECURITY_SETTINGS_MANAGE)
    @PatchMapping(path = "/api/v1/ip-rules/{id}", consumes = {"application/json", "application/merge-patch+json"})
    View update(@PathVariable UUID id, @RequestBody JsonNode body) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_MANAGE);
        checkShape(body);
        return view(editor.update(s, id, base -> merge(base, body)));
    }

    @Operation(summary = "Delete an IP rule")
    @RequiresFunction(Permission.SECURITY_SETTINGS_MANAGE)
    @DeleteMapping("/api/v1/ip-rules/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_MANAGE);
        editor.delete(s, id);
        return ResponseEntity.noContent().build();
    }

    static View view(IpRule r) {
        return new View(r.id(), r.action().code(), r.range().text(), r.scope().code(), r.note(), r.createdBy(), r.createdByName(),
                r.createdAt(), r.updatedAt());
    }

    /** Rejects a body that is not an object or names unknown fields, before anything is looked up. */
    private static void checkShape(JsonNode body) {
        if (!(body instanceof ObjectNode obj)) {
            throw ValidationFailedException.of("body", "body.notObject",
                    "must be a JSON object such as {\"action\": \"deny\", \"address\": \"203.0.113.0/24\", \"scope\": \"employees\"}");
        }
        List<Violation> problems = new ArrayList<>();
        for (String name : obj.propertyNames()) {
            if (!FIELDS.contains(name)) {
                problems.add(new Violation(name, "field.unknown", "unknown field; known fields are " + KNOWN, List.of(KNOWN)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
    }

    private static IpRuleDraft merge(IpRuleDraft base, JsonNode body) {
        checkShape(body);
        List<Violation> problems = new ArrayList<>();
        String action = string(body, "action", base.action(), false, problems);
        String address = string(body, "address", base.address(), false, problems);
        String scope = string(body, "scope", base.scope(), false, problems);
        String note = string(body, "note", base.note(), true, problems);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        return new IpRuleDraft(action, address, scope, note);
    }

    static @Nullable String string(JsonNode body, String field, @Nullable String base, boolean nullable, List<Violation> problems) {
        if (!body.has(field)) {
            return base;
        }
        JsonNode v = body.get(field);
        if (v.isString()) {
            return v.asString();
        }
        if (v.isNull() && nullable) {
            return null;
        }
        problems.add(nullable ? new Violation(field, "json.stringOrNull", "must be a string or null")
                : new Violation(field, "json.string", "must be a string"));
        return base;
    }
}
