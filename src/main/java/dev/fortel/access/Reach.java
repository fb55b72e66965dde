package dev.fortel.access;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * How far a person's use of one function reaches, from every grant of it they hold: the union of the grants'
 * scopes. Their own objects always; the whole company if any grant says so; otherwise the employees who report to
 * them if any grant says so, and the members of every group any grant names. Two grants of narrow scopes add up
 * (subordinates plus the members of group Sales), which a single {@link Scope} could not express.
 */
public record Reach(boolean tenant, boolean subordinates, Set<UUID> groups) implements java.io.Serializable {

    public static final Reach TENANT = new Reach(true, false, Set.of());
    public static final Reach OWN = new Reach(false, false, Set.of());

    public Reach {
        groups = tenant ? Set.of() : Set.copyOf(groups);
        subordinates = subordinates && !tenant;
    }

    public Reach union(Reach other) {
        if (tenant || other.tenant) {
            return TENANT;
        }
        Set<UUID> both = new HashSet<>(groups);
        both.addAll(other.groups);
        return new Reach(false, subordinates || other.subordinates, both);
    }

    /** Whether everything {@code other} reaches is reached here too: the check that nobody grants beyond their own reach. */
    public boolean covers(Reach other) {
        if (tenant) {
            return true;
        }
        return !other.tenant && (subordinates || !other.subordinates) && groups.containsAll(other.groups);
    }
}
