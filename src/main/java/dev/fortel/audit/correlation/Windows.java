package dev.fortel.audit.correlation;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The state of one group's window, one shape per correlation type; each is bounded by its rule, not by the traffic. */
final class Windows {

    private Windows() {}

    /** {@code event_count}: the times of the last {@code threshold} events, in a ring. */
    static final class EventCount {
        private final long[] times;
        private int start;
        private int size;

        EventCount(int threshold) {
            times = new long[threshold];
        }

        /** Counts an event; true when {@code threshold} events fall within the span (the window then starts over). */
        boolean add(long now, long span) {
            while (size > 0 && now - times[start] > span) {
                start = (start + 1) % times.length;
                size--;
            }
            if (size == times.length) {
                start = (start + 1) % times.length;
                size--;
            }
            times[(start + size) % times.length] = now;
            size++;
            if (size >= times.length) {
                size = 0;
                start = 0;
                return true;
            }
            return false;
        }
    }

    /** {@code value_count}: at most {@code threshold} distinct values with when each was last seen, oldest first. */
    static final class ValueCount {
        private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
        private final int threshold;

        ValueCount(int threshold) {
            this.threshold = threshold;
        }

        boolean add(String value, long now, long span) {
            expire(seen, now, span);
            seen.remove(value);
            seen.put(value, now);
            if (seen.size() >= threshold) {
                seen.clear();
                return true;
            }
            return false;
        }

        int distinct() {
            return seen.size();
        }
    }

    /** {@code temporal}: when each referenced rule last matched for the group. */
    static final class Temporal {
        private final long[] last;

        Temporal(int rules) {
            last = new long[rules];
            Arrays.fill(last, Long.MIN_VALUE);
        }

        boolean add(int rule, long now, long span, int threshold) {
            last[rule] = now;
            int within = 0;
            for (long t : last) {
                if (t != Long.MIN_VALUE && now - t <= span) {
                    within++;
                }
            }
            if (within >= threshold) {
                Arrays.fill(last, Long.MIN_VALUE);
                return true;
            }
            return false;
        }
    }

    /**
     * {@code temporal_ordered}: for each position, the start of the latest run of the rules before it that matched in
     * order (the latest start gives later events the most room to complete the run).
     */
    static final class Ordered {
        private final long[] start;

        Ordered(int rules) {
            start = new long[rules];
            Arrays.fill(start, Long.MIN_VALUE);
        }

        boolean add(int position, long now, long span) {
            long s;
            if (position == 0) {
                s = now;
            } else {
                long before = start[position - 1];
                if (before == Long.MIN_VALUE || now - before > span) {
                    return false;
                }
                s = before;
            }
            if (position == start.length - 1) {
                Arrays.fill(start, Long.MIN_VALUE);
                return true;
            }
            start[position] = Math.max(start[position], s);
            return false;
        }
    }

    /**
     * {@code first_seen}: the values a group has shown within the span, at most {@code cap}, least recently seen
     * first. A group seen for the first time only learns: there is nothing yet for a value to be new against.
     */
    static final class Seen {
        static final int CAP = 16;
        private final LinkedHashMap<String, Long> values = new LinkedHashMap<>();

        /**
         * Whether {@code value} is new to a group that already knew others; {@code stored[0]} says whether the durable copy
         * needs a write: for a new value, or a known one last written over a day ago (its time here is when it was last
         * written, so a value seen every hour costs one write a day and expires at most a day early).
         */
        boolean add(String value, long now, long span, boolean[] stored) {
            expire(values, now, span);
            Long written = values.remove(value);
            boolean isNew = written == null && !values.isEmpty();
            stored[0] = written == null || now - written > 86_400_000L;
            values.put(value, stored[0] ? now : written);
            while (values.size() > CAP) {
                Iterator<?> it = values.entrySet().iterator();
                it.next();
                it.remove();
            }
            return isNew;
        }

        void restore(String value, long lastSeen) {
            values.put(value, lastSeen);
        }
    }

    private static void expire(LinkedHashMap<String, Long> seen, long now, long span) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue() <= span) {
                return;
            }
            it.remove();
        }
    }
}
