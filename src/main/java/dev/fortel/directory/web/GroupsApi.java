package dev.fortel.directory.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Group;
import dev.fortel.directory.GroupDirectory;
import dev.fortel.directory.GroupDraft;
import dev.fortel.directory.Groups;
import dev.fortel.platform.Cursor;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Groups (departments) of the caller's company. */
@RestController
@Tag(name = "Groups")
class GroupsApi {

    private static final Set<String> FIELDS = Set.of("name", "description");

    private final Groups groups;
    private final GroupDirectory directory;
    private final AccessDecisions access;

    GroupsApi(Groups groups, GroupDirectory directory, AccessDecisions access) {
        this.groups = groups;
        this.directory = directory;
        this.access = access;
    }

    record View(UUID id, String name, @Nullable String description, int memberCount) {}

    record Page(List<View> items, @Nullable String nextCursor) {}

    @Operation(summary = "List groups by name")
    @RequiresFunction(Permission.GROUPS_VIEW)
    @GetMapping("/api/v1/groups")
    Page list(@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        Subject s = access.require(Permission.GROUPS_VIEW);
        int n = Cursor.limit(limit, 50, 200);
        List<Group> page = groups.page(s.tenantId(), Cursor.decode(cursor), n + 1, access.reachableGroups(s, Permission.GROUPS_VIEW));
        List<View> items = page.stream().limit(n).map(GroupsApi::view).toList();
        return new Page(items, page.size() > n ? Cursor.encode(items.getLast().name().toLowerCase(java.util.Locale.ROOT)) : null);
    }

    @RequiresFunction(value = Permission.GROUPS_VIEW, object = ObjectKind.GROUP)
    @GetMapping("/api/v1/groups/{id}")
    View get(@PathVariable UUID id) {
        Subject s = access.require(Permission.GROUPS_VIEW);
        return view(groups.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("group")));
    }

    @Operation(summary = "Create a group (needs name)")
    @RequiresFunction(Permission.GROUPS_MANAGE)
    @PostMapping("/api/v1/groups")
    ResponseEntity<View> create(@RequestBody JsonNode body) {
        Subject s = access.require(Permission.GROUPS_MANAGE);
        Group g = directory.create(s, merge(new GroupDraft("", null), body));
        return ResponseEntity.created(URI.create("/api/v1/groups/" + g.id())).body(view(g));
    }

    @Operation(summary = "Rename or describe a group (JSON Merge Patch)")
    @RequiresFunction(value = Permission.GROUPS_MANAGE, object = ObjectKind.GROUP)
    @PatchMapping(path = "/api/v1/groups/{id}", consumes = {"application/json", "application/merge-patch+json"})
    View update(@PathVariable UUID id, @RequestBody JsonNode body) {
        Subject s = access.require(Permission.GROUPS_MANAGE);
        return view(directory.update(s.tenantId(), id, base -> merge(base, body)));
    }

    @RequiresFunction(value = Permission.GROUPS_MANAGE, object = ObjectKind.GROUP)
    @DeleteMapping("/api/v1/groups/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        Subject s = access.require(Permission.GROUPS_MANAGE);
        directory.delete(s, id);
        return ResponseEntity.noContent().build();
    }

    static View view(Group g) {
        return new View(g.id(), g.name(), g.description(), g.memberCount());
    }

    private static GroupDraft merge(GroupDraft base, JsonNode body) {
        if (!(body instanceof ObjectNode obj)) {
            throw ValidationFailedException.of("body", "body.notObject", "must be a JSON object such as {\"name\": \"Sales\"}");
        }
        List<ValidationFailedException.Violation> problems = new ArrayList<>();
        for (String name : obj.propertyNames()) {
            if (!FIELDS.contains(name)) {
                problems.add(new ValidationFailedException.Violation(name, "field.unknown",
                        "unknown field; known fields are [description, name]", List.of("[description, name]")));
            }
        }
        String name = base.name();
        String description = base.description();
        if (obj.has("name")) {
            if (obj.get("name").isString()) {
                name = obj.get("name").asString();
            } else {
                problems.add(new ValidationFailedException.Violation("name", "json.string", "must be a string"));
            }
        }
        if (obj.has("description")) {
            JsonNode d = obj.get("description");
            if (d.isNull()) {
                description = null;
            } else if (d.isString()) {
                description = d.asString();
            } else {
                problems.add(new ValidationFailedException.Violation("description", "json.stringOrNull", "must be a string or null"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        return new GroupDraft(name, description);
    }
}
