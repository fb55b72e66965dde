package dev.fortel.audit.correlation;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A field a rule may name. The journal's own fields by their OCSF-like names, {@code details.} paths into the event's
 * details, and two derived from its time in the rule's {@code timezone}: {@code hour} (0-23) and {@code weekday}
 * ({@code mon}..{@code sun}).
 */
record RuleField(Kind kind, List<String> path, ZoneId zone, String name) {

    enum Kind {
        TYPE("type"), OUTCOME("outcome"), TENANT("tenant"), ACTOR_ID("actor.id"), ACTOR_NAME("actor.name"), ACTOR_IP("actor.ip"),
        ACTOR_USER_AGENT("actor.user_agent"), ACTOR_SESSION("actor.session"), TARGET_KIND("target.kind"), TARGET_ID("target.id"),
        TARGET_NAME("target.name"), HOUR("hour"), WEEKDAY("weekday"), DETAILS("details.");

        final String name;

        Kind(String name) {
            this.name = name;
        }
    }

    static final String KNOWN = "type, outcome, tenant, actor.id, actor.name, actor.ip, actor.user_agent, actor.session, target.kind, "
            + "target.id, target.name, hour, weekday or details.<path>";

    static Optional<RuleField> parse(String name, ZoneId zone) {
        if (name.startsWith("details.") && name.length() > "details.".length()) {
            List<String> path = List.of(name.substring("details.".length()).split("\\."));
            if (path.stream().anyMatch(String::isEmpty)) {
                return Optional.empty();
            }
            return Optional.of(new RuleField(Kind.DETAILS, path, zone, name));
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.DETAILS && k.name.equals(name)) {
                return Optional.of(new RuleField(k, List.of(), zone, name));
            }
        }
        return Optional.empty();
    }
}
