package dev.fortel.directory.web;

import dev.fortel.access.Role;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeDraft;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.platform.ValidationFailedException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The employee's JSON form. POST and PATCH bodies are read field by field (rather than bound to a class)
 * because PATCH follows JSON Merge Patch (RFC 7396): an absent field stays as it is, {@code null} clears
 * it. Every problem is collected so one answer lists all of them.
 */
final class EmployeeJson {

    static final Set<String> FIELDS = Set.of("login", "display_name", "extension", "mobile", "group_ids", "supervisor_id", "status",
            "expires_at", "roles");

    private EmployeeJson() {}

    record View(UUID id, String login, String displayName, @Nullable String extension, @Nullable String mobile, List<UUID> groupIds,
            @Nullable UUID supervisorId, String status, @Nullable Instant expiresAt, List<String> roles) {}

    static View view(Employee e) {
        return new View(e.id(), e.login(), e.displayName(), e.extension(), e.mobile(), e.groupIds().stream().sorted().toList(),
                e.supervisorId(), e.status().code(), e.expiresAt(), e.roles().stream().map(r -> r.code()).sorted().toList());
    }

    /**
     * Applies the body's fields onto {@code base} (for POST an empty draft). When some fields cannot even be
     * read, the other fields' rule violations are reported in the same answer, so one round trip shows all.
     */
    static EmployeeDraft merge(EmployeeDraft base, JsonNode body, Validator validator) {
        if (!(body instanceof ObjectNode obj)) {
            throw ValidationFailedException.of("body", "body.notObject",
                    "must be a JSON object such as {\"login\": \"anna@example.com\", \"display_name\": \"Anna\"}");
        }
        List<ValidationFailedException.Violation> problems = new ArrayList<>();
        for (String name : obj.propertyNames()) {
            if (!FIELDS.contains(name)) {
                problems.add(new ValidationFailedException.Violation(name, "field.unknown",
                        "unknown field; known fields are " + FIELDS.stream().sorted().toList(), List.of(FIELDS.stream().sorted().toList().toString())));
            }
        }
        Reader r = new Reader(obj, problems);
        String login = r.text("login", base.login());
        String displayName = r.text("display_name", base.displayName());
        String extension = r.text("extension", base.extension());
        String mobile = r.text("mobile", base.mobile());
        Set<UUID> groups = r.uuids("group_ids", base.groupIds());
        UUID supervisor = r.uuid("supervisor_id", base.supervisorId());
        EmployeeStatus status = r.status(base.status());
        Instant expires = r.moment("expires_at", base.expiresAt());
        Set<Role> roles = r.roles(base.roles());
        EmployeeDraft draft = new EmployeeDraft(login, displayName, extension, mobile, groups, supervisor, status, expires, roles);
        if (!problems.isEmpty()) {
            Set<String> named = new java.util.HashSet<>(problems.stream().map(ValidationFailedException.Violation::field).toList());
            ValidationFailedException.of("employee", validator.validate(draft), EmployeeJson::snake).stream()
                    .filter(v -> !named.contains(v.field()))
                    .forEach(problems::add);
            throw new ValidationFailedException(problems);
        }
        return draft;
    }

    static String snake(String property) {
        return property.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    static EmployeeDraft empty() {
        return new EmployeeDraft("", "", null, null, Set.of(), null, EmployeeStatus.ACTIVE, null, Set.of());
    }

    /** Reads typed fields, recording a precise complaint for each wrong one instead of stopping at the first. */
    private record Reader(ObjectNode obj, List<ValidationFailedException.Violation> problems) {

        private void problem(String field, String code, String message) {
            problems.add(new ValidationFailedException.Violation(field, code, message));
        }

        @Nullable String text(String field, @Nullable String current) {
            if (!obj.has(field)) {
                return current;
            }
            JsonNode v = obj.get(field);
            if (v.isNull()) {
                return null;
            }
            if (!v.isString()) {
                problem(field, "json.string", "must be a string");
                return current;
            }
            return v.asString();
        }

        @Nullable UUID uuid(String field, @Nullable UUID current) {
            String s = text(field, current == null ? null : current.toString());
            if (s == null) {
                return null;
            }
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                problem(field, "json.uuid", "must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6");
                return current;
            }
        }

        Set<UUID> uuids(String field, Set<UUID> current) {
            if (!obj.has(field)) {
                return current;
            }
            JsonNode v = obj.get(field);
            if (v.isNull()) {
                return Set.of();
            }
            if (!v.isArray()) {
                problem(field, "json.groupArray", "must be an array of group ids");
                return current;
            }
            Set<UUID> ids = new LinkedHashSet<>();
            for (JsonNode item : v) {
                try {
                    ids.add(UUID.fromString(item.isString() ? item.asString() : "?"));
                } catch (IllegalArgumentException e) {
                    problem(field, "json.uuids", "must contain only UUIDs such as 3fa85f64-5717-4562-b3fc-2c963f66afa6");
                    return current;
                }
            }
            if (ids.size() > 100) {
                problem(field, "json.tooManyGroups", "must list at most 100 groups");
            }
            return ids;
        }

        EmployeeStatus status(EmployeeStatus current) {
            String s = text("status", current.code());
            if (s == null) {
                problem("status", "employee.status", "must be active or disabled");
                return current;
            }
            return switch (s) {
                case "active" -> EmployeeStatus.ACTIVE;
                case "disabled" -> EmployeeStatus.DISABLED;
                default -> {
                    problem("status", "employee.status", "must be active or disabled");
                    yield current;
                }
            };
        }

        /** A moment ({@code 2027-12-31T18:00:00Z}) or a day ({@code 2027-12-31}: the account works to the end of it, UTC). */
        @Nullable Instant moment(String field, @Nullable Instant current) {
            String s = text(field, current == null ? null : current.toString());
            if (s == null) {
                return null;
            }
            try {
                return s.length() == 10 ? LocalDate.parse(s).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                        : java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                problem(field, "employee.expiresAt",
                        "must be a time such as 2027-12-31T18:00:00Z, or a date such as 2027-12-31 (the account then works to the end of that day, UTC)");
                return current;
            }
        }

        Set<Role> roles(Set<Role> current) {
            if (!obj.has("roles")) {
                return current;
            }
            JsonNode v = obj.get("roles");
            if (!v.isArray()) {
                problem("roles", "json.rolesArray", "must be an array such as [\"admin\"]");
                return current;
            }
            Set<Role> roles = new java.util.TreeSet<>();
            for (JsonNode item : v) {
                java.util.Optional<Role> role = Role.parse(item.isString() ? item.asString() : "");
                if (role.isEmpty()) {
                    problem("roles", "employee.roleCode", "must contain role codes such as admin or call_center_lead (GET /api/v1/roles lists them)");
                    return current;
                }
                roles.add(role.get());
            }
            return roles;
        }
    }
}
