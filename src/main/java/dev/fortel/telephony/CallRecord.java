package dev.fortel.telephony;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One call of the history (a CDR): numbers in E.164, the employee it belongs to (when the media layer knows),
 * when it started, was answered and ended, and how it ended.
 *
 * @param direction {@code inbound}, {@code outbound} or {@code internal}
 * @param disposition {@code answered}, {@code no_answer}, {@code busy} or {@code failed}
 * @param destinationCountry the callee's country (ISO 3166-1 alpha-2), from the number
 * @param recorded whether the call has a recording (played and downloaded through its own links)
 */
public record CallRecord(String callId, String direction, String caller, String callee, @Nullable UUID employeeId, Instant startedAt,
        @Nullable Instant answeredAt, Instant endedAt, int durationSeconds, String disposition, @Nullable String destinationCountry,
        boolean recorded) {}
