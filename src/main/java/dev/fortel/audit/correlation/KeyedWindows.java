package dev.fortel.audit.correlation;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The windows of one correlation, by group key, in the order they were last touched. The least recently touched key
 * goes first: when more than {@code cap} keys are held, and when its last event is older than the rule's timespan
 * (its window can no longer match, so keeping it is waste).
 */
final class KeyedWindows<W> {

    private final LinkedHashMap<String, Slot<W>> slots = new LinkedHashMap<>(256, 0.75f, true);
    private final int cap;
    private final long spanMillis;
    private long evicted;

    private static final class Slot<W> {
        final W window;
        long touched;

        Slot(W window) {
            this.window = window;
        }
    }

    KeyedWindows(int cap, long spanMillis) {
        this.cap = cap;
        this.spanMillis = spanMillis;
    }

    /** The window of {@code key}, created when absent; {@code created[0]} says whether it was. */
    W touch(String key, long now, Supplier<W> create, boolean[] created) {
        expire(now);
        Slot<W> slot = slots.get(key);
        created[0] = slot == null;
        if (slot == null) {
            slot = new Slot<>(create.get());
            slots.put(key, slot);
            if (slots.size() > cap) {
                Iterator<Map.Entry<String, Slot<W>>> eldest = slots.entrySet().iterator();
                eldest.next();
                eldest.remove();
                evicted++;
            }
        }
        slot.touched = Math.max(slot.touched, now);
        return slot.window;
    }

    /** Puts a window back as it was stored (restoring state after a restart), without counting it as touched now. */
    void restore(String key, W window, long touched) {
        Slot<W> slot = new Slot<>(window);
        slot.touched = touched;
        slots.put(key, slot);
        while (slots.size() > cap) {
            Iterator<Map.Entry<String, Slot<W>>> eldest = slots.entrySet().iterator();
            eldest.next();
            eldest.remove();
            evicted++;
        }
    }

    W get(String key) {
        Slot<W> slot = slots.get(key);
        return slot == null ? null : slot.window;
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Slot<W>>> it = slots.entrySet().iterator();
        while (it.hasNext()) {
            Slot<W> eldest = it.next().getValue();
            if (now - eldest.touched <= spanMillis) {
                return;
            }
            it.remove();
        }
    }

    int size() {
        return slots.size();
    }

    long evicted() {
        return evicted;
    }
}
