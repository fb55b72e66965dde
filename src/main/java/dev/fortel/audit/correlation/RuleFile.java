package dev.fortel.audit.correlation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed rule file: its rules in file order, each referring only to rules before it. A rule raises alerts when no
 * correlation of the file builds on it, or when it says {@code generate: true}.
 */
record RuleFile(String name, List<Rule> rules) {

    RuleFile {
        rules = List.copyOf(rules);
    }

    Set<String> alerting() {
        Set<String> referenced = new HashSet<>();
        rules.stream().filter(r -> r.correlation() != null).forEach(r -> referenced.addAll(r.correlation().rules()));
        Set<String> out = new HashSet<>();
        rules.stream().filter(r -> r.generate() || !referenced.contains(r.name())).forEach(r -> out.add(r.name()));
        return out;
    }

    /** The title of the file: that of its last alerting rule (the one a reader thinks of as "the rule"). */
    String title() {
        Set<String> alerting = alerting();
        return rules.reversed().stream().filter(r -> alerting.contains(r.name())).map(Rule::title).findFirst().orElse(name);
    }
}
