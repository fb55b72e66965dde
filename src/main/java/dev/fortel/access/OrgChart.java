package dev.fortel.access;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One company's reporting lines and group memberships, as the scopes of grants need them: who reports to whom (to walk
 * up from an employee to the holder of a subordinates grant) and who is in which group. Immutable; a change in the
 * directory makes a new one (see {@link OrgCharts}).
 */
public final class OrgChart {

    private final Map<UUID, UUID> supervisorOf;
    private final Map<UUID, Set<UUID>> groupsOf;
    private final Set<UUID> employees;
    private final Set<UUID> groups;

    /**
     * @param supervisorOf each employee with a supervisor, mapped to that supervisor
     * @param groupsOf each employee in any group, mapped to their groups
     * @param employees every employee of the company
     * @param groups every group of the company
     */
    public OrgChart(Map<UUID, UUID> supervisorOf, Map<UUID, Set<UUID>> groupsOf, Set<UUID> employees, Set<UUID> groups) {
        this.supervisorOf = Map.copyOf(supervisorOf);
        Map<UUID, Set<UUID>> copy = new HashMap<>();
        groupsOf.forEach((e, g) -> copy.put(e, Set.copyOf(g)));
        this.groupsOf = Map.copyOf(copy);
        this.employees = Set.copyOf(employees);
        this.groups = Set.copyOf(groups);
    }

    /** A chart whose employees and groups are those its reporting lines and memberships name (tests, benchmarks). */
    public OrgChart(Map<UUID, UUID> supervisorOf, Map<UUID, Set<UUID>> groupsOf) {
        this(supervisorOf, groupsOf, named(supervisorOf, groupsOf), groupsOf.values().stream().flatMap(Set::stream).collect(java.util.stream.Collectors.toSet()));
    }

    private static Set<UUID> named(Map<UUID, UUID> supervisorOf, Map<UUID, Set<UUID>> groupsOf) {
        Set<UUID> out = new HashSet<>(supervisorOf.keySet());
        out.addAll(supervisorOf.values());
        out.addAll(groupsOf.keySet());
        return out;
    }

    /** Whether the company has this employee or group (as of this chart). */
    public boolean exists(AccessTarget target) {
        return switch (target) {
            case AccessTarget.Employee e -> employees.contains(e.id());
            case AccessTarget.Group g -> groups.contains(g.id());
        };
    }

    public @Nullable UUID supervisorOf(UUID employee) {
        return supervisorOf.get(employee);
    }

    public Set<UUID> groupsOf(UUID employee) {
        return groupsOf.getOrDefault(employee, Set.of());
    }

    /**
     * Whether {@code employee} reports to {@code boss} directly or through any number of levels. The walk is bounded by
     * the number of employees, so even a cycle (which the directory refuses) cannot loop forever.
     */
    public boolean reportsTo(UUID employee, UUID boss) {
        UUID current = supervisorOf.get(employee);
        for (int steps = 0; current != null && steps <= supervisorOf.size(); steps++) {
            if (current.equals(boss)) {
                return true;
            }
            current = supervisorOf.get(current);
        }
        return false;
    }

    /** Whether {@code employee} is in any of {@code groups}. */
    public boolean inAny(UUID employee, Set<UUID> groups) {
        if (groups.isEmpty()) {
            return false;
        }
        for (UUID g : groupsOf(employee)) {
            if (groups.contains(g)) {
                return true;
            }
        }
        return false;
    }

    /** Everyone who reports to {@code boss}, at any depth. */
    public Set<UUID> subordinatesOf(UUID boss) {
        Map<UUID, Set<UUID>> reports = new HashMap<>();
        supervisorOf.forEach((e, s) -> reports.computeIfAbsent(s, k -> new HashSet<>()).add(e));
        Set<UUID> out = new HashSet<>();
        java.util.ArrayDeque<UUID> next = new java.util.ArrayDeque<>(reports.getOrDefault(boss, Set.of()));
        while (!next.isEmpty()) {
            UUID e = next.poll();
            if (out.add(e)) {
                next.addAll(reports.getOrDefault(e, Set.of()));
            }
        }
        return out;
    }

    /** The members of any of {@code groups}. */
    public Set<UUID> membersOf(Set<UUID> groups) {
        Set<UUID> out = new HashSet<>();
        groupsOf.forEach((e, g) -> {
            if (g.stream().anyMatch(groups::contains)) {
                out.add(e);
            }
        });
        return out;
    }

    public int size() {
        return employees.size();
    }
}
