package dev.fortel.audit.correlation;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A detection rule: named selections (each a list of alternatives, each alternative an AND of field conditions) and the
 * boolean condition over them.
 */
record Detection(String name, Map<String, List<List<FieldCondition>>> selections, Condition condition) {

    boolean matches(ObservedEvent event) {
        return condition.test(selection -> {
            for (List<FieldCondition> alternative : selections.get(selection)) {
                boolean all = true;
                for (FieldCondition c : alternative) {
                    if (!c.matches(event)) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * The event types this detection can match, or null when it may match any: a selection pinned by plain
     * {@code type:} equality limits its alternative, {@code and} intersects, {@code or} unites, {@code not} gives up.
     * The engine skips a detection for every other type without evaluating it: most events concern few rules.
     */
    @Nullable Set<String> types() {
        return types(condition);
    }

    private @Nullable Set<String> types(Condition c) {
        return switch (c) {
            case Condition.Name n -> selectionTypes(n.name());
            case Condition.Not ignored -> null;
            case Condition.And a -> intersect(types(a.left()), types(a.right()));
            case Condition.Or o -> unite(types(o.left()), types(o.right()));
            case Condition.Quantified q -> {
                Set<String> out = q.all() ? null : Set.of();
                for (String name : q.names()) {
                    out = q.all() ? intersect(out, selectionTypes(name)) : unite(out, selectionTypes(name));
                }
                yield out;
            }
        };
    }

    private @Nullable Set<String> selectionTypes(String selection) {
        Set<String> out = Set.of();
        for (List<FieldCondition> alternative : selections.get(selection)) {
            Set<String> pinned = null;
            for (FieldCondition f : alternative) {
                if (f.field().kind() == RuleField.Kind.TYPE && f.modifier() == FieldCondition.Modifier.EQUALS
                        && f.expected().stream().allMatch(String.class::isInstance)) {
                    Set<String> values = new HashSet<>();
                    f.expected().forEach(v -> values.add(((String) v).toLowerCase(Locale.ROOT)));
                    pinned = intersect(pinned, values);
                }
            }
            out = unite(out, pinned);
        }
        return out;
    }

    private static @Nullable Set<String> intersect(@Nullable Set<String> a, @Nullable Set<String> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        Set<String> out = new HashSet<>(a);
        out.retainAll(b);
        return out;
    }

    private static @Nullable Set<String> unite(@Nullable Set<String> a, @Nullable Set<String> b) {
        if (a == null || b == null) {
            return null;
        }
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
