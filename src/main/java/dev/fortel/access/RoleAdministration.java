package dev.fortel.access;

import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes a company's roles: creates, changes and deletes its own roles, customizes built-ins and resets them to the
 * product's default. Each method is one transaction that also carries its journal event and increments the company's
 * access version. Two rules keep the access model safe: nobody puts into a role, or takes out of one, a function they
 * do not hold as far as the grant reaches (no escalation through role editing), and the owner role is fixed, so the
 * company always has someone who can repair its roles (no lockout).
 */
@Service
public class RoleAdministration {

    static final int NAME_MAX = 100;
    static final int DESCRIPTION_MAX = 500;

    private final Roles roles;
    private final RoleBook book;
    private final RoleAssignments assignments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RoleAdministration(Roles roles, RoleBook book, RoleAssignments assignments, ApplicationEventPublisher events, Clock clock) {
        this.roles = roles;
        this.book = book;
        this.assignments = assignments;
        this.events = events;
        this.clock = clock;
    }

    /** The role as the company defines it now, or 404 (a client company has no operator role). */
    public RoleDefinition find(Subject viewer, Role role) {
        return book.of(viewer.tenantId()).find(role).filter(d -> visible(viewer, d.role()))
                .orElseThrow(() -> new NotFoundException("role"));
    }

    /** The roles the viewer's company has, in list order. */
    public List<RoleDefinition> list(Subject viewer) {
        return book.of(viewer.tenantId()).roles().stream().filter(d -> visible(viewer, d.role())).toList();
    }

    /** The operator and support roles exist only in the provider's company. */
    public static boolean visible(Subject viewer, Role role) {
        return !role.providerOnly() || viewer.provider();
    }

    @Transactional
    public RoleDefinition create(Subject actor, @Nullable String code, RoleDraft draft) {
        TenantId tenant = actor.tenantId();
        if (code == null || code.isBlank()) {
            throw ValidationFailedException.of("code", "role.codeRequired",
                    "required: a short code for the role, such as call_center_lead (lower-case letters, digits, underscores)");
        }
        Role role = Role.parse(code).orElseThrow(() -> ValidationFailedException.of("code", "role.codeFormat",
                "must be 2 to 32 lower-case letters, digits or underscores, starting with a letter (for example call_center_lead)"));
        if (role.builtIn()) {
            throw new ConflictException("code", "role.codeBuiltIn",
                    "this is the code of a built-in role; change the built-in role itself with PUT /api/v1/roles/" + code + ", or choose another code");
        }
        if (roles.exists(tenant, role)) {
            throw new ConflictException("code", "role.codeTaken", "your company already has a role with this code; choose another");
        }
        RoleDefinition after = check(actor, role, draft);
        checkNoEscalation(actor, Map.of(), after.grants());
        roles.save(tenant, after, clock.instant());
        changed(tenant);
        events.publishEvent(new AccessEvents.RoleCreated(tenant, role.code(), Objects.requireNonNull(after.name()), describe(after)));
        return after;
    }

    /** Replaces what the role grants (and, for a company's own role, its name and description). */
    @Transactional
    public RoleDefinition replace(Subject actor, Role role, RoleDraft draft) {
        TenantId tenant = actor.tenantId();
        RoleDefinition before = find(actor, role);
        refuseFixed(role);
        RoleDefinition after = check(actor, role, draft);
        checkNoEscalation(actor, before.grants(), after.grants());
        Map<String, Object[]> changes = diff(before, after);
        if (changes.isEmpty()) {
            return before;
        }
        roles.save(tenant, after, clock.instant());
        changed(tenant);
        events.publishEvent(new AccessEvents.RoleChanged(tenant, role.code(), changes));
        return after;
    }

    /** Deletes a company's own role that nobody holds. */
    @Transactional
    public void delete(Subject actor, Role role) {
        TenantId tenant = actor.tenantId();
        RoleDefinition existing = find(actor, role);
        if (role.builtIn()) {
            throw ValidationFailedException.of("code", "role.builtInDelete",
                    "a built-in role cannot be deleted; to undo a company's changes to it, reset it to the default (POST /api/v1/roles/"
                            + role.code() + "/reset)");
        }
        RoleAssignments.Usage usage = assignments.usage(tenant, role);
        if (usage.inUse()) {
            throw new ConflictException("code", "role.inUse",
                    "the role is still in use: held by " + usage.employees() + " employee(s) and carried by " + usage.groups()
                            + " group(s); take it away from them first", usage.employees(), usage.groups());
        }
        roles.delete(tenant, role);
        changed(tenant);
        events.publishEvent(new AccessEvents.RoleDeleted(tenant, role.code(), Objects.requireNonNull(existing.name()), describe(existing)));
    }

    /** Returns a built-in role to the product's default. */
    @Transactional
    public RoleDefinition reset(Subject actor, Role role) {
        TenantId tenant = actor.tenantId();
        RoleDefinition before = find(actor, role);
        if (!role.builtIn()) {
            throw ValidationFailedException.of("code", "role.resetCustom",
                    "only a built-in role has a default to return to; change this role with PUT, or delete it");
        }
        refuseFixed(role);
        RoleDefinition after = BuiltInRoles.defaultOf(role);
        if (!before.customized()) {
            return after;
        }
        checkNoEscalation(actor, before.grants(), after.grants());
        roles.delete(tenant, role);
        changed(tenant);
        events.publishEvent(new AccessEvents.RoleReset(tenant, role.code(), diff(before, after)));
        return after;
    }

    /** The roles whose grants name the group, with the functions that do: such a group cannot be deleted. */
    public Map<Role, List<Permission>> naming(TenantId tenant, UUID group) {
        return roles.naming(tenant, group);
    }

    private void changed(TenantId tenant) {
        roles.bump(tenant);
        book.changed(tenant);
    }

    private static void refuseFixed(Role role) {
        if (BuiltInRoles.fixed(role)) {
            throw ValidationFailedException.of("code", "role.fixed",
                    "the " + role.code() + " role cannot be changed: it always holds every function, so the company can never lock itself out",
                    role.code());
        }
    }

    /** Every broken rule of the draft at once; the stored role stays as it was. */
    private RoleDefinition check(Subject actor, Role role, RoleDraft draft) {
        List<Violation> found = new ArrayList<>();
        String name = draft.name() == null ? null : draft.name().strip();
        String description = draft.description() == null || draft.description().isBlank() ? null : draft.description().strip();
        if (role.builtIn()) {
            if (name != null || description != null) {
                found.add(new Violation(name != null ? "name" : "description", "role.builtInName",
                        "a built-in role keeps its name and description (shown in each reader's language); create a role of your own to name it"));
            }
        } else {
            if (name == null || name.isEmpty()) {
                found.add(new Violation("name", "role.nameRequired", "required: the role's name as people will see it"));
            } else if (name.length() > NAME_MAX) {
                found.add(new Violation("name", "role.nameTooLong", "must be at most " + NAME_MAX + " characters", List.of(NAME_MAX)));
            } else if (roles.nameTaken(actor.tenantId(), name, role)) {
                throw new ConflictException("name", "role.nameTaken", "your company already has a role with this name; choose another");
            }
            if (description != null && description.length() > DESCRIPTION_MAX) {
                found.add(new Violation("description", "role.descriptionTooLong", "must be at most " + DESCRIPTION_MAX + " characters",
                        List.of(DESCRIPTION_MAX)));
            }
        }
        Set<UUID> named = new java.util.HashSet<>();
        draft.grants().forEach((p, g) -> {
            String field = "functions";
            if (p == Permission.TENANTS_MANAGE && !actor.provider()) {
                found.add(new Violation(field, "role.providerFunction", "tenants.manage is the provider's function; a client company's roles cannot grant it"));
                return;
            }
            if (!p.scopes().contains(g.scope())) {
                String allowed = p.scopes().stream().map(Scope::code).collect(Collectors.joining(", "));
                found.add(new Violation(field, "role.scopeNotOffered", p.code() + " can be granted over: " + allowed, List.of(p.code(), allowed)));
                return;
            }
            if (g.scope() == Scope.GROUPS && g.groups().isEmpty()) {
                found.add(new Violation(field, "role.groupsRequired", p.code() + ": a grant over groups names at least one group (group_ids)", List.of(p.code())));
            }
            named.addAll(g.groups());
        });
        if (!named.isEmpty()) {
            Set<UUID> existing = assignments.existingGroups(actor.tenantId(), named);
            draft.grants().forEach((p, g) -> {
                if (!existing.containsAll(g.groups())) {
                    found.add(new Violation("functions", "role.grantGroupUnknown", p.code() + ": group_ids contains an id that is not a group of your company",
                            List.of(p.code())));
                }
            });
        }
        if (!found.isEmpty()) {
            throw new ValidationFailedException(found);
        }
        return new RoleDefinition(role, role.builtIn(), role.builtIn() ? null : name, role.builtIn() ? null : description, draft.grants());
    }

    /**
     * For every function whose grant differs, the actor must hold the function at least as far as both the old and the
     * new grant reach: an administrator cannot add journal verification to a role, nor take it away, without holding it.
     */
    static void checkNoEscalation(Subject actor, Map<Permission, Grant> before, Map<Permission, Grant> after) {
        Set<Permission> touched = EnumSet.noneOf(Permission.class);
        touched.addAll(before.keySet());
        touched.addAll(after.keySet());
        List<String> beyond = new ArrayList<>();
        for (Permission p : touched) {
            Grant was = before.get(p);
            Grant now = after.get(p);
            if (Objects.equals(was, now)) {
                continue;
            }
            boolean held = actor.has(p) && (was == null || actor.reachOf(p).covers(was.reach())) && (now == null || actor.reachOf(p).covers(now.reach()));
            if (!held) {
                beyond.add(p.code());
            }
        }
        if (!beyond.isEmpty()) {
            String list = String.join(", ", beyond);
            throw ValidationFailedException.of("functions", "role.escalation",
                    "you can put into a role, or take out of it, only functions you hold yourself as far as the grant reaches; you do not hold: "
                            + list, list);
        }
    }

    static Map<String, Object> describe(RoleDefinition d) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (d.name() != null) {
            fields.put("name", d.name());
        }
        if (d.description() != null) {
            fields.put("description", d.description());
        }
        fields.put("grants", grantTexts(d.grants()));
        return fields;
    }

    private static Map<String, Object[]> diff(RoleDefinition a, RoleDefinition b) {
        Map<String, Object[]> changes = new LinkedHashMap<>();
        if (!Objects.equals(a.name(), b.name())) {
            changes.put("name", new Object[] {a.name(), b.name()});
        }
        if (!Objects.equals(a.description(), b.description())) {
            changes.put("description", new Object[] {a.description(), b.description()});
        }
        if (!a.grants().equals(b.grants())) {
            changes.put("grants", new Object[] {grantTexts(a.grants()), grantTexts(b.grants())});
        }
        return changes;
    }

    /** {@code function: scope} texts, groups sorted, for the journal's before/after. */
    static List<String> grantTexts(Map<Permission, Grant> grants) {
        return grants.entrySet().stream().map(e -> e.getKey().code() + ": " + e.getValue().scope().code()
                + (e.getValue().groups().isEmpty() ? "" : " " + e.getValue().groups().stream().map(UUID::toString).sorted().toList()))
                .toList();
    }
}
