package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.telephony.CallHistory;
import dev.fortel.telephony.CallRecord;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Call history through the API: the media layer sends batches of call records with an integration token holding
 * {@code calls.ingest}; people search within the employees their {@code calls.history.view} reaches, and every
 * search is journaled with its filters.
 */
@RestController
@Tag(name = "Call history")
class CallHistoryApi {

    private final CallHistory history;
    private final AccessDecisions access;
    private final dev.fortel.identity.StepUp stepUp;

    CallHistoryApi(CallHistory history, AccessDecisions access, dev.fortel.identity.StepUp stepUp) {
        this.history = history;
        this.access = access;
        this.stepUp = stepUp;
    }

    record Batch(@Nullable List<CallHistory.Incoming> calls) {}

    record CallList(List<CallRecord> items) {}

    @Operation(summary = "Send call records (up to 1,000); idempotent by call_id; every broken record is named and none is stored")
    @RequiresFunction(Permission.CALLS_INGEST)
    @PostMapping("/api/v1/calls/batch")
    CallHistory.Ingested ingest(@RequestBody Batch body) {
        Subject s = access.require(Permission.CALLS_INGEST);
        return history.ingest(s.tenantId(), body.calls() == null ? List.of() : body.calls());
    }

    @Operation(summary = "Search the call history within your reach, newest first; the search is journaled with its filters")
    @RequiresFunction(Permission.CALLS_HISTORY_VIEW)
    @GetMapping("/api/v1/calls")
    CallList search(@RequestParam(name = "from", required = false) @Nullable Instant from,
            @RequestParam(name = "to", required = false) @Nullable Instant to, @RequestParam(name = "number", required = false) @Nullable String number,
            @RequestParam(name = "employee_id", required = false) @Nullable UUID employeeId,
            @RequestParam(name = "direction", required = false) @Nullable String direction,
            @RequestParam(name = "disposition", required = false) @Nullable String disposition,
            @RequestParam(name = "limit", defaultValue = "50") int limit) {
        Subject s = access.require(Permission.CALLS_HISTORY_VIEW);
        return new CallList(history.search(s, access.reachableEmployees(s, Permission.CALLS_HISTORY_VIEW),
                new CallHistory.Filter(from, to, number, employeeId, direction, disposition), limit));
    }

    @Operation(summary = "Export the call history within your reach as CSV or JSON (up to 10,000 calls); needs a recent second factor of whoever has one; journaled with its filters")
    @RequiresFunction(Permission.CALLS_HISTORY_VIEW)
    @GetMapping("/api/v1/calls/export")
    org.springframework.http.ResponseEntity<String> export(@RequestParam(name = "format", defaultValue = "csv") String format,
            @RequestParam(name = "from", required = false) @Nullable Instant from,
            @RequestParam(name = "to", required = false) @Nullable Instant to, @RequestParam(name = "number", required = false) @Nullable String number,
            @RequestParam(name = "employee_id", required = false) @Nullable UUID employeeId,
            @RequestParam(name = "direction", required = false) @Nullable String direction,
            @RequestParam(name = "disposition", required = false) @Nullable String disposition) {
        Subject s = access.require(Permission.CALLS_HISTORY_VIEW);
        stepUp.require(s);
        String body = history.export(s, access.reachableEmployees(s, Permission.CALLS_HISTORY_VIEW),
                new CallHistory.Filter(from, to, number, employeeId, direction, disposition), format);
        boolean csv = "csv".equals(format);
        return org.springframework.http.ResponseEntity.ok().header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"calls." + (csv ? "csv" : "json") + "\"")
                .contentType(csv ? new org.springframework.http.MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)
                        : org.springframework.http.MediaType.APPLICATION_JSON)
                .body(body);
    }
}
