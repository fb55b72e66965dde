package dev.fortel.audit.correlation;

import dev.fortel.audit.JournalEntry;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A committed journal event as rules read it. The details are parsed only when a rule asks for a {@code details.}
 * field, and at most once.
 */
public final class ObservedEvent {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JournalEntry entry;
    private final long millis;
    private @Nullable JsonNode details;

    public ObservedEvent(JournalEntry entry) {
        this.entry = entry;
        this.millis = entry.time().toEpochMilli();
    }

    public JournalEntry entry() {
        return entry;
    }

    public TenantId tenant() {
        return entry.tenantId();
    }

    public long millis() {
        return millis;
    }

    public Instant time() {
        return entry.time();
    }

    /** The value of a plain field, or null when the event has none. */
    @Nullable String value(RuleField field) {
        return switch (field.kind()) {
            case TYPE -> entry.type();
            case OUTCOME -> entry.outcome().name().toLowerCase(java.util.Locale.ROOT);
            case TENANT -> entry.tenantId().toString();
            case ACTOR_ID -> entry.actor().id() == null ? null : entry.actor().id().toString();
            case ACTOR_NAME -> entry.actor().name();
            case ACTOR_IP -> entry.actor().ip();
            case ACTOR_USER_AGENT -> entry.actor().userAgent();
            case ACTOR_SESSION -> entry.actor().session();
            case TARGET_KIND -> entry.target().kind();
            case TARGET_ID -> entry.target().id();
            case TARGET_NAME -> entry.target().name();
            case HOUR -> Integer.toString(entry.time().atZone(field.zone()).getHour());
            case WEEKDAY -> entry.time().atZone(field.zone()).getDayOfWeek().name().substring(0, 3).toLowerCase(java.util.Locale.ROOT);
            case DETAILS -> {
                List<String> all = values(field);
                yield all.isEmpty() ? null : all.getFirst();
            }
        };
    }

    /** Every value of a field: a list in the details gives each of its elements. */
    List<String> values(RuleField field) {
        if (field.kind() != RuleField.Kind.DETAILS) {
            String v = value(field);
            return v == null ? List.of() : List.of(v);
        }
        JsonNode node = details();
        for (String part : field.path()) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            List<String> out = new ArrayList<>(node.size());
            node.forEach(n -> {
                if (n.isValueNode() && !n.isNull()) {
                    out.add(n.asString());
                }
            });
            return out;
        }
        return node.isValueNode() ? List.of(node.asString()) : List.of(node.toString());
    }

    private JsonNode details() {
        JsonNode d = details;
        if (d == null) {
            d = JSON.readTree(entry.details());
            details = d;
        }
        return d;
    }
}
