package dev.fortel.audit.correlation;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One YAML document of a rule file: a detection or a correlation, with the title and level its alerts carry. */
record Rule(String name, String title, Level level, @Nullable Detection detection, @Nullable Correlation correlation, boolean generate) {

    enum Level {
        INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A correlation over earlier rules of the same file. {@code threshold} is what the condition asks for: events
     * ({@code event_count}), distinct values of {@code field} ({@code value_count}) or distinct rules ({@code temporal});
     * {@code temporal_ordered} needs every rule in order, {@code first_seen} a value of {@code field} its group has not
     * shown within {@code timespan}.
     */
    record Correlation(Type type, List<String> rules, List<RuleField> groupBy, Duration timespan, int threshold, @Nullable RuleField field) {}

    enum Type {
        EVENT_COUNT("event_count"), VALUE_COUNT("value_count"), TEMPORAL("temporal"), TEMPORAL_ORDERED("temporal_ordered"), FIRST_SEEN("first_seen");

        final String code;

        Type(String code) {
            this.code = code;
        }
    }
}
