package dev.fortel.audit;

import dev.fortel.access.Permission;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employees;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What part of the journal a viewer sees, from the scope of their {@code journal.view} grant: everything
 * (whole company), events by or about the people who report to them and themselves (subordinates), or
 * only their own (own). Every journal read (API, console list, dashboard) goes through this.
 */
@Component
public class JournalVisibility {

    private final Employees employees;

    JournalVisibility(Employees employees) {
        this.employees = employees;
    }

    /** The employees whose events the viewer may see, or {@code null} for the whole journal. */
    public @Nullable Set<UUID> about(Subject viewer) {
        return switch (viewer.scopeOf(Permission.JOURNAL_VIEW)) {
            case TENANT -> null;
            case SUBORDINATES -> {
                Set<UUID> ids = new HashSet<>(employees.subordinates(viewer.tenantId(), viewer.employeeId()));
                ids.add(viewer.employeeId());
                yield ids;
            }
            case OWN -> Set.of(viewer.employeeId());
        };
    }

    public JournalEntries.Filter limit(JournalEntries.Filter filter, Subject viewer) {
        return filter.about(about(viewer));
    }
}
