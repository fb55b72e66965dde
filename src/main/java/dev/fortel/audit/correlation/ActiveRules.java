package dev.fortel.audit.correlation;

import dev.fortel.tenancy.TenantId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One scope's rule files with their windows: a company's rules over its events, or the provider's over everyone's.
 * Not thread-safe: the analyzer feeds it from one thread.
 */
final class ActiveRules {

    private final @Nullable TenantId scope;
    private final List<Compiled> files = new ArrayList<>();

    private static final class Compiled {
        final RuleFile file;
        final Rule[] rules;
        final int[][] refs;
        final boolean[] alerting;
        final KeyedWindows<?>[] windows;
        /** Per detection, the event types it can match (null: any); see {@link Detection#types()}. */
        final List<@Nullable Set<String>> types = new ArrayList<>();

        Compiled(RuleFile file, int cap) {
            this.file = file;
            this.rules = file.rules().toArray(Rule[]::new);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < rules.length; i++) {
                index.put(rules[i].name(), i);
            }
            Set<String> alert = file.alerting();
            refs = new int[rules.length][];
            alerting = new boolean[rules.length];
            windows = new KeyedWindows<?>[rules.length];
            for (int i = 0; i < rules.length; i++) {
                types.add(rules[i].detection() == null ? null : rules[i].detection().types());
                alerting[i] = alert.contains(rules[i].name());
                Rule.Correlation c = rules[i].correlation();
                if (c != null) {
                    refs[i] = c.rules().stream().mapToInt(index::get).toArray();
                    windows[i] = new KeyedWindows<>(cap, c.timespan().toMillis());
                }
            }
        }
    }

    ActiveRules(@Nullable TenantId scope, List<RuleFile> files, int capPerRule) {
        this.scope = scope;
        files.forEach(f -> this.files.add(new Compiled(f, capPerRule)));
    }

    List<RuleFile> files() {
        return files.stream().map(c -> c.file).toList();
    }

    void accept(ObservedEvent event, List<Match> matches, List<SeenWrite> writes) {
        String type = event.entry().type().toLowerCase(Locale.ROOT);
        for (Compiled f : files) {
            boolean[] fired = new boolean[f.rules.length];
            for (int i = 0; i < f.rules.length; i++) {
                Rule rule = f.rules[i];
                if (rule.detection() != null) {
                    Set<String> only = f.types.get(i);
                    fired[i] = (only == null || only.contains(type)) && rule.detection().matches(event);
                    if (fired[i] && f.alerting[i]) {
                        matches.add(new Match(scope, f.file.name(), rule.name(), rule.title(), rule.level(), "", Map.of(), 1, event));
                    }
                    continue;
                }
                boolean any = false;
                for (int r : f.refs[i]) {
                    any |= fired[r];
                }
                if (!any) {
                    continue;
                }
                Rule.Correlation c = rule.correlation();
                Map<String, String> group = group(c, event);
                if (group == null) {
                    continue;
                }
                String key = String.join("\u001f", group.values());
                fired[i] = step(f, i, c, key, event, fired, writes);
                if (fired[i] && f.alerting[i]) {
                    matches.add(new Match(scope, f.file.name(), rule.name(), rule.title(), rule.level(), key, group,
                            c.type() == Rule.Type.FIRST_SEEN ? 1 : c.threshold(), event));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private boolean step(Compiled f, int i, Rule.Correlation c, String key, ObservedEvent event, boolean[] fired, List<SeenWrite> writes) {
        long now = event.millis();
        long span = c.timespan().toMillis();
        boolean[] created = new boolean[1];
        switch (c.type()) {
            case EVENT_COUNT -> {
                var w = (KeyedWindows<Windows.EventCount>) f.windows[i];
                return w.touch(key, now, () -> new Windows.EventCount(c.threshold()), created).add(now, span);
            }
            case VALUE_COUNT -> {
                String value = lower(event.value(c.field()));
                if (value == null) {
                    return false;
                }
                var w = (KeyedWindows<Windows.ValueCount>) f.windows[i];
                return w.touch(key, now, () -> new Windows.ValueCount(c.threshold()), created).add(value, now, span);
            }
            case TEMPORAL -> {
                var w = (KeyedWindows<Windows.Temporal>) f.windows[i];
                Windows.Temporal t = w.touch(key, now, () -> new Windows.Temporal(f.refs[i].length), created);
                boolean matched = false;
                for (int p = 0; p < f.refs[i].length; p++) {
                    if (fired[f.refs[i][p]]) {
                        matched |= t.add(p, now, span, c.threshold());
                    }
                }
                return matched;
            }
            case TEMPORAL_ORDERED -> {
                var w = (KeyedWindows<Windows.Ordered>) f.windows[i];
                Windows.Ordered o = w.touch(key, now, () -> new Windows.Ordered(f.refs[i].length), created);
                // Last position first: one event never advances a run by two steps.
                boolean matched = false;
                for (int p = f.refs[i].length - 1; p >= 0; p--) {
                    if (fired[f.refs[i][p]]) {
                        matched |= o.add(p, now, span);
                    }
                }
                return matched;
            }
            case FIRST_SEEN -> {
                String value = lower(event.value(c.field()));
                if (value == null) {
                    return false;
                }
                var w = (KeyedWindows<Windows.Seen>) f.windows[i];
                boolean[] stored = new boolean[1];
                boolean isNew = w.touch(key, now, Windows.Seen::new, created).add(value, now, span, stored);
                if (stored[0]) {
                    writes.add(new SeenWrite(scope, f.file.name(), f.rules[i].name(), key, value, now));
                }
                return isNew;
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Restores a value a {@code first_seen} rule had learned; unknown files or rules (changed since) are ignored. */
    @SuppressWarnings("unchecked")
    void restoreSeen(String file, String rule, String key, String value, long millis) {
        for (Compiled f : files) {
            if (!f.file.name().equals(file)) {
                continue;
            }
            for (int i = 0; i < f.rules.length; i++) {
                Rule.Correlation c = f.rules[i].correlation();
                if (f.rules[i].name().equals(rule) && c != null && c.type() == Rule.Type.FIRST_SEEN) {
                    var w = (KeyedWindows<Windows.Seen>) f.windows[i];
                    Windows.Seen seen = w.get(key);
                    if (seen == null) {
                        seen = new Windows.Seen();
                        w.restore(key, seen, millis);
                    }
                    seen.restore(value, millis);
                }
            }
        }
    }

    /** Keys held across every window of this scope, and keys dropped to stay within the cap. */
    long[] keys() {
        long held = 0;
        long evicted = 0;
        for (Compiled f : files) {
            for (KeyedWindows<?> w : f.windows) {
                if (w != null) {
                    held += w.size();
                    evicted += w.evicted();
                }
            }
        }
        return new long[] {held, evicted};
    }

    private static @Nullable Map<String, String> group(Rule.Correlation c, ObservedEvent event) {
        if (c.groupBy().isEmpty()) {
            return Map.of();
        }
        Map<String, String> group = new LinkedHashMap<>();
        for (RuleField f : c.groupBy()) {
            String v = event.value(f);
            if (v == null || v.isEmpty()) {
                return null; // An event without the group's value cannot be told apart from others: it does not count.
            }
            group.put(f.name(), v.toLowerCase(Locale.ROOT));
        }
        return group;
    }

    private static @Nullable String lower(@Nullable String v) {
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }
}
