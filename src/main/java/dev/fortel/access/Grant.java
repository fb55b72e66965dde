package dev.fortel.access;

import java.util.Set;
import java.util.UUID;

/**
 * One role's grant of one function: its scope and, for {@link Scope#GROUPS}, the groups whose members it reaches.
 * A grant of any other scope carries no groups.
 */
public record Grant(Scope scope, Set<UUID> groups) implements java.io.Serializable {

    public static final Grant TENANT = new Grant(Scope.TENANT, Set.of());
    public static final Grant SUBORDINATES = new Grant(Scope.SUBORDINATES, Set.of());
    public static final Grant OWN = new Grant(Scope.OWN, Set.of());

    public Grant {
        groups = scope == Scope.GROUPS ? Set.copyOf(groups) : Set.of();
    }

    public static Grant overGroups(Set<UUID> groups) {
        return new Grant(Scope.GROUPS, groups);
    }

    public Reach reach() {
        return switch (scope) {
            case TENANT -> Reach.TENANT;
            case SUBORDINATES -> new Reach(false, true, Set.of());
            case GROUPS -> new Reach(false, false, groups);
            case OWN -> Reach.OWN;
        };
    }
}
