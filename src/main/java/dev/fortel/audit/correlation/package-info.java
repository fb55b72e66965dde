/**
 * Correlation of security-journal events into alerts: rules in a subset of the Sigma detection and correlation formats
 * (YAML), evaluated in process as events are committed, with bounded memory.
 *
 * <p>A rule file holds detection rules (which events count: field conditions joined by a boolean {@code condition})
 * and correlation rules over them: {@code event_count}, {@code value_count}, {@code temporal} and
 * {@code temporal_ordered} as the Sigma correlation specification defines them, with {@code group-by},
 * {@code timespan} and a lower-bound condition, plus one Fortel extension, {@code first_seen} (a value never seen
 * before for its group, such as an administrator's new address). A company's rules see only its own events; the
 * provider's rules see every company's.
 *
 * <p>Windows are keyed by the group-by values and kept in access-ordered maps with a cap per rule: the least recently
 * touched key is dropped first, and keys whose window has passed are dropped as time moves. The state of a window is
 * small and fixed by the rule (a ring of at most {@code gte} times, at most {@code gte} distinct values), so memory is
 * bounded by {@code keys x rules} whatever the event rate. Written here rather than taken from a library: the Sigma
 * tools on Maven Central convert rules to SIEM queries and do not evaluate them, and stream engines (Flink, Esper)
 * bring a runtime far larger than five window shapes.
 */
@NullMarked
package dev.fortel.audit.correlation;

import org.jspecify.annotations.NullMarked;
