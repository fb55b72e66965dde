package dev.fortel.directory;

import dev.fortel.access.Role;
import dev.fortel.access.RoleAdministration;
import dev.fortel.access.Subject;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.ValidationFailedException;
import java.util.Set;
import dev.fortel.platform.NotFoundException;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, renames and removes groups; membership is edited on the employee. */
@Service
public class GroupDirectory {

    private final Groups groups;
    private final DraftValidator validator;
    private final RoleGuard roleGuard;
    private final RoleAdministration roles;
    private final dev.fortel.access.OrgCharts charts;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    GroupDirectory(Groups groups, DraftValidator validator, RoleGuard roleGuard, RoleAdministration roles, dev.fortel.access.OrgCharts charts,
            ApplicationEventPublisher events, Clock clock) {
        this.charts = charts;
        this.groups = groups;
        this.roleGuard = roleGuard;
        this.roles = roles;
        this.validator = validator;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A new group has no members, so only someone whose groups.manage reaches the whole company can create one: a grant
     * narrowed to chosen groups or subordinates would not reach it.
     */
    @Transactional
    public Group create(Subject actor, GroupDraft draft) {
        if (!actor.reachOf(dev.fortel.access.Permission.GROUPS_MANAGE).tenant()) {
            throw new org.springframework.security.access.AccessDeniedException("creating a group needs groups.manage over the whole company");
        }
        return create(actor.tenantId(), draft);
    }

    @Transactional
    public Group create(TenantId tenant, GroupDraft draft) {
        validator.check(draft);
        if (groups.nameTaken(tenant, draft.name(), null)) {
            throw new ConflictException("name", "group.nameTaken", "a group with this name already exists");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Group g = new Group(tenant, UUID.randomUUID(), draft.name(), draft.description(), 0, now, now);
        groups.insert(g);
        charts.changed(tenant);
        events.publishEvent(new DirectoryEvents.GroupCreated(tenant, g.id(), g.name()));
        return g;
    }

    @Transactional
    public Group update(TenantId tenant, UUID id, UnaryOperator<GroupDraft> change) {
        Group before = groups.find(tenant, id).orElseThrow(() -> new NotFoundException("group"));
        GroupDraft d = change.apply(new GroupDraft(before.name(), before.description()));
        validator.check(d);
        if (groups.nameTaken(tenant, d.name(), id)) {
            throw new ConflictException("name", "group.nameTaken", "a group with this name already exists");
        }
        Group after = new Group(tenant, id, d.name(), d.description(), before.memberCount(), before.createdAt(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        Map<String, Object[]> changes = new LinkedHashMap<>();
        if (!before.name().equals(after.name())) {
            changes.put("name", new Object[] {before.name(), after.name()});
        }
        if (!Objects.equals(before.description(), after.description())) {
            changes.put("description", new Object[] {before.description(), after.description()});
        }
        if (changes.isEmpty()) {
            return before;
        }
        groups.update(after);
        events.publishEvent(new DirectoryEvents.GroupUpdated(tenant, id, after.name(), changes));
        return after;
    }

    /**
     * Sets the roles the group carries to its members. Owner and operator are never carried; nobody gives or
     * takes away through a group a role whose functions they do not hold themself.
     */
    @Transactional
    public Set<Role> assignRoles(Subject actor, UUID id, Set<Role> carried) {
        Set<Role> roles = new java.util.TreeSet<>(carried);
        TenantId tenant = actor.tenantId();
        Group g = groups.find(tenant, id).orElseThrow(() -> new NotFoundException("group"));
        if (roles.stream().anyMatch(Role::protectedRole)) {
            throw ValidationFailedException.of("roles", "group.protectedRole",
                    "a group cannot carry the owner or operator role; choose admin, security_officer, supervisor, auditor, employee or a role of your company");
        }
        Set<Role> before = groups.roles(tenant, id);
        Set<Role> added = new java.util.TreeSet<>(roles);
        added.removeAll(before);
        roleGuard.checkKnown(actor, "roles", added);
        roleGuard.checkNoEscalation(actor, before, roles);
        if (before.equals(roles)) {
            return before;
        }
        groups.replaceRoles(tenant, id, roles);
        Map<String, Object[]> changes = new LinkedHashMap<>();
        changes.put("roles", new Object[] {before.stream().map(Role::code).sorted().toList(), roles.stream().map(Role::code).sorted().toList()});
        events.publishEvent(new DirectoryEvents.GroupUpdated(tenant, id, g.name(), changes));
        return roles;
    }

    /**
     * Deletes a group. Its members lose the roles it carried, so the actor must hold those roles' functions; a group that
     * a role's grant names stays until the grant stops naming it, so deleting a group never silently changes a role.
     */
    @Transactional
    public void delete(Subject actor, UUID id) {
        TenantId tenant = actor.tenantId();
        Group g = groups.find(tenant, id).orElseThrow(() -> new NotFoundException("group"));
        roleGuard.checkNoEscalation(actor, groups.roles(tenant, id), Set.of());
        Map<Role, java.util.List<dev.fortel.access.Permission>> naming = roles.naming(tenant, id);
        if (!naming.isEmpty()) {
            String list = naming.entrySet().stream()
                    .map(e -> e.getKey().code() + " (" + e.getValue().stream().map(dev.fortel.access.Permission::code).collect(java.util.stream.Collectors.joining(", ")) + ")")
                    .collect(java.util.stream.Collectors.joining("; "));
            throw new ConflictException("id", "group.namedByRole",
                    "roles grant functions over this group: " + list + "; change those roles first", list);
        }
        groups.delete(tenant, id);
        charts.changed(tenant);
        events.publishEvent(new DirectoryEvents.GroupDeleted(tenant, id, g.name()));
    }
}
