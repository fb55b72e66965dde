package dev.fortel.directory;

import dev.fortel.platform.ConflictException;
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
    private final ApplicationEventPublisher events;
    private final Clock clock;

    GroupDirectory(Groups groups, DraftValidator validator, ApplicationEventPublisher events, Clock clock) {
        this.groups = groups;
        this.validator = validator;
        this.events = events;
        this.clock = clock;
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

    @Transactional
    public void delete(TenantId tenant, UUID id) {
        Group g = groups.find(tenant, id).orElseThrow(() -> new NotFoundException("group"));
        groups.delete(tenant, id);
        events.publishEvent(new DirectoryEvents.GroupDeleted(tenant, id, g.name()));
    }
}
