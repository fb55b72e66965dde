package dev.fortel.audit.correlation;

import org.jspecify.annotations.Nullable;

/**
 * Where in a rule file a problem is: the rule by its number in the file and, once read, its name, and the path of
 * the field inside it ({@code detection.selection.type|contains}). The path stays as written in the YAML in every
 * language, since that is what the author searches for.
 */
record RuleLocation(int rule, @Nullable String name, String path) {

    /** The whole file: problems before any rule is read. */
    static final RuleLocation FILE = new RuleLocation(0, null, "");

    static RuleLocation rule(int number) {
        return new RuleLocation(number, null, "");
    }

    RuleLocation named(String ruleName) {
        return new RuleLocation(rule, ruleName, path);
    }

    /** A field inside: {@code "detection"}, then {@code "sel"}, then {@code "[0]"} give {@code detection.sel[0]}. */
    RuleLocation then(String segment) {
        String joined = path.isEmpty() || segment.startsWith("[") ? path + segment : path + "." + segment;
        return new RuleLocation(rule, name, joined);
    }

    String english() {
        if (rule == 0) {
            return path;
        }
        String r = "rule " + rule + (name == null ? "" : " (" + name + ")");
        return path.isEmpty() ? r : r + ": " + path;
    }

    RuleFileText text() {
        String n = Integer.toString(rule);
        if (name == null) {
            return path.isEmpty() ? RuleFileText.of("at.rule", english(), n) : RuleFileText.of("at.rulePath", english(), n, path);
        }
        return path.isEmpty() ? RuleFileText.of("at.ruleNamed", english(), n, name) : RuleFileText.of("at.ruleNamedPath", english(), n, name, path);
    }
}
