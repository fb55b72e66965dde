package dev.fortel.audit.correlation;

import java.util.List;
import java.util.Map;

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
}
