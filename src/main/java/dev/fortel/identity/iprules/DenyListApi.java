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

/** The provider-wide deny-list, for the provider's operators. */
@RequiresFunction(Permission.TENANTS_MANAGE)
@RestController
@Tag(name = "Provider")
class DenyListApi {

    private static final String KNOWN = "[address, note]";

    private final DenyListEditor editor;
    private final AccessDecisions access;

    DenyListApi(DenyListEditor editor, AccessDecisions access) {
        this.editor = editor;
        this.access = access;
    }

    record View(UUID id, String address, @Nullable String note, @Nullable UUID createdById, @Nullable String createdByName,
            Instant createdAt, Instant updatedAt) {}

    record Page(List<View> items, @Nullable String yourAddress) {}

    @Operation(summary = "The provider-wide deny-list: addresses and ranges refused for every company's sign-ins and API requests")
    @GetMapping("/api/v1/provider/ip-deny-list")
    Page list() {
        access.require(Permission.TENANTS_MANAGE);
        String ip = RequestOrigin.current().ip();
        return new Page(editor.all().stream().map(DenyListApi::view).toList(), ip == null ? null : IpRange.canonicalClient(ip));
    }

    @GetMapping("/api/v1/provider/ip-deny-list/{id}")
    View get(@PathVariable UUID id) {
        access.require(Permission.TENANTS_MANAGE);
        return view(editor.find(id).orElseThrow(() -> new NotFoundException("deny-list entry")));
    }

    @Operation(summary = "Add an address or CIDR range to the provider-wide deny-list (address, note)")
    @PostMapping("/api/v1/provider/ip-deny-list")
    ResponseEntity<View> create(@RequestBody JsonNode body) {
        Subject s = access.require(Permission.TENANTS_MANAGE);
        checkShape(body);
        List<Violation> problems = new ArrayList<>();
        String address = IpRulesApi.string(body, "address", null, false, problems);
        String note = IpRulesApi.string(body, "note", null, true, problems);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        DenyEntry e = editor.create(s, address, note);
        return ResponseEntity.created(URI.create("/api/v1/provider/ip-deny-list/" + e.id())).body(view(e));
    }

    @Operation(summary = "Change a deny-list entry (JSON Merge Patch)")
    @PatchMapping(path = "/api/v1/provider/ip-deny-list/{id}", consumes = {"application/json", "application/merge-patch+json"})
    View update(@PathVariable UUID id, @RequestBody JsonNode body) {
        access.require(Permission.TENANTS_MANAGE);
        checkShape(body);
        List<Violation> problems = new ArrayList<>();
        String address = IpRulesApi.string(body, "address", null, false, problems);
        String note = IpRulesApi.string(body, "note", null, true, problems);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        boolean clearNote = body.has("note") && body.get("note").isNull();
        return view(editor.update(id, address, note, clearNote));
    }

    @Operation(summary = "Remove an entry from the deny-list")
    @DeleteMapping("/api/v1/provider/ip-deny-list/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        access.require(Permission.TENANTS_MANAGE);
        editor.delete(id);
        return ResponseEntity.noContent().build();
    }

    static View view(DenyEntry e) {
        return new View(e.id(), e.range().text(), e.note(), e.createdBy(), e.createdByName(), e.createdAt(), e.updatedAt());
    }

    private static void checkShape(JsonNode body) {
        if (!(body instanceof ObjectNode obj)) {
            throw ValidationFailedException.of("body", "body.notObject",
                    "must be a JSON object such as {\"address\": \"203.0.113.0/24\", \"note\": \"scanner\"}");
        }
        List<Violation> problems = new ArrayList<>();
        for (String name : obj.propertyNames()) {
            if (!"address".equals(name) && !"note".equals(name)) {
                problems.add(new Violation(name, "field.unknown", "unknown field; known fields are " + KNOWN, List.of(KNOWN)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
    }
}
