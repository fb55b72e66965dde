package dev.fortel.console;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.audit.JournalEntries;
import dev.fortel.audit.JournalTypes;
import dev.fortel.directory.Employees;
import dev.fortel.directory.Groups;
import dev.fortel.tenancy.Tenants;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The first page after sign-in: the company at a glance and the latest security events. */
@Controller
class DashboardPage {

    private final AccessDecisions access;
    private final Tenants tenants;
    private final Employees employees;
    private final Groups groups;
    private final JournalEntries journal;
    private final dev.fortel.audit.JournalVisibility visibility;
    private final Clock clock;

    DashboardPage(AccessDecisions access, Tenants tenants, Employees employees, Groups groups, JournalEntries journal, Clock clock, dev.fortel.audit.JournalVisibility visibility) {
        this.visibility = visibility;
        this.access = access;
        this.tenants = tenants;
        this.employees = employees;
        this.groups = groups;
        this.journal = journal;
        this.clock = clock;
    }

    // The weakest requirement that enters the page: its panels differ by function (employees.view, journal.view),
    // and the body checks those per panel.
    @SignedInOnly(reason = "the start page after sign-in; each panel shows only what the caller's functions allow")
    @GetMapping("/")
    String dashboard(Model model) {
        Subject s = access.current();
        model.addAttribute("tenant", tenants.find(s.tenantId()).orElseThrow());
        // Counts follow the caller's reach, like the lists they lead to: a department administrator counts their department.
        if (s.has(Permission.EMPLOYEES_VIEW)) {
            java.util.Set<java.util.UUID> employeesWithin = access.reachableEmployees(s, Permission.EMPLOYEES_VIEW);
            model.addAttribute("employeeCount", employeesWithin == null ? employees.count(s.tenantId()) : employeesWithin.size());
        }
        if (s.has(Permission.GROUPS_VIEW)) {
            java.util.Set<java.util.UUID> groupsWithin = access.reachableGroups(s, Permission.GROUPS_VIEW);
            model.addAttribute("groupCount", groupsWithin == null ? groups.all(s.tenantId()).size() : groupsWithin.size());
        }
        if (s.has(Permission.JOURNAL_VIEW)) {
            var day = clock.instant().minus(Duration.ofDays(1));
            model.addAttribute("failedSignIns",
                    journal.count(s.tenantId(), visibility.limit(new JournalEntries.Filter(JournalTypes.SIGN_IN_FAILED, day, null, null, null), s)));
            model.addAttribute("recent", journal.page(s.tenantId(), visibility.limit(new JournalEntries.Filter(null, null, null, null, null), s), 8));
        }
        return "dashboard";
    }
}
