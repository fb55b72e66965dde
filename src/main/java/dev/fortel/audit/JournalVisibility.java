package dev.fortel.audit;

import dev.fortel.access.Permission;
import dev.fortel.access.Reach;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employees;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What part of the journal a viewer sees, from the reach of their {@code journal.view} grants: everything (whole
 * company), or events by or about themselves plus, as their grants say, the people who report to them and the members
 * of chosen groups. Every journal read (API, console list, dashboard) goes through this.
 */
@Component
public class JournalVisibility {

    private final Employees employees;

    JournalVisibility(Employees employees) {
        this.employees = employees;
    }

    /** The employees whose events the viewer may see, or {@code null} for the whole journal. */
    public @Nullable Set<UUID> about(Subject viewer) {
        Reach reach = viewer.reachOf(Permission.JOURNAL_VIEW);
        if (reach.tenant()) {
            return null;
        }
        Set<UUID> ids = new HashSet<>();
        ids.add(viewer.employeeId());
        if (reach.subordinates()) {
            ids.addAll(employees.subordinates(viewer.tenantId(), viewer.employeeId()));
        }
        if (!reach.groups().isEmpty()) {
            ids.addAll(employees.membersOf(viewer.tenantId(), reach.groups()));
        }
        return ids;
    }

    public JournalEntries.Filter limit(JournalEntries.Filter filter, Subject viewer) {
        return filter.about(about(viewer));
    }
}
